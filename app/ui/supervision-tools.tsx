import { useT } from "#app/i18n/use-t.ts";

/** The regulator's tools, one list on the desk and the dashboard. */
export function SupervisionTools({ openReports }: { openReports?: number }) {
  const t = useT();
  return (
    <nav aria-label={t("dashboard.links")}>
      <ul className="legend">
        <li>
          <a href="/regulator/dashboard">{t("dashboard.title")}</a>
        </li>
        <li>
          <a href="/regulator/alerts">{t("alert.title")}</a>
        </li>
        <li>
          <a href="/regulator/reports">{t("report.queueTitle")}</a>
          {openReports !== undefined ? ` · ${t("report.openCount", { n: openReports })}` : null}
        </li>
        <li>
          <a href="/regulator/inspections">{t("inspection.title")}</a>
        </li>
        <li>
          <a href="/regulator/annual-reports">{t("annualReport.title")}</a>
        </li>
        <li>
          <a href="/regulator/credit">{t("credit.title")}</a>
        </li>
        <li>
          <a href="/regulator/supervision-report">{t("dashboard.exportReport")}</a>
        </li>
      </ul>
    </nav>
  );
}
