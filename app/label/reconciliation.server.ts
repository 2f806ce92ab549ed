import { type Kysely } from "kysely";
import type { Discrepancy } from "./discrepancies.ts";
import type { DB } from "#db/schema.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { DomainError } from "#app/errors.ts";
import { findOrderFor } from "./label-order.server.ts";

// Reconciliation: what an order's labels became, every count agreeing with the next.

export interface Reconciliation {
  approved: number;
  issued: number;
  printed: number;
  spoiled: number;
  received: number;
  collected: number;
  voided: number;
  inStock: number;
  discrepancies: Discrepancy[];
}

/** approved ≥ issued = printed + spoiled; printed = received; received = collected + voided + in stock. */
export async function reconcileOrder(db: Kysely<DB>, user: SessionUser, orderId: string): Promise<Reconciliation> {
  const order = await findOrderFor(db, user, orderId);
  if (!order) throw new DomainError("error.notFound.text", { status: 404 });
  return reconcile(db, order);
}

/** The reconciliation of an order the caller has already been allowed to see. */
export async function reconcile(
  db: Kysely<DB>,
  order: { id: string; quantity_approved: number | null; printed_count: number | null; received_count: number | null },
): Promise<Reconciliation> {
  const rows = await db
    .selectFrom("label")
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .where("order_id", "=", order.id)
    .groupBy("status")
    .execute();
  const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Partial<Record<string, number>>;
  const collected = by.collected ?? 0;
  const voided = by.voided ?? 0;
  const inStock = by.received ?? 0;
  const r: Reconciliation = {
    approved: order.quantity_approved ?? 0,
    issued: rows.reduce((s, x) => s + Number(x.n), 0),
    printed: order.printed_count ?? 0,
    spoiled: by.spoiled ?? 0,
    received: order.received_count ?? 0,
    collected,
    voided,
    inStock,
    discrepancies: [],
  };
  if (r.issued > r.approved) r.discrepancies.push("issued_above_approved");
  if (order.printed_count !== null && r.issued !== r.printed + r.spoiled)
    r.discrepancies.push("issued_not_printed_plus_spoiled");
  if (order.received_count !== null && r.printed !== r.received) r.discrepancies.push("printed_not_received");
  if (order.received_count !== null && r.received !== r.collected + r.voided + r.inStock)
    r.discrepancies.push("received_not_accounted");
  return r;
}
