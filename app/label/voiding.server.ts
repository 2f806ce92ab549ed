import { sql, type Kysely, type RawBuilder, type Transaction } from "kysely";
import type { DB } from "#db/schema.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { DomainError } from "#app/errors.ts";
import type { VoidReason } from "./void-reasons.ts";
import { logFacts } from "#app/log/log.server.ts";
import { BLOCKS_VOIDING, blockerLines, blockersOf } from "./blockers.server.ts";
import { chosen, ledgerRuns, tally, type LabelChoice } from "./label-choice.server.ts";
import { doesOnOrders, ORDER_RULES } from "./order-rules.ts";

// Voiding (作废): labels damaged, lost or misprinted, taken out of use.

/** Voids labels (damaged, lost, misprinted); never labels already voided or spoiled. Set-based. */
export async function voidLabels(
  db: Kysely<DB>,
  user: SessionUser,
  markId: string,
  range: LabelChoice,
  reason: VoidReason,
) {
  if (!doesOnOrders(user.role, "void") || !user.enterpriseId)
    throw new DomainError("error.forbidden.text", { status: 403 });
  const enterpriseId = user.enterpriseId;
  const { where, expected } = chosen(markId, range);
  return db.transaction().execute(async (trx) => {
    await checkVoid(trx, markId, where, expected, enterpriseId);
    const updated = await sql`
      update label l set status = 'voided', void_reason = ${reason}, updated_at = now()
        from label_order o
       where o.id = l.order_id and o.enterprise_id = ${enterpriseId} and l.status not in ('voided', 'spoiled')
         and ${where}`.execute(trx);
    const changed = Number(updated.numAffectedRows ?? 0);
    if (changed !== expected)
      throw new DomainError("label.changedMeanwhile", { field: "from", params: { count: expected - changed } });
    const runs = await ledgerRuns(trx, user, where, "void", { reason });
    await recordAudit(trx, actorOf(user), {
      action: "label.void",
      entityType: "label",
      entityId: `${markId}:${runs[0]![0]}-${runs.at(-1)![1]}`,
      after: { runs, count: expected },
      reason,
    });
    await logFacts(trx);
    return expected;
  });
}

/** Every label chosen is the enterprise's and neither voided nor spoiled already (each one that is, named). */
async function checkVoid(
  trx: Transaction<DB>,
  markId: string,
  where: RawBuilder<unknown>,
  expected: number,
  enterpriseId: string,
) {
  // Only labels of an order the enterprise has received (ORDER_RULES.void): labels still at the
  // printer or on the way are the printer's to record as spoiled; ones missing after receipt may go.
  const t = await tally(trx, where, enterpriseId, BLOCKS_VOIDING, ORDER_RULES.void.when);
  if (t.total !== expected || t.foreign) throw new DomainError("label.notYours", { field: "from" });
  if (t.outsideOrders)
    throw new DomainError("label.voidNotReceived", { field: "from", params: { count: t.outsideOrders } });
  if (!t.blocked) return t;
  const mark = await trx
    .selectFrom("mark")
    .select(["serial_prefix", "slug"])
    .where("id", "=", markId)
    .executeTakeFirstOrThrow();
  throw new DomainError("label.voidBlocked", {
    field: "from",
    params: { count: t.blocked, range: t.total },
    items: blockerLines(mark, await blockersOf(trx, where, BLOCKS_VOIDING)),
  });
}

/**
 * How many labels voiding would void, and how many of them are already on products (collected),
 * after every check `voidLabels` makes, changing nothing: the confirmation step shows both before
 * the labels are voided for good.
 */
export async function previewVoid(db: Kysely<DB>, user: SessionUser, markId: string, range: LabelChoice) {
  if (!doesOnOrders(user.role, "void") || !user.enterpriseId)
    throw new DomainError("error.forbidden.text", { status: 403 });
  const enterpriseId = user.enterpriseId;
  const { where, expected } = chosen(markId, range);
  const t = await db.transaction().execute((trx) => checkVoid(trx, markId, where, expected, enterpriseId));
  return { count: expected, collected: t.collected };
}
