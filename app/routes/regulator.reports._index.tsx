import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireRole } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { reportQueue } from "#app/report/report.server.ts";
import { REPORT_QUEUE_FILTERS, reportQueueFilter } from "#app/report/report-form.ts";
import { REPORT_KIND_FILTERS, reportKindFilter } from "#app/report/listing-form.ts";
import { FLAGGED_LISTING_FINDINGS } from "#db/schema.ts";
import { may } from "#app/permission/permissions.ts";
import { formatDateTime } from "#app/i18n/format.ts";
import { CsvLink } from "#app/ui/csv-link.tsx";
import { Message } from "#app/ui/form-fields.tsx";
import { titled } from "#app/ui/page-title.ts";

export const handle = titled("report.queueTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator", "admin");
  const query = new URL(request.url).searchParams;
  const status = reportQueueFilter(query.get("status"));
  const kind = reportKindFilter(query.get("kind"));
  return {
    status,
    kind,
    reports: await reportQueue(await getDb(), user, status, 500, kind),
    canFileListing: may(user, "listing.file", null),
    // A listing a regulator filed for another county's competence: said here, since its case is not ours to open.
    filedElsewhere: query.get("filed")?.slice(0, 40) ?? null,
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
      {reports.length === 0 ? (
        <p className="muted">{t("report.queueEmpty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("report.ticket")}</th>
                <th scope="col">{t("report.submittedAt")}</th>
                <th scope="col">{t("report.kind")}</th>
                <th scope="col">{t("report.problem")}</th>
                <th scope="col">{t("report.mark")}</th>
                <th scope="col">{t("report.linkedEnterprise")}</th>
                <th scope="col">{t("report.filterStatus")}</th>
                <th scope="col">{t("report.assignee")}</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => (
                <tr key={r.id}>
                  <td>
                    <a href={`/regulator/reports/${r.id}`}>{r.ticket}</a>
                  </td>
                  <td>{formatDateTime(r.created_at, lang)}</td>
                  <td>{t(`report.kind.${r.kind}`)}</td>
                  <td>
                    {t(`report.problem.${r.problem}`)}
                    {r.kind === "listing" ? ` · ${r.platform ?? ""} · ${r.shop_name ?? ""}` : ""}
                    {r.register_finding &&
                    (FLAGGED_LISTING_FINDINGS as readonly string[]).includes(r.register_finding) ? (
                      <div>
                        <strong className="flag">{t("listing.flagged", { finding: r.register_finding })}</strong>
                      </div>
                    ) : null}
                  </td>
                  <td>{r.mark_name ?? "—"}</td>
                  <td>{r.enterprise_name ?? "—"}</td>
                  <td>
                    {t(`report.status.${r.status}`)}
                    {r.outcome ? ` · ${t(`report.outcome.${r.outcome}`)}` : ""}
                  </td>
                  <td>{r.assignee_name ?? t("report.unassigned")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
