export type SerialList =
  | {
      ok: true;
      serials: number[];
      /** The heads typed with full serials ("AHHJ-2026"), upper case: checked against the order's own. */
      heads: string[];
    }
  | { ok: false; error: "unreadable" | "tooMany" };

/**
 * Serial input as people type it: "5, 8, 10-12", full serials "AHHJ-2026-00000005", full-width
 * digits. Returns the sequence numbers (at most `max` of them, counted before any is expanded,
 * so a huge range costs nothing), or why it cannot be read.
 */
export function parseSerialList(input: string, max: number): SerialList {
  const text = input.normalize("NFKC").trim();
  if (!text) return { ok: true, serials: [], heads: [] };
  const out: number[] = [];
  const heads = new Set<string>();
  for (const part of text.split(/[,，;；\s]+/).filter(Boolean)) {
    const range = part.match(/^(?:([A-Z0-9]+-\d{4})-)?(\d{1,12})(?:[~～-](?:([A-Z0-9]+-\d{4})-)?(\d{1,12}))?$/i);
    if (!range) return { ok: false, error: "unreadable" };
    for (const head of [range[1], range[3]]) if (head) heads.add(head.toUpperCase());
    const from = Number(range[2]);
    const to = range[4] === undefined ? from : Number(range[4]);
    if (to < from) return { ok: false, error: "unreadable" };
    if (out.length + (to - from + 1) > max) return { ok: false, error: "tooMany" };
    for (let s = from; s <= to; s++) out.push(s);
  }
  return { ok: true, serials: out, heads: [...heads] };
}

/** One serial: a sequence number or a full printed serial (with the head it was typed with, if any). */
export function parseSerial(input: string): { sequence: number; head: string | null } | null {
  const list = parseSerialList(input, 1);
  return list.ok && list.serials.length === 1 ? { sequence: list.serials[0]!, head: list.heads[0] ?? null } : null;
}

/** The first typed head that is not the order's own (`expected`, from serialHead), if any. */
export function foreignHead(heads: readonly (string | null)[], expected: string): string | null {
  return heads.find((h) => h !== null && h !== expected.toUpperCase()) ?? null;
}

/**
 * Sorted distinct serials as inclusive [from, to] runs: how the ledger and the audit record a
 * choice of labels, so a record grows with the number of runs, not of labels.
 */
export function serialRuns(serials: readonly number[]): [number, number][] {
  const sorted = [...new Set(serials)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const s of sorted) {
    const last = runs.at(-1);
    if (last && s === last[1] + 1) last[1] = s;
    else runs.push([s, s]);
  }
  return runs;
}
