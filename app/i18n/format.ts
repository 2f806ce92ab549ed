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

const dateFormats = new Map<Lang, Intl.DateTimeFormat>();

export function formatDate(value: Date | string | null | undefined, lang: Lang): string {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  let format = dateFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "zh-CN", {
      timeZone: "Asia/Shanghai",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dateFormats.set(lang, format);
  }
  return format.format(date);
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000; // UTC+8 all year: China keeps no summer time

/**
 * A moment as a spreadsheet reads it: Beijing wall time "2026-12-02 07:03:32", the same in both
 * languages (sortable, and Excel and WPS take it for a date and time). The column header names
 * the zone (`csv.beijingTime`).
 */
export function formatTimestamp(value: Date | string | null | undefined): string {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  return new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}

const numberFormats = new Map<Lang, Intl.NumberFormat>();

/** A count as people read it: 1,000,000 (digits grouped by thousands in both languages). */
export function formatNumber(value: number | string | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || value === "") return "";
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  let format = numberFormats.get(lang);
  if (!format) {
    format = new Intl.NumberFormat(lang === "en" ? "en-GB" : "zh-CN", { maximumFractionDigits: 0 });
    numberFormats.set(lang, format);
  }
  return format.format(n);
}
