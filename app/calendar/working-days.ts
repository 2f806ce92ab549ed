/**
 * Review clocks count working days in Asia/Shanghai: Monday to Friday, except where the work
 * calendar says otherwise (public holidays off, make-up weekends (调休) on; the calendar_day
 * table, loaded by app/calendar/work-calendar.server.ts). Docs: decisions/011.
 */
export function shanghaiDate(at: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(at);
}

function toUtc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

function fmt(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Exceptions to Monday–Friday: date (YYYY-MM-DD) → working or not. */
export type WorkCalendar = ReadonlyMap<string, boolean>;
export const WEEKDAYS_ONLY: WorkCalendar = new Map();

const isWorkingDay = (d: Date, calendar: WorkCalendar) =>
  calendar.get(fmt(d)) ?? (d.getUTCDay() !== 0 && d.getUTCDay() !== 6);

/** Whether a Shanghai calendar date (YYYY-MM-DD) is a working day. */
export function isWorkingDate(date: string, calendar: WorkCalendar = WEEKDAYS_ONLY): boolean {
  return isWorkingDay(toUtc(date), calendar);
}

export function addWorkingDays(start: string, days: number, calendar: WorkCalendar = WEEKDAYS_ONLY): string {
  const d = toUtc(start);
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorkingDay(d, calendar)) left -= 1;
  }
  return fmt(d);
}

/** Working days after `from` up to and including `to` (0 when `to` ≤ `from`). */
export function workingDaysBetween(from: string, to: string, calendar: WorkCalendar = WEEKDAYS_ONLY): number {
  const d = toUtc(from);
  const end = toUtc(to);
  let n = 0;
  while (d < end) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorkingDay(d, calendar)) n += 1;
  }
  return n;
}

/** The date `days` working days before `end` (the inverse of addWorkingDays). */
export function workingDaysBefore(end: string, days: number, calendar: WorkCalendar = WEEKDAYS_ONLY): string {
  const d = toUtc(end);
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() - 1);
    if (isWorkingDay(d, calendar)) left -= 1;
  }
  return fmt(d);
}

/** The instant a Shanghai calendar day begins (UTC+8 all year). */
export function shanghaiMidnight(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

/** A Shanghai calendar year as a half-open range of instants, for timestamptz columns. */
export function shanghaiYear(year: number): { from: Date; to: Date } {
  return { from: shanghaiMidnight(`${year}-01-01`), to: shanghaiMidnight(`${year + 1}-01-01`) };
}
