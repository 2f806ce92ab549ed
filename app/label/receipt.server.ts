import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { DomainError } from "#app/errors.ts";
import { raiseFlagIn } from "#app/alert/flags.server.ts";
import { ledger } from "./ledger.server.ts";
import { findOrderFor } from "./label-order.server.ts";
import { doesOnOrders } from "./order-rules.ts";

/** The enterprise confirms what arrived; a difference is flagged to the regulator. */
export async function confirmReceipt(
  db: Kysely<DB>,
  user: SessionUser,
  orderId: string,
  input: { received: number; version: number },
) {
  if (!doesOnOrders(user.role, "receive")) throw new DomainError("error.forbidden.text", { status: 403 });
  const order = await findOrderFor(db, user, orderId);
  if (!order) throw new DomainError("error.notFound.text", { status: 404 });
  if (order.version !== input.version || order.status !== "shipped")
    throw new DomainError("form.stale", { status: 409 });
  if (!Number.isInteger(input.received) || input.received < 0 || input.received > (order.printed_count ?? 0)) {
    throw new DomainError("label.receiveRange", { field: "received", params: { max: order.printed_count ?? 0 } });
  }
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("label_order")
      .set({ status: "received", received_count: input.received, version: order.version + 1, updated_at: new Date() })
      .where("id", "=", orderId)
      .where("version", "=", input.version)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new DomainError("form.stale", { status: 409 });
    // The lowest serials are taken as received; any missing remain "printed" and are flagged.
    await sql`update label set status = 'received', updated_at = now()
              where code in (select code from label where order_id = ${orderId} and status = 'printed' order by serial limit ${input.received})`.execute(
      trx,
    );
    await ledger(trx, user, orderId, "receive", { count: input.received });
    if (input.received !== order.printed_count) {
      await raiseFlagIn(
        trx,
        actorOf(user),
        "receipt_mismatch",
        { id: order.authorization_id, enterprise_id: order.enterprise_id, township_code: order.township_code },
        { orderId, printed: order.printed_count, received: input.received },
      );
    }
    await recordAudit(trx, actorOf(user), {
      action: "label_order.receive",
      entityType: "label_order",
      entityId: orderId,
      after: { printed: order.printed_count, received: input.received },
    });
    return row;
  });
}
