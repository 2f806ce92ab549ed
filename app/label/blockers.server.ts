import { sql, type RawBuilder, type Transaction } from "kysely";
import type { DB, LabelStatus } from "#db/schema.ts";
import type { FieldMessage } from "#app/forms/form.ts";
import { formatSerial, type SerialMark } from "#app/label-code/code.ts";

/** The states in which a label cannot be collected: everything but in stock. */
export const BLOCKS_COLLECTION = [
  "issued",
  "printed",
  "spoiled",
  "collected",
  "voided",
] as const satisfies readonly LabelStatus[];
/** The states in which a label cannot be voided (again). */
export const BLOCKS_VOIDING = ["spoiled", "voided"] as const satisfies readonly LabelStatus[];

/** How many runs a message lists before it says "and N more": 10,000 blockers never make 10,000 lines. */
export const LISTED_RUNS = 20;

/** Consecutive serials in one state (and, when collected, on one batch; when voided, for one reason). */
export type BlockedRun = {
  year: number;
  from: number;
  to: number;
  count: number;
  status: LabelStatus;
  batchNo: string | null;
  voidReason: string | null;
};

/** The labels of a choice that block an act, as runs: the first LISTED_RUNS, and how many more. */
export type Blockers = { count: number; runs: BlockedRun[]; moreRuns: number; moreCount: number };

/**
 * The labels of a choice (`where`, on `label l`) in one of `statuses`, grouped into runs of
 * consecutive serials in the same state, in one statement whatever the size of the choice.
 */
export async function blockersOf(
  trx: Transaction<DB>,
  where: RawBuilder<unknown>,
  statuses: readonly LabelStatus[],
): Promise<Blockers> {
  const { rows } = await sql<{
    serial_year: number;
    status: LabelStatus;
    batch_no: string | null;
    void_reason: string | null;
    serial_from: number;
    serial_to: number;
    n: number;
    total_runs: number;
    total: number;
  }>`
    with b as (
      select l.serial_year, l.serial, l.status, l.batch_id, l.void_reason,
             l.serial - row_number() over (partition by l.serial_year, l.status, l.batch_id, l.void_reason
                                           order by l.serial) as run
        from label l
       where ${where} and l.status in (${sql.join(statuses.map((s) => sql.lit(s)))})
    ), runs as (
      select serial_year, status, batch_id, void_reason, min(serial) as serial_from, max(serial) as serial_to,
             count(*)::int as n
        from b group by serial_year, status, batch_id, void_reason, run
    )
    select r.serial_year, r.status, pb.batch_no, r.void_reason, r.serial_from, r.serial_to, r.n,
           count(*) over ()::int as total_runs, (sum(r.n) over ())::int as total
      from runs r left join product_batch pb on pb.id = r.batch_id
     order by r.serial_year, r.serial_from
     limit ${LISTED_RUNS}`.execute(trx);
  const runs = rows.map((r) => ({
    year: r.serial_year,
    from: r.serial_from,
    to: r.serial_to,
    count: r.n,
    status: r.status,
    batchNo: r.status === "collected" ? r.batch_no : null,
    voidReason: r.status === "voided" ? r.void_reason : null,
  }));
  const count = rows[0]?.total ?? 0;
  const listed = runs.reduce((s, r) => s + r.count, 0);
  return { count, runs, moreRuns: (rows[0]?.total_runs ?? 0) - runs.length, moreCount: count - listed };
}

/**
 * The runs as lines in the user's language: each names its serials (by the one serial formatter)
 * and its true state; the last says how many more were left unlisted.
 */
export function blockerLines(mark: SerialMark, blockers: Blockers): FieldMessage[] {
  const lines: FieldMessage[] = blockers.runs.map((r) => {
    const serials =
      r.from === r.to
        ? formatSerial(mark, r.year, r.from)
        : `${formatSerial(mark, r.year, r.from)} – ${formatSerial(mark, r.year, r.to)}`;
    const params = { serials, count: r.count };
    switch (r.status) {
      case "collected":
        return { key: "label.blocked.collected", params: { ...params, batch: r.batchNo ?? "" } };
      case "voided":
        return { key: "label.blocked.voided", params: { ...params, reason: r.voidReason ?? "" } };
      case "issued":
      case "printed":
      case "spoiled":
        return { key: `label.blocked.${r.status}`, params };
      case "received":
        throw new Error("a label in stock blocks nothing");
    }
  });
  if (blockers.moreRuns > 0)
    lines.push({ key: "label.blocked.more", params: { runs: blockers.moreRuns, count: blockers.moreCount } });
  return lines;
}
