import { z } from "zod";
import { isMessageKey, type MessageKey, type Params } from "#app/i18n/i18n.ts";

/**
 * A message in the user's language is rendered from a key and its params; `items` are lines the
 * message lists under it (each serial range that blocks a collection, say).
 */
export type FieldMessage = { key: MessageKey; params?: Params; items?: FieldMessage[] };

/** A file kept from a refused submission (upload-draft.server.ts), as the form lists it. */
export type KeptFile = { id: string; field: string; name: string; size: number };

export type FormFailure = {
  ok: false;
  values: Record<string, string>;
  fieldErrors: Record<string, FieldMessage>;
  formError?: FieldMessage;
  /** Files already received, kept for the next submission: listed with a remove control. */
  kept?: KeptFile[];
  /** A confirmation that is no error (a kept file removed): shown as a status, not an alert. */
  notice?: FieldMessage;
};

/** Zod messages are written as "key" or "key|name=value&name=value". */
export function messageOf(raw: string): FieldMessage {
  const [key = "", query] = raw.split("|");
  if (!isMessageKey(key)) return { key: "form.invalid" };
  if (!query) return { key };
  const params: Params = {};
  for (const [k, v] of new URLSearchParams(query)) params[k] = v;
  return { key, params };
}

/** Printable, no control characters, full-width folded where it matters (NFKC on codes only). */
const clean = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "").trim();
/** One line: line breaks and tabs become one space (a name with a line break breaks every export and list). */
const cleanLine = (s: string) => clean(s.replace(/[\r\n\t\u2028\u2029]+/g, " ")).replace(/ {2,}/g, " ");

/** A date as people type it: 2026-02-15, 2026/2/15, 2026.2.15, 2026年2月15日, full width: all 2026-02-15. */
export function normalizeDate(s: string): string {
  return clean(s.normalize("NFKC"))
    .replace(/[/.年月]/g, "-")
    .replace(/日$/, "")
    .replace(
      /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
      (_, y: string, m: string, d: string) => `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`,
    );
}

/** The years a date may fall in: PostgreSQL has no year 0, and no record here is older or farther ahead. */
export const DATE_YEARS = { min: 1900, max: 2199 } as const;

/** A day that exists: 2026-02-30 looks like a date, and PostgreSQL refuses it (and 0000-01-01). */
export function isRealDate(d: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const year = Number(d.slice(0, 4));
  if (year < DATE_YEARS.min || year > DATE_YEARS.max) return false;
  const at = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === d;
}

/** PostgreSQL's integer, the type of every count, position and version column. */
export const PG_INTEGER = { min: -2_147_483_648, max: 2_147_483_647 } as const;

/** A whole number as people type it (full-width digits folded, spaces trimmed), or null. */
export function wholeNumber(raw: unknown): number | null {
  if (typeof raw !== "string") return null;
  const s = raw.normalize("NFKC").trim();
  if (!/^[+-]?\d{1,16}$/.test(s)) return null;
  return Number(s);
}

/**
 * The one parser for whole numbers from forms and URLs: within [min, max] and never outside
 * PostgreSQL's integer (a number beyond it would fail the query: a 500 for what is only bad input).
 */
export function parseInteger(raw: unknown, min: number, max: number): number | null {
  const n = wholeNumber(raw);
  return n !== null && n >= Math.max(min, PG_INTEGER.min) && n <= Math.min(max, PG_INTEGER.max) ? n : null;
}

/** A message key, or a key with its params as a zod message carries them ("key|name=value", read by messageOf). */
type RawMessage = MessageKey | `${string}|${string}`;

/** A required whole number; `invalid` when it is not one, `range` when it is outside [min, max]. */
const integer = (min: number, max: number, invalid: RawMessage, range: RawMessage) =>
  z.string({ required_error: "form.required", invalid_type_error: "form.required" }).transform((s, ctx) => {
    const n = wholeNumber(s);
    if (n === null) ctx.addIssue({ code: "custom", message: s.trim() ? invalid : "form.required" });
    else if (parseInteger(s, min, max) === null) ctx.addIssue({ code: "custom", message: range });
    return n ?? 0;
  });

const required = (max: number, tidy: (s: string) => string) =>
  z
    .string({ required_error: "form.required", invalid_type_error: "form.required" })
    .transform(tidy)
    .pipe(z.string().min(1, "form.required").max(max, `form.tooLong|max=${max}`));
const optional = (max: number, tidy: (s: string) => string) =>
  z
    .string()
    .optional()
    .transform((s) => (s === undefined ? undefined : tidy(s) || undefined))
    .pipe(z.string().max(max, `form.tooLong|max=${max}`).optional());

