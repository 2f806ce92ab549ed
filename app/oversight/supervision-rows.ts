import type { Translate } from "#app/i18n/i18n.ts";
import type { SupervisionReport } from "./supervision-report.server.ts";

export type SupervisionSection = "marks" | "movements" | "labels" | "reports" | "enforcement" | "inspections";
export interface SupervisionRow {
  section: SupervisionSection;
  subject: string;
  metric: string;
  value: number | string;
}

/** The report as rows (section, subject, figure, value): the printable page and the CSV are both made from these. */
export function supervisionRows(r: SupervisionReport, t: Translate): SupervisionRow[] {
  const rows: SupervisionRow[] = [];
  const add = (section: SupervisionSection, subject: string, metric: string, value: number | string) =>
    rows.push({ section, subject, metric, value });
  for (const m of r.marks) {
    const subject = m.name ?? t("dashboard.total");
    if (m.kind) add("marks", subject, t("supervision.markKind"), t(`mark.kind.${m.kind}`));
    add("marks", subject, t("supervision.activeAtYearEnd"), m.activeAtYearEnd);
    if (m.name) add("marks", subject, t("dashboard.target"), m.target ?? "—");
    add("movements", subject, t("supervision.entered"), m.entered);
    add("movements", subject, t("supervision.exited"), m.exited);
  }
  for (const e of r.exitReasons)
    add("movements", t("supervision.exitReason"), e.reason ? t(`exit.${e.reason}`) : "—", e.n);
  for (const [k, v] of Object.entries(r.labels))
    add("labels", "", t(`supervision.labels.${k as keyof typeof r.labels}`), v);
  add("labels", "", t("supervision.scans"), r.scans);
  for (const [k, v] of Object.entries(r.annualReports))
    add("reports", String(r.year), t(`supervision.reports.${k as keyof typeof r.annualReports}`), v);
  const e = r.enforcement;
  add("enforcement", "", t("supervision.complaints.received"), e.received);
  add("enforcement", "", t("supervision.complaints.closed"), e.closed);
  add("enforcement", "", t("supervision.complaints.confirmed"), e.confirmed);
  add("enforcement", "", t("supervision.listings.received"), e.listings);
  for (const [k, v] of Object.entries(r.takedowns))
    add("enforcement", "", t(`supervision.takedowns.${k as keyof typeof r.takedowns}`), v);
  add("enforcement", "", t("supervision.credit"), e.credit);
  add("enforcement", "", t("supervision.rectifications"), e.rectifications);
  add("enforcement", "", t("supervision.suspensions"), e.suspensions);
  add("enforcement", "", t("supervision.cancellations"), e.cancellations);
  const i = r.inspections;
  add("inspections", "", t("supervision.inspections.campaigns"), i.campaigns);
  add("inspections", "", t("supervision.inspections.targets"), i.targets);
  add("inspections", "", t("supervision.inspections.inspected"), i.inspected);
  add("inspections", "", t("supervision.inspections.failed"), i.failed);
  return rows;
}

export const SECTIONS: readonly SupervisionSection[] = [
  "marks",
  "movements",
  "labels",
  "reports",
  "enforcement",
  "inspections",
];
