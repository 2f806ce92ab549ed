import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { DomainError } from "#app/errors.ts";
import { logFacts } from "#app/log/log.server.ts";
import { serialRuns } from "./serials.ts";
import { ledger } from "./ledger.server.ts";
import { findOrderFor } from "./label-order.server.ts";
import { doesOnOrders, printsOrder } from "./order-rules.ts";

/**
 * Whoever prints the order (its printer, or the enterprise printing itself) reports how many were
 * printed and which serials were spoiled, then ships (to itself, for a self-printed order).
 */
export async function recordPrinting(
  db: Kysely<DB>,
  user: SessionUser,
  orderId: string,
  input: { printed: number; spoiledSerials: number[]; version: number },
) {
  if (!doesOnOrders(user.role, "print")) throw new DomainError("error.forbidden.text", { status: 403 });
  const order = await findOrderFor(db, user, orderId);
  if (!order) throw new DomainError("error.notFound.text", { status: 404 });
  if (!printsOrder(user.role, order)) throw new DomainError("error.forbidden.text", { status: 403 });
  if (order.version !== input.version || order.status !== "issued")
    throw new DomainError("form.stale", { status: 409 });
  const spoiled = [...new Set(input.spoiledSerials)];
  if (spoiled.some((s) => s < order.serial_from! || s > order.serial_to!))
    throw new DomainError("label.serialOutsideOrder", { field: "spoiledSerials" });
  if (input.printed + spoiled.length !== order.issued_count) {
    throw new DomainError("label.printCountMismatch", {
      field: "printed",
      params: { issued: order.issued_count, printed: input.printed, spoiled: spoiled.length },
    });
  }
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("label_order")
      .set({
        status: "shipped",
        printed_count: input.printed,
        spoiled_count: spoiled.length,
        version: order.version + 1,
        updated_at: new Date(),
      })
      .where("id", "=", orderId)
      .where("version", "=", input.version)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new DomainError("form.stale", { status: 409 });
    if (spoiled.length) {
      // Runs of consecutive serials, sent as two array parameters: one statement for the labels
      // and one for the ledger, whatever the size of the list (never one parameter per label).
      const runs = serialRuns(spoiled);
      const froms = runs.map((r) => r[0]).join(",");
      const tos = runs.map((r) => r[1]).join(",");
      const run = sql`unnest(string_to_array(${froms}, ',')::bigint[], string_to_array(${tos}, ',')::bigint[]) as run(f, t)`;
      await sql`
        update label l set status = 'spoiled', void_reason = 'misprinted', updated_at = now()
          from ${run}
         where l.order_id = ${orderId} and l.serial between run.f and run.t`.execute(trx);
      await sql`
        insert into label_ledger (order_id, actor_user_id, action, serial_from, serial_to, count, reason)
        select ${orderId}, ${user.id}, 'spoil', run.f, run.t, run.t - run.f + 1, 'misprinted' from ${run}
         order by run.f`.execute(trx);
    }
    await trx
      .updateTable("label")
      .set({ status: "printed", updated_at: new Date() })
      .where("order_id", "=", orderId)
      .where("status", "=", "issued")
      .execute();
    await ledger(trx, user, orderId, "print", { from: order.serial_from, to: order.serial_to, count: input.printed });
    await ledger(trx, user, orderId, "ship", { count: input.printed });
    await recordAudit(trx, actorOf(user), {
      action: "label_order.print",
      entityType: "label_order",
      entityId: orderId,
      after: { printed: input.printed, spoiled: serialRuns(spoiled) },
    });
    await logFacts(trx);
    return row;
  });
}
