import type { Translate } from "#app/i18n/i18n.ts";

/**
 * The ways an order's (or a group's) label figures can fail to reconcile, declared once: the
 * reconciliation and the ledger summary record them, the pages and the CSV say them in words.
 */
export const DISCREPANCIES = [
  "issued_above_approved",
  "issued_not_printed_plus_spoiled",
  "printed_not_received",
  "received_not_accounted",
] as const;
export type Discrepancy = (typeof DISCREPANCIES)[number];

/** The discrepancies in the reader's words, as one list ("签收数与印制数不符、…"). */
export function discrepancyWords(list: readonly Discrepancy[], t: Translate): string {
  return list.map((d) => t(`labels.discrepancyKind.${d}`)).join(t("punct.list"));
}
