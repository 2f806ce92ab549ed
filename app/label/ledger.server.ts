import type { Kysely, Transaction } from "kysely";
import type { DB } from "#db/schema.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";

type Ledger = DB["label_ledger"]["action"];

/** One append-only entry in an order's label ledger: every room that moves labels writes through this. */
export async function ledger(
  trx: Transaction<DB> | Kysely<DB>,
  user: SessionUser | null,
  orderId: string,
  action: Ledger,
  e: { from?: number | null; to?: number | null; count?: number; batchId?: string | null; reason?: string | null } = {},
) {
  await trx
    .insertInto("label_ledger")
    .values({
      order_id: orderId,
      actor_user_id: user?.id ?? null,
      action,
      serial_from: e.from ?? null,
      serial_to: e.to ?? null,
      count: e.count ?? 0,
      batch_id: e.batchId ?? null,
      reason: e.reason ?? null,
    })
    .execute();
}
