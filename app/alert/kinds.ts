/**
 * Every kind of flag in the one queue (decision 008): anomalies found in the scan log, in the
 * ledger and in the register, each for a person to decide on. Nothing exits automatically.
 */
export const SCAN_ALERT_KINDS = [
  "scan_threshold",
  "inactive_label_scan",
  "not_found_burst",
  "distant_scans",
  "scan_before_print",
] as const;
export const REGISTER_ALERT_KINDS = [
  "unused_24_months",
  "order_above_output",
  "licence_ended",
  "rectification_overdue",
  "credit_event",
  "receipt_mismatch",
  "annual_report_missing",
] as const;
export const ALERT_KINDS = [...SCAN_ALERT_KINDS, ...REGISTER_ALERT_KINDS] as const;

export type AlertKind = (typeof ALERT_KINDS)[number];

/** Where an alert stands in the queue. */
export const ALERT_STATES = ["open", "acknowledged", "resolved"] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** The thresholds the anomaly job applies (one place, shown on the queue page). */
export const ANOMALY_RULES = {
  /** Not-found scans from one network within two consecutive five-minute buckets. */
  notFoundBurst: 10,
  bucketMinutes: 5,
  /** The same label from networks of different /16 (IPv4) or /32 (IPv6) prefixes within this many minutes. */
  distantWithinMinutes: 30,
  /** Labels ordered in a calendar year above this many times what the declared output can carry. */
  orderAboveOutputRatio: 2,
  /** A resolved register flag stays quiet this long before it may be raised again for the same authorization. */
  quietDaysAfterResolution: 90,
} as const;
