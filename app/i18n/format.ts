import type { Lang } from "#app/i18n/i18n.ts";

/** One representation of time: stored as timestamptz, shown in Asia/Shanghai. */
// Building a formatter costs far more than using one: one per language, made once.
const dateTimeFormats = new Map<Lang, Intl.DateTimeFormat>();

export function formatDateTime(value: Date | string | null | undefined, lang: Lang): string {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  let format = dateTimeFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "zh-CN", {
      timeZone: "Asia/Shanghai",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
    });
    dateTimeFormats.set(lang, format);
  }
  return format.format(date);
}

export function formatDate(value: Date | string | null | undefined, lang: Lang): string {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  return new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "zh-CN", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(date);
}
