import { translator, type Lang, type MessageKey } from "#app/i18n/i18n.ts";
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

/** One notification in one language: what happened, and what to do next. */
export function renderNotification(lang: Lang, kind: NotificationKind | string, params: unknown): RenderedMessage {
  const t = translator(lang);
  const p = paramsOf(kind, params);
  return {
    subject: t(`notify.${kind}.subject` as MessageKey, p),
    body: t(`notify.${kind}.body` as MessageKey, p),
    next: t(`notify.${kind}.next` as MessageKey, p),
  };
}
