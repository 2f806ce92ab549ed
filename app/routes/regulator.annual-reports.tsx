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
import { DataTable } from "#app/ui/data-table.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled<typeof loader>((t, d) => t("annualReport.register", { year: d.year }));

export const shouldRevalidate = revalidateAfterEverySubmission;

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
      <DataTable
        label={t("annualReport.register", { year })}
        empty={t("annualReport.none")}
        rows={rows}
        rowKey={(r) => r.authorization_id}
        rowClassName={(r) => (r.state === "missing" ? "overdue" : undefined)}
        columns={[
          {
            header: t("enterprise.name"),
            cell: (r) => (
              <a href={`/authorizations/${r.authorization_id}/annual-report?year=${year}`}>{r.enterprise_name}</a>
            ),
          },
          { header: t("enterprise.uscc"), cell: (r) => r.uscc, className: "code" },
          { header: t("column.mark"), cell: (r) => r.mark_name },
          {
            header: t("annualReport.state"),
            cell: (r) => (
              <>
                {r.state === "missing" ? "⚠ " : ""}
                {t(`annualReport.state.${r.state}`)}
                {r.filed_at ? <div className="muted">{formatDateTime(r.filed_at, lang)}</div> : null}
              </>
            ),
          },
          { header: t("annualReport.labelsCollected"), cell: (r) => r.labels_collected ?? "—", numeric: true },
          {
            header: t("annualReport.outputQuantity"),
            cell: (r) => (r.output_quantity ? `${r.output_quantity} ${r.output_unit ?? ""}` : "—"),
            numeric: true,
          },
          { header: t("annualReport.salesAmount"), cell: (r) => r.sales_amount ?? "—", numeric: true },
        ]}
      />
    </>
  );
}