export const field = {
  /** A whole number in [min, max] (bounded to PostgreSQL's integer whatever is asked). */
  int: (min: number, max: number, messages: { invalid?: RawMessage; range?: RawMessage } = {}) =>
    integer(min, max, messages.invalid ?? "form.invalid", messages.range ?? messages.invalid ?? "form.invalid"),
  /** A count of things in [min, max]: a refusal names the bounds ("请填写 1 到 10,000,000 之间的整数"). */
  count: (min: number, max: number) => integer(min, max, "form.wholeNumber", `form.numberRange|min=${min}&max=${max}`),
  /** The same, or undefined when left blank. */
  optionalInt: (min: number, max: number, messages: { invalid?: RawMessage; range?: RawMessage } = {}) =>
    z
      .string()
      .optional()
      .transform((s) => (s?.trim() ? s : undefined))
      .pipe(field.int(min, max, messages).optional()),
  /** The version of a record the page was showing: anything else means the page is stale. */
  version: (min = 1) => integer(min, PG_INTEGER.max, "form.stale", "form.stale"),
  /** A required calendar date, YYYY-MM-DD once normalised; `invalid` is the message for one that does not exist. */
  date: (invalid: MessageKey = "form.invalid") =>
    z
      .string({ required_error: "form.required", invalid_type_error: "form.required" })
      .transform(normalizeDate)
      .pipe(z.string().min(1, "form.required").refine(isRealDate, invalid)),
  optionalDate: (invalid: MessageKey = "form.invalid") =>
    z
      .string()
      .optional()
      .transform((s) => (s === undefined ? undefined : normalizeDate(s) || undefined))
      .pipe(z.string().refine(isRealDate, invalid).optional()),
  /** A required one-line text (names, numbers, references): line breaks become spaces. */
  text: (max: number) => required(max, cleanLine),
  optionalText: (max: number) => optional(max, cleanLine),
  /** A required text of several lines (a description, a note, grounds): line breaks kept. */
  paragraph: (max: number) => required(max, clean),
  optionalParagraph: (max: number) => optional(max, clean),
  password: () =>
    z.string({ required_error: "form.required" }).min(1, "form.required").max(1024, "password.tooLong|max=256"),
  phone: () =>
    z
      .string({ required_error: "form.required" })
      .transform((s) => clean(s.normalize("NFKC")).replace(/[\s-]/g, ""))
      .pipe(
        z
          .string()
          .min(1, "form.required")
          .regex(/^(1[3-9]\d{9}|0\d{2,3}\d{7,8}|\+?86-?1[3-9]\d{9})$/, "form.phone"),
      ),
  checkbox: () =>
    z
      .string()
      .optional()
      .transform((v) => v === "on" || v === "true" || v === "1"),
};

const SECRET_FIELD = /password|secret|token/i;

export function valuesOf(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of formData) {
    // A checkbox group repeats its name: its choices are kept comma-separated (ids and keys have no commas).
    // Own keys only: a field named "constructor" is not the object's constructor ("__proto__" starts with "_").
    if (typeof v === "string" && !SECRET_FIELD.test(k) && !k.startsWith("_"))
      values[k] = Object.hasOwn(values, k) ? `${values[k]},${v.slice(0, 100)}` : v.slice(0, 2000);
  }
  return values;
}

export type Parsed<T> = { ok: true; data: T } | FormFailure;

/** Parses the form's text fields; fields named in `multi` (checkbox groups) arrive as arrays. */
export function parseForm<S extends z.ZodTypeAny>(
  formData: FormData,
  schema: S,
  options: { multi?: readonly string[] } = {},
): Parsed<z.infer<S>> {
  const raw: Record<string, string | string[]> = {};
  for (const [k, v] of formData) if (typeof v === "string") raw[k] = v;
  for (const k of options.multi ?? []) raw[k] = formData.getAll(k).filter((v): v is string => typeof v === "string");
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: Record<string, FieldMessage> = {};
  for (const issue of result.error.issues) {
    const name = String(issue.path[0] ?? "_form");
    fieldErrors[name] ??= messageOf(issue.message);
  }
  return { ok: false, values: valuesOf(formData), fieldErrors };
}

export function failureFrom(formData: FormData, message: FieldMessage, fieldName?: string): FormFailure {
  return fieldName
    ? { ok: false, values: valuesOf(formData), fieldErrors: { [fieldName]: message } }
    : { ok: false, values: valuesOf(formData), fieldErrors: {}, formError: message };
}
