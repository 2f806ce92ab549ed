import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireRole } from "#app/accounts/auth.server.ts";
import { annualReportRegister } from "#app/annual-report/annual-report.server.ts";
import { yearFrom } from "#app/calendar/year-query.ts";
import { getDb } from "#app/db.server.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { formatDateTime } from "#app/i18n/format.ts";
import { XlsxLink } from "#app/ui/csv-link.tsx";
import { titled } from "#app/ui/page-title.ts";

export const handle = titled<typeof loader>((t, d) => t("annualReport.register", { year: d.year }));

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator", "admin");
  const year = yearFrom(request);
  const rows = await annualReportRegister(await getDb(), user, year);
  const count = (state: string) => rows.filter((r) => r.state === state).length;
  return {
    year,
    rows,
    summary: {
      total: rows.length,
      filed: count("filed"),
      late: count("late"),
      missing: count("missing"),
      pending: count("pending"),
    },
  };
}

export default function AnnualReportRegister() {
  const { year, rows, summary } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>{t("annualReport.register", { year })}</h1>
      <p>{t("annualReport.lead")}</p>
      <Form method="get" className="filters">
        <label>
          {t("annualReport.chooseYear")} <input name="year" type="number" defaultValue={year} min={2000} max={2100} />
        </label>
        <button type="submit">{t("annualReport.show")}</button>{" "}
        <a href={`/regulator/annual-reports.csv?year=${year}`}>{t("annualReport.csv")}</a> ·{" "}
        <XlsxLink csvHref={`/regulator/annual-reports.csv?year=${year}`} />
      </Form>
      <p role="status">{t("annualReport.summary", summary)}</p>
      {rows.length === 0 ? (
        <p className="muted">{t("annualReport.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("enterprise.name")}</th>
                <th scope="col">{t("enterprise.uscc")}</th>
                <th scope="col">{t("column.mark")}</th>
                <th scope="col">{t("annualReport.state")}</th>
                <th scope="col">{t("annualReport.labelsCollected")}</th>
                <th scope="col">{t("annualReport.outputQuantity")}</th>
                <th scope="col">{t("annualReport.salesAmount")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.authorization_id} className={r.state === "missing" ? "overdue" : undefined}>
                  <td>
                    <a href={`/authorizations/${r.authorization_id}/annual-report?year=${year}`}>{r.enterprise_name}</a>
                  </td>
                  <td className="code">{r.uscc}</td>
                  <td>{r.mark_name}</td>
                  <td>
                    {r.state === "missing" ? "⚠ " : ""}
                    {t(`annualReport.state.${r.state}`)}
                    {r.filed_at ? <div className="muted">{formatDateTime(r.filed_at, lang)}</div> : null}
                  </td>
                  <td>{r.labels_collected ?? "—"}</td>
                  <td>{r.output_quantity ? `${r.output_quantity} ${r.output_unit ?? ""}` : "—"}</td>
                  <td>{r.sales_amount ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
