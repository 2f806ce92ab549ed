import type { Kysely } from "kysely";
import type { DB, LabelOrderStatus } from "#db/schema.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { authorizationVisibleTo, labelOrderVisibleTo } from "#app/accounts/scope.server.ts";
import { mayOrderLabels } from "./order-rules.ts";
import { findOrderFor } from "./label-order.server.ts";
import { reconcile } from "./reconciliation.server.ts";

/** Orders the caller may see: own (enterprise), assigned (printer), in the division (regulator). */
export async function listOrders(
  db: Kysely<DB>,
  user: SessionUser,
  filter: { status?: LabelOrderStatus[]; enterpriseId?: string; limit?: number } = {},
) {
  let q = db
    .selectFrom("label_order")
    .innerJoin("authorization", "authorization.id", "label_order.authorization_id")
    .innerJoin("enterprise", "enterprise.id", "label_order.enterprise_id")
    .innerJoin("mark", "mark.id", "label_order.mark_id")
    .leftJoin("printer", "printer.id", "label_order.printer_id")
    .select([
      "label_order.id",
      "label_order.status",
      "label_order.quantity_requested",
      "label_order.quantity_approved",
      "label_order.created_at",
      "enterprise.name as enterprise_name",
      "mark.name as mark_name",
      "printer.name as printer_name",
    ])
    .where(labelOrderVisibleTo(user));
  if (filter.status) q = q.where("label_order.status", "in", filter.status);
  if (filter.enterpriseId) q = q.where("label_order.enterprise_id", "=", filter.enterpriseId);
  return q
    .orderBy("label_order.created_at", "desc")
    .limit(filter.limit ?? 200)
    .execute();
}

/**
 * The caller's own authorizations, as the order form's chooser shows them: each says whether
 * labels may be ordered under it now (mayOrderLabels); visibility is authorizationVisibleTo's.
 */
export async function authorizationsToOrderUnder(db: Kysely<DB>, user: SessionUser) {
  const rows = await db
    .selectFrom("authorization")
    .innerJoin("mark", "mark.id", "authorization.mark_id")
    .innerJoin("division", "division.code", "authorization.township_code")
    .select([
      "authorization.id",
      "authorization.status",
      "authorization.products",
      "mark.name as mark_name",
      "division.name as township",
    ])
    .where(authorizationVisibleTo(user))
    .orderBy("mark.name")
    .orderBy("authorization.created_at")
    .limit(200)
    .execute();
  return rows.map((r) => ({ ...r, mayOrder: mayOrderLabels(user.role, r) }));
}

export async function orderDetail(db: Kysely<DB>, user: SessionUser, orderId: string) {
  const order = await findOrderFor(db, user, orderId);
  if (!order) return undefined;
  const [mark, enterprise, printer, ledger, reconciliation, batches, firstCollectable] = await Promise.all([
    db
      .selectFrom("mark")
      .select(["name", "slug", "serial_prefix", "kind"])
      .where("id", "=", order.mark_id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("enterprise")
      .select(["name", "uscc"])
      .where("id", "=", order.enterprise_id)
      .executeTakeFirstOrThrow(),
    order.printer_id
      ? db.selectFrom("printer").select("name").where("id", "=", order.printer_id).executeTakeFirst()
      : Promise.resolve(undefined),
    db
      .selectFrom("label_ledger")
      .leftJoin("app_user", "app_user.id", "label_ledger.actor_user_id")
      .leftJoin("product_batch", "product_batch.id", "label_ledger.batch_id")
      .select([
        "label_ledger.id",
        "label_ledger.at",
        "label_ledger.action",
        "label_ledger.serial_from",
        "label_ledger.serial_to",
        "label_ledger.count",
        "label_ledger.reason",
        "app_user.display_name as actor",
        "product_batch.batch_no",
      ])
      .where("label_ledger.order_id", "=", orderId)
      .orderBy("label_ledger.id")
      .execute(),
    reconcile(db, order),
    user.role === "enterprise"
      ? db
          .selectFrom("product_batch")
          .select(["id", "product", "batch_no", "quantity", "production_date"])
          .where("authorization_id", "=", order.authorization_id)
          .orderBy("created_at", "desc")
          .execute()
      : Promise.resolve([]),
    user.role === "enterprise" && order.status === "received" ? firstInStock(db, order.id) : Promise.resolve(null),
  ]);
  return { order, mark, enterprise, printer, ledger, reconciliation, batches, firstCollectable };
}

/**
 * The lowest serial of an order still in stock (collectable), or null: what the collection form
 * starts from. Read along the order's serial index (label_order_serial_idx), stopping at the first.
 */
async function firstInStock(db: Kysely<DB>, orderId: string): Promise<number | null> {
  const row = await db
    .selectFrom("label")
    .select("serial")
    .where("order_id", "=", orderId)
    .where("status", "=", "received")
    .orderBy("serial")
    .limit(1)
    .executeTakeFirst();
  return row?.serial ?? null;
}

export async function designatedPrinters(db: Kysely<DB>, markId: string) {
  return db
    .selectFrom("mark_printer")
    .innerJoin("printer", "printer.id", "mark_printer.printer_id")
    .select(["printer.id", "printer.name"])
    .where("mark_printer.mark_id", "=", markId)
    .orderBy("printer.name")
    .execute();
}

/** Labels of an order in serial order, a page at a time (keyset), for streaming exports. */
export async function labelPage(db: Kysely<DB>, orderId: string, afterSerial: number, limit: number) {
  return db
    .selectFrom("label")
    .select(["code", "serial", "status"])
    .where("order_id", "=", orderId)
    .where("serial", ">", afterSerial)
    .orderBy("serial")
    .limit(limit)
    .execute();
}
