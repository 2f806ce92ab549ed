import type { Kysely } from "kysely";
import type postgres from "postgres";
import type { DB } from "#db/schema.ts";
import { shanghaiDate } from "#app/authorization/working-days.ts";
import { inIssuingTransaction, issueLabels } from "./label-order.server.ts";

/**
 * Background issuing of large orders. The whole order is still one transaction (all codes or
 * none); progress is kept in this process for the order page, which refreshes itself. An order
 * left "approved" by a crash is picked up again at start (the crashed transaction left nothing).
 */
const progress = new Map<string, { done: number; total: number }>();
const running = new Map<string, Promise<boolean>>();

export function issuingProgress(orderId: string) {
  return progress.get(orderId) ?? null;
}

/** Issues an approved order's codes if nobody else has; returns whether this call issued them. */
export async function issueApprovedOrder(
  db: Kysely<DB>,
  raw: postgres.Sql | undefined,
  orderId: string,
): Promise<boolean> {
  return inIssuingTransaction(db, raw, async (trx, copy) => {
    // The row lock makes a second process (or a retry) wait, then find the order already issued.
    const order = await trx
      .selectFrom("label_order")
      .select(["id", "mark_id", "quantity_approved", "status"])
      .where("id", "=", orderId)
      .where("status", "=", "approved")
      .forUpdate()
      .executeTakeFirst();
    if (!order || !order.quantity_approved) return false;
    const total = order.quantity_approved;
    progress.set(orderId, { done: 0, total });
    const year = Number(shanghaiDate().slice(0, 4));
    await issueLabels(trx, null, order.id, order.mark_id, year, total, copy, (done) =>
      progress.set(orderId, { done, total }),
    );
    return true;
  });
}

export function startIssuing(db: Kysely<DB>, raw: postgres.Sql | undefined, orderId: string): Promise<boolean> {
  const existing = running.get(orderId);
  if (existing) return existing;
  const job = issueApprovedOrder(db, raw, orderId)
    .catch((error: unknown) => {
      console.error(
        `[issuing] order ${orderId} failed; it stays approved and will be retried at the next start`,
        error,
      );
      return false;
    })
    .finally(() => {
      running.delete(orderId);
      progress.delete(orderId);
    });
  running.set(orderId, job);
  return job;
}

/** At start: orders approved but never issued (a crash mid-issue) are issued again. */
export async function resumeInterruptedIssuing(db: Kysely<DB>, raw: postgres.Sql | undefined): Promise<number> {
  const pending = await db.selectFrom("label_order").select("id").where("status", "=", "approved").execute();
  for (const order of pending) void startIssuing(db, raw, order.id);
  return pending.length;
}
