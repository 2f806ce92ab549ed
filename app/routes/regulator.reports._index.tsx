import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireRole } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { reportQueue } from "#app/report/report.server.ts";
import { REPORT_QUEUE_FILTERS, reportQueueFilter } from "#app/report/report-form.ts";
import { formatDateTime } from "#app/i18n/format.ts";
import { CsvLink } from "#app/ui/csv-link.tsx";
import { titled } from "#app/ui/page-title.ts";
import { DataTable } from "#app/ui/data-table.tsx";

export const handle = titled("report.queueTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator", "admin");
  const status = reportQueueFilter(new URL(request.url).searchParams.get("status"));
  return { status, reports: await reportQueue(await getDb(), user, status) };
}

export default function ReportQueue() {
  const { status, reports } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>{t("report.queueTitle")}</h1>
      <Form method="get" className="inline-form">
        <label htmlFor="status">{t("report.filterStatus")}</label>
        <select id="status" name="status" defaultValue={status}>
          {REPORT_QUEUE_FILTERS.map((f) => (
            <option key={f} value={f}>
              {f === "open" ? t("report.filterOpen") : f === "all" ? t("report.all") : t(`report.status.${f}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="secondary">
          {t("list.filter")}
        </button>
      </Form>
      <CsvLink href={`/export/reports?status=${status}`} />
      <DataTable
        label={t("report.queueTitle")}
        empty={t("report.queueEmpty")}
        rows={reports}
        rowKey={(r) => r.id}
        columns={[
          { header: t("report.ticket"), cell: (r) => <a href={`/regulator/reports/${r.id}`}>{r.ticket}</a> },
          { header: t("report.submittedAt"), cell: (r) => formatDateTime(r.created_at, lang) },
          { header: t("report.problem"), cell: (r) => t(`report.problem.${r.problem}`) },
          { header: t("report.mark"), cell: (r) => r.mark_name ?? "—" },
          { header: t("report.linkedEnterprise"), cell: (r) => r.enterprise_name ?? "—" },
          {
            header: t("report.filterStatus"),
            cell: (r) => (
              <>
                {t(`report.status.${r.status}`)}
                {r.outcome ? ` · ${t(`report.outcome.${r.outcome}`)}` : ""}
              </>
            ),
          },
          { header: t("report.assignee"), cell: (r) => r.assignee_name ?? t("report.unassigned") },
        ]}
      />
    </>
  );
}
