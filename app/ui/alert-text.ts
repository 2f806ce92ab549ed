import type { AlertKind } from "#app/alert/kinds.ts";
import type { Translate } from "#app/i18n/i18n.ts";

type Detail = Record<string, unknown> | null;
const str = (v: unknown) => (v === null || v === undefined ? "—" : String(v));

/** One sentence saying what the system saw, from the alert's recorded evidence. */
export function explainAlert(t: Translate, kind: AlertKind, detail: unknown, occurrences: number): string | null {
  const d = (detail && typeof detail === "object" ? detail : null) as Detail;
  switch (kind) {
    case "scan_threshold":
      return t("alert.explain.scan_threshold", { scans: occurrences, threshold: str(d?.threshold) });
    case "inactive_label_scan":
      return t("alert.explain.inactive_label_scan", { n: occurrences });
    case "scan_before_print":
      return t("alert.explain.scan_before_print", { n: occurrences });
    case "distant_scans":
      return t("alert.explain.distant_scans", {
        networks: Array.isArray(d?.networks) ? (d.networks as string[]).join(t("punct.list")) : "—",
      });
    case "not_found_burst":
      return t("alert.explain.not_found_burst", {
        network: str(d?.network),
        n: occurrences,
        minutes: str(d?.windowMinutes),
      });
    case "unused_24_months":
      return t("alert.explain.unused_24_months", { since: str(d?.since) });
    case "order_above_output":
      return t("alert.explain.order_above_output", {
        year: str(d?.year),
        ordered: str(d?.ordered),
        declared: str(d?.declared),
        capacity: str(d?.capacity),
      });
    case "annual_report_missing":
      return t("alert.explain.annual_report_missing", { year: str(d?.year), dueOn: str(d?.dueOn) });
    case "receipt_mismatch":
      return t("alert.explain.receipt_mismatch", { received: str(d?.received), printed: str(d?.printed) });
    case "licence_ended":
      return t("alert.explain.licence_ended", { licenceEnd: str(d?.licenceEnd) });
    case "rectification_overdue":
      return t("alert.explain.rectification_overdue", { rectifyDeadline: str(d?.rectifyDeadline) });
    case "credit_event":
      return t("alert.explain.credit_event", {
        decidedOn: str(d?.decidedOn),
        list:
          d?.list === "abnormal_operation" || d?.list === "serious_dishonesty" || d?.list === "administrative_penalty"
            ? t(`credit.list.${d.list}`)
            : "—",
        documentNo: str(d?.documentNo),
      });
  }
}
