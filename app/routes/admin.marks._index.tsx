import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { readForm } from "#app/forms/form.server.ts";
import { useT } from "#app/i18n/use-t.ts";
import { manageableMarks, saveMark } from "#app/mark/mark-admin.server.ts";
import { markSchema } from "#app/mark/mark-form.ts";
import { listPrinters } from "#app/printer/printer.server.ts";
import { CsvLink } from "#app/ui/csv-link.tsx";
import { ErrorSummary } from "#app/ui/form-fields.tsx";
import { MarkFields, markLabels } from "#app/ui/mark-form.tsx";
import { titled } from "#app/ui/page-title.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";
import { DataTable } from "#app/ui/data-table.tsx";
import { ActionCard } from "#app/ui/action-card.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("marks.admin");

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "admin", "regulator");
  const db = await getDb();
  return {
    marks: await manageableMarks(db, user),
    printers: await listPrinters(db),
    defaultDivision: user.divisionCode ?? "",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin", "regulator");
  return formAction(readForm(request), async (formData) => {
    const input = formInput(formData, markSchema);
    const saved = await saveMark(await getDb(), user, {
      ...input,
      printerIds: formData.getAll("printerIds").map(String),
    });
    return `/admin/marks/${saved.slug}?saved=1`;
  });
}

export default function MarksAdmin() {
  const { marks, printers, defaultDivision } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("marks.admin")}</h1>
      <DataTable
        label={t("marks.admin")}
        rows={marks}
        rowKey={(m) => m.id}
        columns={[
          { header: t("mark.name"), cell: (m) => <a href={`/admin/marks/${m.slug}`}>{m.name}</a> },
          { header: t("mark.kind"), cell: (m) => t(`mark.kind.${m.kind}`) },
          { header: t("home.markDivision"), cell: (m) => m.division_name },
          { header: t("mark.area"), cell: (m) => t("mark.areaCount", { count: Number(m.townships ?? 0) }) },
        ]}
      />
      <CsvLink href="/export/managed-marks" />
      <ActionCard
        title={t("marks.new")}
        heading="h2"
        headingId="new-mark"
        explanation={<ErrorSummary failure={failure} labels={markLabels(t)} />}
        submit={t("common.save")}
        failure={failure}
      >
        <MarkFields failure={failure} d={{ divisionCode: defaultDivision }} printers={printers} printerIds={[]} />
      </ActionCard>
    </>
  );
}
