import { sql, type RawBuilder, type Transaction } from "kysely";
import type { DB } from "#db/schema.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { DomainError } from "#app/errors.ts";
import { LABEL_LIMITS } from "./limits.ts";
import type { LabelOrderStatus, LabelStatus } from "#db/schema.ts";

// Choosing labels by serial range or scanned codes, counted and written to the ledger set-based:
// shared by collection and voiding.

type Selection = { year: number; from: number; to: number };
/** Labels chosen by serial range, or by scanned codes (already parsed to their 16 bytes). */
export type LabelChoice = Selection | { codes: Uint8Array[] };

/**
 * A choice of labels as one SQL condition on `label` (aliased `l`), and how many labels it must
 * match. Codes travel as one text parameter, never one parameter per label, so a choice of any
 * size stays one statement (PostgreSQL allows 65,535 parameters in all).
 */
export function chosen(markId: string, choice: LabelChoice): { where: RawBuilder<unknown>; expected: number } {
  if ("codes" in choice) {
    if (choice.codes.length > LABEL_LIMITS.codes)
      throw new DomainError("label.tooManyCodes", { field: "codes", params: { max: LABEL_LIMITS.codes } });
    const hex = [...new Set(choice.codes.map((c) => Buffer.from(c).toString("hex")))];
    if (!hex.length) throw new DomainError("form.required", { field: "codes" });
    return {
      where: sql`l.mark_id = ${markId} and l.code in (select decode(h, 'hex') from unnest(string_to_array(${hex.join(",")}, ',')) as h)`,
      expected: hex.length,
    };
  }
  if (choice.to < choice.from) throw new DomainError("label.badRange", { field: "from" });
  const expected = choice.to - choice.from + 1;
  if (expected > LABEL_LIMITS.range)
    throw new DomainError("label.rangeTooLarge", { field: "to", params: { max: LABEL_LIMITS.range, count: expected } });
  return {
    // Through the orders whose ranges meet it: label has no (mark, year, serial) index (decision 021).
    where: sql`l.order_id in (select o.id from label_order o where o.mark_id = ${markId} and o.serial_year = ${choice.year}
                 and o.serial_from <= ${choice.to} and o.serial_to >= ${choice.from})
               and l.mark_id = ${markId} and l.serial_year = ${choice.year} and l.serial between ${choice.from} and ${choice.to}`,
    expected,
  };
}

/**
 * What a choice holds, counted in one pass: nothing is read label by label. `orderStatuses`, when
 * given, also counts the labels whose order is in none of them (`outsideOrders`).
 */
export async function tally(
  trx: Transaction<DB>,
  where: RawBuilder<unknown>,
  enterpriseId: string,
  blocking: readonly LabelStatus[],
  orderStatuses?: readonly LabelOrderStatus[],
) {
  const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));
  const outside = orderStatuses ? sql`count(*) filter (where o.status not in (${list(orderStatuses)}))::int` : sql`0`;
  const { rows } = await sql<{
    total: number;
    foreign: number;
    blocked: number;
    collected: number;
    outsideOrders: number;
  }>`
    select count(*)::int as total,
           count(*) filter (where o.enterprise_id <> ${enterpriseId})::int as foreign,
           count(*) filter (where l.status in (${list(blocking)}))::int as blocked,
           count(*) filter (where l.status = 'collected')::int as collected,
           ${outside} as "outsideOrders"
      from label l join label_order o on o.id = l.order_id
     where ${where}`.execute(trx);
  return rows[0]!;
}

/**
 * One ledger entry per run of consecutive serials per order, written in one statement; returns
 * the runs for the audit record.
 */
export async function ledgerRuns(
  trx: Transaction<DB>,
  user: SessionUser,
  where: RawBuilder<unknown>,
  action: "collect" | "void",
  e: { batchId?: string; reason?: string },
) {
  const { rows } = await sql<{ serial_from: number; serial_to: number }>`
    insert into label_ledger (order_id, actor_user_id, action, serial_from, serial_to, count, batch_id, reason)
    select order_id, ${user.id}, ${action}, min(serial), max(serial), count(*), ${e.batchId ?? null}, ${e.reason ?? null}
      from (select l.order_id, l.serial, l.serial - row_number() over (partition by l.order_id order by l.serial) as run
              from label l where ${where}) r
     group by order_id, run
    returning serial_from, serial_to`.execute(trx);
  return rows.map((r) => [r.serial_from, r.serial_to] as [number, number]).sort((a, b) => a[0] - b[0]);
}
