import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { DomainError } from "#app/errors.ts";
import { logFacts } from "#app/log/log.server.ts";
import { doesOnOrders, mayUseLabels } from "./order-rules.ts";
import { BLOCKS_COLLECTION, blockerLines, blockersOf } from "./blockers.server.ts";
import type { FieldMessage } from "#app/forms/form.ts";
import { chosen, tally, type LabelChoice } from "./label-choice.server.ts";

// Collection (领用): in-stock labels bound to a product batch.

/** What a collection did: how many labels it bound, and what it skipped (only when asked to). */
export type Collection = { collected: number; skipped: { count: number; lines: FieldMessage[] } };

/**
 * Binds in-stock labels to a product batch (领用). By default all or nothing: a choice holding
 * labels that cannot be collected is refused, naming each one's true state (spoiled, voided,
 * collected onto which batch, not received). With `skipUnusable` (the user's explicit choice) the
 * in-stock labels of the choice are collected and the rest listed as skipped. Set-based: a tally,
 * one UPDATE whose conditions repeat every rule and writes its ledger runs in the same statement
 * (so a concurrent change makes the counts differ and the whole collection rolls back), whatever the size.
 */
export async function collectLabels(
  db: Kysely<DB>,
  user: SessionUser,
  batchId: string,
  range: LabelChoice,
  options: { skipUnusable?: boolean } = {},
): Promise<Collection> {
  if (!doesOnOrders(user.role, "collect") || !user.enterpriseId)
    throw new DomainError("error.forbidden.text", { status: 403 });
  const enterpriseId = user.enterpriseId;
  const batch = await db
    .selectFrom("product_batch")
    .innerJoin("authorization", "authorization.id", "product_batch.authorization_id")
    .innerJoin("mark", "mark.id", "authorization.mark_id")
    .select([
      "product_batch.id",
      "product_batch.quantity",
      "authorization.mark_id",
      "authorization.status",
      "mark.serial_prefix",
      "mark.slug",
    ])
    .where("product_batch.id", "=", batchId)
    .where("product_batch.enterprise_id", "=", enterpriseId)
    .executeTakeFirst();
  if (!batch) throw new DomainError("error.notFound.text", { status: 404 });
  if (!mayUseLabels(batch.status))
    throw new DomainError("label.authorizationNotActive", { status: 409, params: { status: batch.status } });
  const { where, expected } = chosen(batch.mark_id, range);
  // Where a refusal points: the range's start serial, or the scanned codes.
  const field = "codes" in range ? "codes" : "from";
  return db.transaction().execute(async (trx) => {
    // Collections onto one batch take turns, so two at once cannot both fit under its quantity.
    await trx.selectFrom("product_batch").select("id").where("id", "=", batchId).forUpdate().execute();
    const t = await tally(trx, where, enterpriseId, BLOCKS_COLLECTION);
    if (t.total !== expected || t.foreign) throw new DomainError("label.notYours", { field });
    const usable = t.total - t.blocked;
    const blockers = t.blocked ? await blockersOf(trx, where, BLOCKS_COLLECTION) : null;
    const lines = blockers ? blockerLines(batch, blockers) : [];
    if (blockers && !options.skipUnusable)
      throw new DomainError("label.collectBlocked", {
        field,
        params: { count: t.blocked, range: t.total, usable },
        // The hint names the range form's checkbox; scanned codes are simply scanned again without the blocked ones.
        items: usable && field === "from" ? [...lines, { key: "label.collectBlockedHint", params: { usable } }] : lines,
      });
    if (!usable) throw new DomainError("label.nothingUsable", { field, items: lines });
    const already = await trx
      .selectFrom("label")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("batch_id", "=", batchId)
      .executeTakeFirstOrThrow();
    if (Number(already.n) + usable > batch.quantity) {
      throw new DomainError("label.moreThanBatch", {
        field: field === "from" ? "to" : field,
        params: {
          quantity: batch.quantity,
          already: Number(already.n),
          room: Math.max(0, batch.quantity - Number(already.n)),
          count: usable,
        },
      });
    }
    // The labels moved and their ledger runs (one per run of consecutive serials per order), in one statement.
    const { rows } = await sql<{ serial_from: number; serial_to: number; count: number }>`
      with moved as (
        update label l set status = 'collected', batch_id = ${batchId}, updated_at = now()
          from label_order o
         where o.id = l.order_id and o.enterprise_id = ${enterpriseId} and l.status = 'received' and ${where}
        returning l.order_id, l.serial
      )
      insert into label_ledger (order_id, actor_user_id, action, serial_from, serial_to, count, batch_id)
      select order_id, ${user.id}, 'collect', min(serial), max(serial), count(*), ${batchId}
        from (select order_id, serial, serial - row_number() over (partition by order_id order by serial) as run
                from moved) r
       group by order_id, run
      returning serial_from, serial_to, count`.execute(trx);
    const changed = rows.reduce((s, r) => s + r.count, 0);
    if (changed !== usable)
      throw new DomainError("label.changedMeanwhile", { field, params: { count: Math.abs(usable - changed) } });
    const runs = rows.map((r) => [r.serial_from, r.serial_to] as [number, number]).sort((a, b) => a[0] - b[0]);
    await recordAudit(trx, actorOf(user), {
      action: "label.collect",
      entityType: "product_batch",
      entityId: batchId,
      after: { runs, count: changed, skipped: t.blocked },
    });
    await logFacts(trx);
    return { collected: changed, skipped: { count: t.blocked, lines } };
  });
}
