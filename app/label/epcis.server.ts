import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { findOrderFor } from "./label-order.server.ts";
import { epcisDocument } from "./epcis.ts";

/**
 * The EPCIS 2.0 document of one order's label ledger, for a user who can see the order (scope),
 * or undefined. Whether this user may export it is the caller's question (`order.exportEvents`).
 */
export async function orderEpcis(db: Kysely<DB>, user: SessionUser, orderId: string, origin: string) {
  const order = await findOrderFor(db, user, orderId);
  if (!order) return undefined;
  const [mark, enterprise, ledger] = await Promise.all([
    db
      .selectFrom("mark")
      .select(["name", "slug", "serial_prefix"])
      .where("id", "=", order.mark_id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("enterprise")
      .select(["id", "name", "uscc"])
      .where("id", "=", order.enterprise_id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("label_ledger")
      .leftJoin("product_batch", "product_batch.id", "label_ledger.batch_id")
      .select([
        "label_ledger.id",
        "label_ledger.at",
        "label_ledger.action",
        "label_ledger.serial_from",
        "label_ledger.serial_to",
        "label_ledger.count",
        "label_ledger.reason",
        "product_batch.id as batch_id",
        "product_batch.batch_no",
        "product_batch.gtin",
      ])
      .where("label_ledger.order_id", "=", orderId)
      .orderBy("label_ledger.id")
      .execute(),
  ]);
  const document = epcisDocument({
    origin,
    order,
    mark,
    enterprise,
    townshipCode: order.township_code,
    ledger: ledger.map((l) => ({
      ...l,
      batch: l.batch_id && l.batch_no ? { id: l.batch_id, batch_no: l.batch_no, gtin: l.gtin } : null,
    })),
    now: new Date(),
  });
  return { document, filename: `epcis-${mark.slug}-${order.id.slice(0, 8)}.jsonld` };
}
