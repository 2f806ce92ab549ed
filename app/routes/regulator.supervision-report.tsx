import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireRole } from "#app/accounts/auth.server.ts";
import { yearFrom } from "#app/calendar/year-query.ts";
import { getDb } from "#app/db.server.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { supervisionReport } from "#app/oversight/supervision-report.server.ts";
import { SECTIONS, supervisionRows } from "#app/oversight/supervision-rows.ts";
import { formatDateTime } from "#app/i18n/format.ts";
import { XlsxLink } from "#app/ui/csv-link.tsx";
import { titled } from "#app/ui/page-title.ts";
import { DataTable } from "#app/ui/data-table.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled<typeof loader>((t, d) => t("supervision.title", { year: d.report.year }));

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator", "admin");
  const year = yearFrom(request);
  return {
    report: await supervisionReport(await getDb(), user, year),
    division: user.divisionName,
    generatedAt: new Date(),
  };
}

export default function SupervisionReportPage() {
  const { report, division, generatedAt } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const rows = supervisionRows(report, t);
  return (
    <>
      <h1>{t("supervision.title", { year: report.year })}</h1>
      <p className="muted">
        {t("supervision.generated", {
          at: formatDateTime(generatedAt, lang),
          division: division ?? t("supervision.national"),
        })}
      </p>
      <p className="no-print">
        {t("supervision.lead")} {t("supervision.print")}
      </p>
      <Form method="get" className="filters no-print">
        <label>
          {t("annualReport.chooseYear")}{" "}
          <input name="year" type="number" defaultValue={report.year} min={2000} max={2100} />
        </label>
        <button type="submit">{t("annualReport.show")}</button>{" "}
        <a href={`/regulator/supervision-report.csv?year=${report.year}`}>{t("supervision.csv")}</a> ·{" "}
        <XlsxLink csvHref={`/regulator/supervision-report.csv?year=${report.year}`} />
      </Form>
      {SECTIONS.map((section) => {
        const own = rows.filter((r) => r.section === section);
        return (
          <section key={section} aria-labelledby={`s-${section}`}>
            <h2 id={`s-${section}`}>{t(`supervision.section.${section}`)}</h2>
            <DataTable
              label={t(`supervision.section.${section}`)}
              rows={own}
              rowKey={(_, i) => i}
              columns={[
                own.some((r) => r.subject) && { header: t("alert.subject"), rowHeader: true, cell: (r) => r.subject },
                { header: t("supervision.metric"), cell: (r) => r.metric },
                { header: t("supervision.value"), cell: (r) => r.value },
              ]}
            />
          </section>
        );
      })}
    </>
  );
}
