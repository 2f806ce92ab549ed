import { translator, type Lang, type MessageKey } from "#app/i18n/i18n.ts";
import type { NotificationKind, NotificationParams } from "./kinds.ts";

export interface RenderedMessage {
  subject: string;
  body: string;
  next: string;
}

/** One notification in one language: what happened, and what to do next. */
export function renderNotification(lang: Lang, kind: NotificationKind | string, params: unknown): RenderedMessage {
  const t = translator(lang);
  // Alerts recorded before alerts of no division were told of carry no `area`: they were divisional.
  const p = { ...(kind === "alert_raised" ? { area: "division" } : {}), ...((params ?? {}) as NotificationParams) };
  return {
    subject: t(`notify.${kind}.subject` as MessageKey, p),
    body: t(`notify.${kind}.body` as MessageKey, p),
    next: t(`notify.${kind}.next` as MessageKey, p),
  };
}
