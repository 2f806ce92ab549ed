import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { authorizedOnMany, type AuthorizedOnQuestion } from "#app/authorization/register.server.ts";
import { parseUscc } from "#app/enterprise/uscc.ts";
import { isRealDate, normalizeDate } from "#app/forms/form.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import type { MessageKey, Params } from "#app/i18n/i18n.ts";

/** Rows in one bulk check (issue: platforms check up to 10,000 sellers at once). */
export const MAX_CHECK_ROWS = 10_000;
/** Bytes of one bulk check's body: 10,000 rows of a few dozen bytes each, with room to spare. */
export const MAX_CHECK_BYTES = 2 * 1024 * 1024;

/** One row asked about; `notJsonLine` is the NDJSON line that did not parse (answered as such, not dropped). */
export type CheckInput = { row: number; uscc: unknown; mark: unknown; date: unknown; notJsonLine?: number };

/** A row the register could not be asked about, and why (a message key with its params). */
export interface CheckProblem {
  row: number;
  uscc: string | null;
  mark: string | null;
  date: string | null;
  problem: MessageKey;
  params?: Params;
}

export interface CheckAnswer {
  row: number;
  uscc: string;
  mark: string;
  date: string;
  authorized: boolean;
  status: string;
  since: string | null;
  until: string | null;
  announcement: string | null;
  exitAnnouncement: string | null;
  enterpriseId: string | null;
}

export type CheckResult = ({ valid: true } & CheckAnswer) | ({ valid: false } & CheckProblem);

export class CheckRequestError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params?: Params,
  ) {
    super(key);
  }
}

class NotJsonLine {
  constructor(readonly line: number) {}
}

/** The rows of a body: JSON `{"rows":[…]}` or NDJSON (one object a line). Throws CheckRequestError. */
export function parseCheckBody(body: Uint8Array, contentType: string): CheckInput[] {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(body);
  let rows: unknown[];
  if (/ndjson|jsonlines/i.test(contentType)) {
    rows = [];
    for (const [at, line] of text.split("\n").entries()) {
      if (!line.trim()) continue;
      if (rows.length >= MAX_CHECK_ROWS) throw new CheckRequestError("apiClient.tooManyRows", { max: MAX_CHECK_ROWS });
      try {
        rows.push(JSON.parse(line));
      } catch {
        rows.push(new NotJsonLine(at + 1));
      }
    }
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new CheckRequestError("apiClient.badJson");
    }
    const list = (parsed as { rows?: unknown } | null)?.rows;
    if (!Array.isArray(list)) throw new CheckRequestError("apiClient.badJson");
    rows = list;
  }
  if (rows.length > MAX_CHECK_ROWS) throw new CheckRequestError("apiClient.tooManyRows", { max: MAX_CHECK_ROWS });
  return rows.map((r, i) => {
    if (r instanceof NotJsonLine) return { row: i + 1, uscc: null, mark: null, date: null, notJsonLine: r.line };
    const o = r && typeof r === "object" ? (r as Record<string, unknown>) : {};
    return { row: i + 1, uscc: o.uscc, mark: o.mark, date: o.date };
  });
}

const text = (v: unknown) => (typeof v === "string" ? v : null);

/**
 * Every row answered, in order: well-formed rows by the register in one query
 * (authorizedOnMany), the rest with what is wrong with them — a bad check character is an
 * answer, not a dropped row. A row without a date is asked about today (Asia/Shanghai).
 */
export async function checkRows(db: Kysely<DB>, inputs: readonly CheckInput[]): Promise<CheckResult[]> {
  const today = shanghaiDate();
  const results: CheckResult[] = new Array(inputs.length);
  const asked: { at: number; q: AuthorizedOnQuestion }[] = [];
  inputs.forEach((input, at) => {
    const raw = { row: input.row, uscc: text(input.uscc), mark: text(input.mark), date: text(input.date) };
    if (input.notJsonLine !== undefined) {
      results[at] = { valid: false, ...raw, problem: "apiClient.lineNotJson", params: { line: input.notJsonLine } };
      return;
    }
    const uscc = parseUscc(raw.uscc ?? "");
    if (!uscc.ok) {
      const params: Params = { length: uscc.code.length, ...(uscc.position ? { position: uscc.position } : {}) };
      results[at] = { valid: false, ...raw, problem: `uscc.${uscc.problem}`, params };
      return;
    }
    const mark = raw.mark?.trim().toLowerCase() ?? "";
    if (!/^[a-z0-9-]{2,64}$/.test(mark)) {
      results[at] = { valid: false, ...raw, problem: "apiClient.badRow", params: { row: input.row } };
      return;
    }
    const date = raw.date === null || raw.date.trim() === "" ? today : normalizeDate(raw.date);
    if (!isRealDate(date)) {
      results[at] = { valid: false, ...raw, problem: "apiClient.badRow", params: { row: input.row } };
      return;
    }
    asked.push({ at, q: { uscc: uscc.code, markSlug: mark, date } });
  });
  const answers = await authorizedOnMany(
    db,
    asked.map((a) => a.q),
  );
  asked.forEach(({ at, q }, i) => {
    const a = answers[i]!;
    const row = inputs[at]!.row;
    if (!a.markKnown) {
      results[at] = {
        valid: false,
        row,
        uscc: q.uscc,
        mark: q.markSlug,
        date: q.date,
        problem: "apiClient.unknownMarkSlug",
        params: { slug: q.markSlug },
      };
      return;
    }
    results[at] = {
      valid: true,
      row,
      uscc: q.uscc,
      mark: q.markSlug,
      date: q.date,
      authorized: a.authorized,
      status: a.status,
      since: a.since,
      until: a.until,
      announcement: a.announcement,
      exitAnnouncement: a.exitAnnouncement,
      enterpriseId: a.enterpriseId,
    };
  });
  return results;
}
