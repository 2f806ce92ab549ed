import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "#app/accounts/auth.server.ts";
import {
  creditEntrySchema,
  listCreditEvents,
  parseCreditCsv,
  recordCreditEvents,
} from "#app/credit/credit-event.server.ts";
import { CREDIT_LISTS } from "#app/credit/credit-lists.ts";
import { getDb } from "#app/db.server.ts";
import { MAX_IMPORT_FORM_BYTES } from "#app/forms/body.server.ts";
import { readForm } from "#app/forms/form.server.ts";
import { useT } from "#app/i18n/use-t.ts";
import { ErrorSummary, Message, TextAreaField, TextField } from "#app/ui/form-fields.tsx";
import { SelectField } from "#app/ui/select-field.tsx";
import { CsvLink } from "#app/ui/csv-link.tsx";
import { DomainError } from "#app/errors.ts";
import { titled } from "#app/ui/page-title.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";
import { DataTable } from "#app/ui/data-table.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("credit.title");

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator", "admin");
  const url = new URL(request.url);
  const done = url.searchParams.get("done");
  return { events: await listCreditEvents(await getDb(), user), done: done ? done.split(",").map(Number) : null };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "regulator", "admin");
  const db = await getDb();
  return formAction(readForm(request, MAX_IMPORT_FORM_BYTES), async (formData) => {
    const isImport = formData.get("intent") === "import";
    const entries = isImport
      ? parseCreditCsv(String(formData.get("csv") ?? ""))
      : [formInput(formData, creditEntrySchema)];
    const result = await recordCreditEvents(db, user, entries, isImport ? "import" : "manual");
    const refusal = result.refused[0];
    // One entry typed by hand: its refusal is a message on the credit-code field, the form kept.
    if (!isImport && refusal) throw new DomainError(`credit.refused.${refusal.reason}`, { field: "uscc" });
    const done = `/regulator/credit?done=${result.added},${result.skipped},${result.flagged}`;
    if (!result.refused.length) return done;
    // An import with refused rows: what was recorded is counted, each refused row is listed.
    return data({ ok: true as const, done: [result.added, result.skipped, result.flagged], refused: result.refused });
  });
}

export default function CreditRecords() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // An import that recorded some rows and refused others answers with both; anything else is a failure.
  const imported = result?.ok ? result : null;
  const failure = result?.ok ? undefined : result;
  const done = imported?.done ?? loaded.done;
  const events = loaded.events;
  const t = useT();
  const labels = {
    uscc: t("credit.uscc"),
    list: t("credit.list"),
    decidedOn: t("credit.decidedOn"),
    authority: t("credit.authority"),
    documentNo: t("credit.documentNo"),
    reason: t("credit.reason"),
    csv: t("credit.import"),
  };
  return (
    <>
      <h1>{t("credit.title")}</h1>
      <p>{t("credit.lead")}</p>
      {done ? (
        <Message
          tone="ok"
          message={{
            key: "credit.done",
            params: { added: done[0] ?? 0, skipped: done[1] ?? 0, flagged: done[2] ?? 0 },
          }}
        />
      ) : null}
      {imported?.refused.length ? (
        <section className="alert warn" aria-labelledby="credit-refused">
          <h2 id="credit-refused">{t("credit.refused.title", { count: imported.refused.length })}</h2>
          <DataTable
            label={t("credit.refused.title", { count: imported.refused.length })}
            rows={imported.refused}
            rowKey={(r) => `${r.line}-${r.uscc}`}
            columns={[
              { header: t("credit.refused.line"), cell: (r) => r.line ?? "—" },
              { header: labels.uscc, className: "code", cell: (r) => r.uscc },
              { header: t("credit.refused.reason"), cell: (r) => t(`credit.refused.${r.reason}`) },
            ]}
          />
        </section>
      ) : null}
      <ErrorSummary failure={failure} labels={labels} />
      <section aria-labelledby="credit-add">
        <h2 id="credit-add">{t("credit.add")}</h2>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="add" />
          <TextField name="uscc" label={labels.uscc} required failure={failure} maxLength={30} />
          <SelectField name="list" label={labels.list} failure={failure} required>
            {CREDIT_LISTS.map((l) => (
              <option key={l} value={l}>
                {t(`credit.list.${l}`)}
              </option>
            ))}
          </SelectField>
          <TextField name="decidedOn" label={labels.decidedOn} type="date" required failure={failure} />
          <TextField name="authority" label={labels.authority} required failure={failure} maxLength={100} />
          <TextField name="documentNo" label={labels.documentNo} required failure={failure} maxLength={100} />
          <TextAreaField name="reason" label={labels.reason} required failure={failure} maxLength={1000} rows={2} />
          <div>
            <button type="submit" className="primary">
              {t("credit.add")}
            </button>
          </div>
        </Form>
      </section>
      <section aria-labelledby="credit-import">
        <h2 id="credit-import">{t("credit.import")}</h2>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="import" />
          <TextAreaField name="csv" label={t("credit.csv")} required failure={failure} rows={6} />
          <div>
            <button type="submit">{t("credit.import")}</button>
          </div>
        </Form>
      </section>
      <h2>{t("credit.title")}</h2>
      <CsvLink href="/export/credit" />
      <DataTable
        label={t("credit.title")}
        empty={t("credit.none")}
        rows={events}
        rowKey={(e) => e.id}
        columns={[
          { header: labels.decidedOn, cell: (e) => e.decided_on },
          { header: labels.uscc, className: "code", cell: (e) => e.uscc },
          {
            header: t("credit.enterprise"),
            cell: (e) => (e.enterprise_id ? <a href={`/enterprises/${e.enterprise_id}`}>{e.enterprise_name}</a> : "—"),
          },
          { header: labels.list, cell: (e) => t(`credit.list.${e.list}`) },
          { header: labels.authority, cell: (e) => e.authority },
          { header: labels.documentNo, cell: (e) => e.document_no },
          { header: labels.reason, cell: (e) => e.reason },
        ]}
      />
    </>
  );
}
