/**
 * What a person can be told (issue "people hear what happened"). Each kind has three messages in
 * app/i18n/catalogs/notification.ts: `notify.<kind>.subject`, `.body` (what happened) and `.next`
 * (what to do now). Params never carry a label code: a mail provider reads every e-mail.
 */
export const NOTIFICATION_KINDS = [
  "application_accepted",
  "application_not_accepted",
  "application_returned",
  "application_approved",
  "application_rejected",
  "announcement_published",
  "label_order_approved",
  "label_order_refused",
  "codes_ready",
  "rectification_ordered",
  "rectification_due",
  "authorization_restored",
  "authorization_suspended",
  "authorization_cancelled",
  "authorization_expired",
  "exit_announced",
  "annual_report_due",
  "annual_report_overdue",
  "review_due",
  "report_filed",
  "listing_reported",
  "takedown_answered",
  "alert_raised",
  "report_status",
  "email_confirm",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Kinds a person may turn off by e-mail on their preferences page (the inbox keeps them all). */
export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/** A reminder is produced by the daily job, not by someone's act; the desk lists them. */
export const REMINDER_KINDS: readonly NotificationKind[] = [
  "rectification_due",
  "annual_report_due",
  "annual_report_overdue",
  "review_due",
];

/** Where an alert was raised, as its message says: in the recipient's division, or in none (every regulator hears). */
export const ALERT_AREAS = ["division", "everywhere"] as const;

/** Words and numbers a message may carry; never a label code, a password or a session id. */
export type NotificationParams = Record<string, string | number>;
