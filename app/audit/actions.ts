/**
 * Every action the audit chain records and every kind of record it names: one list each, so the
 * audit helper accepts nothing else and the viewer has a word for each (tests/unit/vocabulary.test.ts).
 */
const AUTHORIZATION_ACTIONS = [
  "submit",
  "resubmit",
  "accept",
  "not_accept",
  "return",
  "review",
  "approve",
  "reject",
  "activate",
  "announce_exit",
  "order_rectification",
  "restore",
  "suspend",
  "cancel",
  "withdraw",
  "expire",
] as const;
const REPORT_ACTIONS = ["file", "file_listing", "assign", "investigate", "close"] as const;

export const AUDIT_ACTIONS = [
  "account.create",
  "account.change_password",
  "account.disable",
  "account.enable",
  "account.notification_settings",
  "account.confirm_email",
  "announcement.publish",
  "api_client.create",
  "api_client.rotate",
  "api_client.revoke",
  "webhook.subscribe",
  "webhook.unsubscribe",
  "annual_report.file",
  "annual_report.amend",
  ...AUTHORIZATION_ACTIONS.map((a) => `authorization.${a}` as const),
  "calendar.set",
  "calendar.remove",
  "change.request",
  "change.approve",
  "change.reject",
  "credit.record",
  "document.upload",
  "document.draft_keep",
  "document.draft_remove",
  "enterprise.register",
  "flag.raise",
  "flag.acknowledge",
  "flag.resolve",
  "inspection.create",
  "inspection.draw",
  "inspection.finding",
  "label.collect",
  "label.void",
  "label_order.create",
  "label_order.approve",
  "label_order.auto_approve",
  "label_order.reject",
  "label_order.issue",
  "label_order.print",
  "label_order.receive",
  "mail.retry",
  "mail.unsubscribe",
  "mark.create",
  "mark.update",
  "mark.area_change",
  "mark.quality_document",
  "printer.create",
  "product_batch.create",
  "register.import",
  ...REPORT_ACTIONS.map((a) => `report.${a}` as const),
  "session.sign_in",
  "session.sign_out",
  "takedown.send",
  "takedown.removed",
  "takedown.refused",
  "takedown.withdraw",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ENTITY_TYPES = [
  "announcement",
  "annual_report",
  "api_client",
  "app_user",
  "authorization",
  "calendar_day",
  "credit_event",
  "document",
  "upload_draft",
  "enterprise",
  "flag",
  "inspection",
  "inspection_target",
  "label",
  "label_order",
  "mail_outbox",
  "mail_suppression",
  "mark",
  "printer",
  "product_batch",
  "register_import",
  "report",
  "takedown_request",
  "webhook_subscription",
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

/** The actors that are not a person, by the label the chain records, with the word each is shown as. */
export const MACHINE_ACTORS = {
  system: "system",
  public: "public",
  "anomaly detection": "anomalyDetection",
  "automatic approval within the annual quota": "autoApproval",
} as const;
type MachineActor = keyof typeof MACHINE_ACTORS;

export const isAuditAction = (s: string): s is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(s);
export const isAuditEntityType = (s: string): s is AuditEntityType =>
  (AUDIT_ENTITY_TYPES as readonly string[]).includes(s);
export const isMachineActor = (s: string): s is MachineActor => Object.hasOwn(MACHINE_ACTORS, s);
