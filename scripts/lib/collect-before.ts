// The collection of before issue 13 (app/label/label-stock.server.ts at 7c8a665, since split into collection.server.ts and its neighbours), kept only so
// bench:collect can measure "before" and "after" in the same run: it reads every chosen label
// into JavaScript, regroups serials by copying an array per label (quadratic), and sends one SQL
// parameter per label (so PostgreSQL refuses it past 65,534 labels). Never used by the app.
import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { ledger } from "#app/label/ledger.server.ts";

export async function collectLabelsBefore(
  db: Kysely<DB>,
  user: SessionUser,
  batchId: string,
  range: { year: number; from: number; to: number },
) {
  const batch = await db
    .selectFrom("product_batch")
    .innerJoin("authorization", "authorization.id", "product_batch.authorization_id")
    .select(["product_batch.id", "authorization.mark_id"])
    .where("product_batch.id", "=", batchId)
    .executeTakeFirstOrThrow();
  return db.transaction().execute(async (trx) => {
    const labels = await trx
      .selectFrom("label")
      .innerJoin("label_order", "label_order.id", "label.order_id")
      .select(["label.code", "label.serial", "label.status", "label.order_id", "label_order.enterprise_id"])
      .where("label.mark_id", "=", batch.mark_id)
      .where("label.serial_year", "=", range.year)
      .where("label.serial", ">=", range.from)
      .where("label.serial", "<=", range.to)
      .forUpdate("label")
      .execute();
    if (labels.some((l) => l.status !== "received")) throw new Error("not in stock");
    await trx
      .updateTable("label")
      .set({ status: "collected", batch_id: batchId, updated_at: new Date() })
      .where(
        "code",
        "in",
        labels.map((l) => l.code),
      )
      .execute();
    const byOrder = new Map<string, number[]>();
    for (const l of labels) byOrder.set(l.order_id, [...(byOrder.get(l.order_id) ?? []), l.serial]);
    for (const [orderId, serials] of byOrder)
      await ledger(trx, user, orderId, "collect", {
        from: Math.min(...serials),
        to: Math.max(...serials),
        count: serials.length,
        batchId,
      });
    await recordAudit(trx, actorOf(user), {
      action: "label.collect",
      entityType: "product_batch",
      entityId: batchId,
      after: { serials: labels.map((l) => l.serial).sort((a, b) => a - b), count: labels.length },
    });
    return labels.length;
  });
}
