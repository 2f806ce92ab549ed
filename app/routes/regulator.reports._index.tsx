import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireRole } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { reportQueue } from "#app/report/report-case.server.ts";
import { ticketFiledBy } from "#app/report/report.server.ts";
import { REPORT_QUEUE_FILTERS, reportQueueFilter } from "#app/report/report-form.ts";
import { REPORT_KIND_FILTERS, reportKindFilter } from "#app/report/listing-form.ts";
import { FLAGGED_LISTING_FINDINGS } from "#db/schema.ts";
import { may } from "#app/permission/permissions.ts";
import { formatDateTime } from "#app/i18n/format.ts";
import { CsvLink } from "#app/ui/csv-link.tsx";
import { Message } from "#app/ui/form-fields.tsx";
import { titled } from "#app/ui/page-title.ts";
import { DataTable } from "#app/ui/data-table.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("report.queueTitle");

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator", "admin");
  const query = new URL(request.url).searchParams;
  const status = reportQueueFilter(query.get("status"));
  const kind = reportKindFilter(query.get("kind"));
  const db = await getDb();
  return {
    status,
    kind,
    reports: await reportQueue(db, user, status, 500, kind),
    canFileListing: may(user, "listing.file", null),
    // A listing a regulator filed for another county's competence: said here, since its case is not ours to open.
    filedElsewhere: await ticketFiledBy(db, user, query.get("filed")),
  };
}

export default function ReportQueue() {
  const { status, kind, reports, canFileListing, filedElsewhere } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>{t("report.queueTitle")}</h1>
      {filedElsewhere ? <Message tone="ok">{t("listing.filedElsewhere", { ticket: filedElsewhere })}</Message> : null}
      {canFileListing ? (
        <p>
          <a href="/regulator/listing-reports/new">{t("listing.newLink")}</a>
        </p>
      ) : null}
      <Form method="get" className="inline-form">
        <label htmlFor="status">{t("report.filterStatus")}</label>
        <select id="status" name="status" defaultValue={status}>
          {REPORT_QUEUE_FILTERS.map((f) => (
            <option key={f} value={f}>
              {f === "open" ? t("report.filterOpen") : f === "all" ? t("report.all") : t(`report.status.${f}`)}
            </option>
          ))}
        </select>
        <label htmlFor="kind">{t("report.filterKind")}</label>
        <select id="kind" name="kind" defaultValue={kind}>
          {REPORT_KIND_FILTERS.map((k) => (
            <option key={k} value={k}>
              {k === "all" ? t("report.all") : t(`report.kind.${k}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="secondary">
          {t("list.filter")}
        </button>
      </Form>
      <CsvLink href={`/export/reports?status=${status}&kind=${kind}`} />
      <DataTable
        label={t("report.queueTitle")}
        empty={t("report.queueEmpty")}
        rows={reports}
        rowKey={(r) => r.id}
        columns={[
          { header: t("report.ticket"), cell: (r) => <a href={`/regulator/reports/${r.id}`}>{r.ticket}</a> },
          { header: t("report.submittedAt"), cell: (r) => formatDateTime(r.created_at, lang) },
          { header: t("report.kind"), cell: (r) => t(`report.kind.${r.kind}`) },
          {
            header: t("report.problem"),
            cell: (r) => (
              <>
                {t(`report.problem.${r.problem}`)}
                {r.kind === "listing" ? ` · ${r.platform ?? ""} · ${r.shop_name ?? ""}` : ""}
                {r.register_finding && (FLAGGED_LISTING_FINDINGS as readonly string[]).includes(r.register_finding) ? (
                  <div>
                    <strong className="flag">{t("listing.flagged", { finding: r.register_finding })}</strong>
                  </div>
                ) : null}
              </>
            ),
          },
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
