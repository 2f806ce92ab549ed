/** The register-change events a client can hear about (decision 047), each with words in both languages. */
export const WEBHOOK_EVENT_TYPES = [
  "authorization.activated",
  "authorization.rectification_ordered",
  "authorization.suspended",
  "authorization.restored",
  "authorization.cancelled",
  "authorization.withdrawn",
  "authorization.expired",
  "enterprise.renamed",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export const isWebhookEventType = (s: string): s is WebhookEventType =>
  (WEBHOOK_EVENT_TYPES as readonly string[]).includes(s);
