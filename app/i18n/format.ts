import type { Lang } from "#app/i18n/i18n.ts";

/**
 * One representation of time: stored as timestamptz, shown as Beijing wall time written the ISO
 * way in both languages (2026-12-02 07:03, 2026-12-02). It reads the same as the dates people type
 * and the CSV columns, and no reader takes 06/12 for June (issue 14 walkthrough).
 */
export function formatDateTime(value: Date | string | null | undefined, _lang: Lang): string {
  if (!value) return "";
  return beijing(value).slice(0, 16).replace("T", " ");
}

export function formatDate(value: Date | string | null | undefined, _lang: Lang): string {
  if (!value) return "";
  // A calendar date (YYYY-MM-DD) is already the day it names.
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return beijing(value).slice(0, 10);
}

function beijing(value: Date | string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  const at = date.getTime();
  // Not a moment at all: shown as given rather than failing the page.
  if (!Number.isFinite(at)) return String(value);
  return new Date(at + SHANGHAI_OFFSET_MS).toISOString();
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
