import type { Role } from "#db/schema.ts";

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

/** Who a kind is told to: accounts of a role, or a consumer's bare address ("consumer"). */
export type NotificationAudience = Role | "consumer";

/**
 * Each kind's audience, declared once: the settings page offers a person only their role's kinds
 * (an enterprise never chooses about review deadlines), and a test holds events.server.ts to it.
 */
export const KIND_AUDIENCE: Readonly<Record<NotificationKind, readonly NotificationAudience[]>> = {
  application_accepted: ["enterprise"],
  application_not_accepted: ["enterprise"],
  application_returned: ["enterprise"],
  application_approved: ["enterprise"],
  application_rejected: ["enterprise"],
  announcement_published: ["enterprise"],
  label_order_approved: ["enterprise"],
  label_order_refused: ["enterprise"],
  codes_ready: ["printer"],
  rectification_ordered: ["enterprise"],
  rectification_due: ["enterprise"],
  authorization_restored: ["enterprise"],
  authorization_suspended: ["enterprise"],
  authorization_cancelled: ["enterprise"],
  authorization_expired: ["enterprise"],
  exit_announced: ["enterprise"],
  annual_report_due: ["enterprise"],
  annual_report_overdue: ["enterprise"],
  review_due: ["regulator"],
  report_filed: ["regulator"],
  listing_reported: ["regulator"],
  takedown_answered: ["regulator"],
  alert_raised: ["regulator"],
  report_status: ["consumer"],
  email_confirm: ["admin", "regulator", "enterprise", "printer"],
};

/** Kinds that may not be turned off: the confirmation of the address itself. */
const ALWAYS_SENT: readonly NotificationKind[] = ["email_confirm"];

/** The kinds a person of this role chooses about on /notifications/settings. */
export function choosableKinds(role: Role): NotificationKind[] {
  return NOTIFICATION_KINDS.filter((k) => !ALWAYS_SENT.includes(k) && KIND_AUDIENCE[k].includes(role));
}

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
