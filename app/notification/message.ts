import { isMessageKey, translator, type Lang, type MessageKey } from "#app/i18n/i18n.ts";
import type { NotificationKind, NotificationParams } from "./kinds.ts";

export interface RenderedMessage {
  subject: string;
  body: string;
  next: string;
}

/**
 * A stored notification's params as its messages read them today. Alerts recorded before alerts
 * of no division were told (decision 052) carry no `area`: they were all divisional.
 */
export function paramsOf(kind: NotificationKind | string, params: unknown): NotificationParams {
  return { ...(kind === "alert_raised" ? { area: "division" } : {}), ...((params ?? {}) as NotificationParams) };
}

/**
 * Which wording of a kind the params call for (decision 057): a consumer's report has one per
 * state (the closing one names the outcome); a platform's refusal of a takedown gives its reason; an alert names what it is about when it is
 * about an enterprise or a mark. A message stored before a variant existed lacks its
 * params and keeps the kind's general wording.
 */
function variantOf(kind: NotificationKind | string, p: NotificationParams): string | null {
  if (kind === "report_status") return p.status === "closed" && !p.outcome ? null : String(p.status);
  if (kind === "takedown_answered") return String(p.outcome);
  if (kind === "alert_raised") return p.about ? "about" : null;
  return null;
}

export interface MessageKeys {
  subject: MessageKey;
  body: MessageKey;
  next: MessageKey;
}

/** The three messages of one notification: `notify.<kind>[.<variant>].subject|body|next`. */
export function messageKeys(kind: NotificationKind | string, params: NotificationParams): MessageKeys {
  const variant = variantOf(kind, params);
  const key = (part: keyof MessageKeys): MessageKey => {
    const specific = variant ? `notify.${kind}.${variant}.${part}` : null;
    return specific && isMessageKey(specific) ? specific : (`notify.${kind}.${part}` as MessageKey);
  };
  return { subject: key("subject"), body: key("body"), next: key("next") };
}

/** One notification in one language: what happened, and what to do next. */
export function renderNotification(lang: Lang, kind: NotificationKind | string, params: unknown): RenderedMessage {
  const t = translator(lang);
  const p = paramsOf(kind, params);
  const keys = messageKeys(kind, p);
  return { subject: t(keys.subject, p), body: t(keys.body, p), next: t(keys.next, p) };
}
