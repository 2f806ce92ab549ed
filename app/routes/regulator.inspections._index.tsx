import { randomUUID } from "node:crypto";
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { readForm } from "#app/forms/form.server.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { CsvLink } from "#app/ui/csv-link.tsx";
import { campaignOptions, campaignSchema, createCampaign, listCampaigns } from "#app/inspection/inspection.server.ts";
import { CheckboxGroup, ErrorSummary, TextField } from "#app/ui/form-fields.tsx";
import { formatDateTime } from "#app/i18n/format.ts";
import { SelectField } from "#app/ui/select-field.tsx";
import { titled } from "#app/ui/page-title.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";
import { ActionCard } from "#app/ui/action-card.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("inspection.title");

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const db = await getDb();
  const [campaigns, options] = await Promise.all([listCampaigns(db, { managedBy: user }), campaignOptions(db, user)]);
  return { campaigns, options, me: user.id, submissionKey: randomUUID() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "regulator");
  return formAction(readForm(request), async (formData) => {
    const input = formInput(formData, campaignSchema, { multi: ["markIds", "inspectorIds"] });
    const created = await createCampaign(await getDb(), user, input);
    return `/regulator/inspections/${created.id}?created=1`;
  });
}

export default function RegulatorInspections() {
  const { campaigns, options, me, submissionKey } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const labels = {
    title: t("inspection.titleField"),
    markIds: t("inspection.marks"),
    sampleKind: t("inspection.sampleKind"),
    sampleValue: t("inspection.sampleValue"),
    inspectorIds: t("inspection.pool"),
    inspectorsPerTarget: t("inspection.perTarget"),
  };
  return (
    <>
      <h1>{t("inspection.title")}</h1>
      <p>{t("inspection.lead")}</p>
      <p>
        <a href="/inspections">{t("inspection.publicTitle")} →</a>
      </p>
      <h2>{t("inspection.campaigns")}</h2>
      {campaigns.length === 0 ? (
        <p className="muted">{t("inspection.none")}</p>
      ) : (
        <ul>
          {campaigns.map((c) => (
            <li key={c.id}>
              <a href={`/regulator/inspections/${c.id}`}>
                {c.number} · {c.title}
              </a>{" "}
              · {formatDateTime(c.created_at, lang)} ·{" "}
              {t("inspection.progress", { inspected: c.inspected, targets: c.targets, failed: c.failed })}
            </li>
          ))}
        </ul>
      )}
      <CsvLink href="/export/inspections?mine=1" />
      <ActionCard
        title={t("inspection.new")}
        heading="h2"
        headingId="inspection-new"
        explanation={<ErrorSummary failure={failure} labels={labels} />}
        hidden={{ submissionKey: failure?.values.submissionKey ?? submissionKey }}
        submit={t("inspection.create")}
        failure={failure}
      >
        <TextField name="title" label={labels.title} required maxLength={200} />
        <CheckboxGroup
          name="markIds"
          legend={labels.markIds}
          options={options.marks.map((m) => ({ value: m.id, label: m.name }))}
          failure={failure}
        />
        <SelectField name="sampleKind" label={labels.sampleKind} defaultValue="ratio" required>
          <option value="ratio">{t("inspection.sampleKind.ratio")}</option>
          <option value="size">{t("inspection.sampleKind.size")}</option>
        </SelectField>
        <TextField
          name="sampleValue"
          label={labels.sampleValue}
          hint={t("inspection.sampleHint")}
          required
          inputMode="numeric"
          maxLength={10}
          defaultValue="10"
        />
        <CheckboxGroup
          name="inspectorIds"
          legend={labels.inspectorIds}
          options={options.inspectors.map((i) => ({
            value: i.id,
            label: `${i.display_name}${i.division_name ? t("punct.paren", { text: i.division_name }) : ""}`,
          }))}
          failure={failure}
          defaultChecked={[me]}
        />
        <TextField
          name="inspectorsPerTarget"
          label={labels.inspectorsPerTarget}
          type="number"
          required
          defaultValue="2"
        />
        <p className="hint">{t("inspection.seedHow")}</p>
      </ActionCard>
    </>
  );
}
