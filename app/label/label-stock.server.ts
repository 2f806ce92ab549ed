import type { Kysely, Transaction } from "kysely";
import type { DB } from "#db/schema.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { DomainError } from "#app/errors.ts";
import { transactionWithDocuments, type Upload } from "#app/document/document.server.ts";
import { findOrderFor, ledger } from "./label-order.server.ts";

// The enterprise's side of the ledger once labels have arrived: product batches, collection (领用),
// voiding, and reconciliation of what an order's labels became.

/** A product batch, with the inspection report it was released on (stored only if the batch is). */
export async function createBatch(
  db: Kysely<DB>,
  user: SessionUser,
  input: {
    authorizationId: string;
    product: string;
    specification?: string | undefined;
    batchNo: string;
    productionDate: string;
    quantity: number;
    inspectionReport?: Upload | undefined;
  },
) {
  if (user.role !== "enterprise" || !user.enterpriseId) throw new DomainError("error.forbidden.text", { status: 403 });
  const authorization = await db
    .selectFrom("authorization")
    .select(["id", "status"])
    .where("id", "=", input.authorizationId)
    .where("enterprise_id", "=", user.enterpriseId)
    .executeTakeFirst();
  if (!authorization) throw new DomainError("error.notFound.text", { status: 404 });
  const { inspectionReport, ...particulars } = input;
  return transactionWithDocuments(db, async (trx, documents) => {
    const report = inspectionReport
      ? await documents.store(
          inspectionReport,
          "inspection_report",
          { actor: actorOf(user), uploadedBy: user.id, enterpriseId: user.enterpriseId },
          { field: "inspectionReport" },
        )
      : null;
    const batch = await trx
      .insertInto("product_batch")
      .values({
        enterprise_id: user.enterpriseId!,
        authorization_id: authorization.id,
        product: input.product,
        specification: input.specification ?? null,
        batch_no: input.batchNo,
        production_date: input.productionDate,
        quantity: input.quantity,
        inspection_document_id: report?.id ?? null,
        created_by: user.id,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actorOf(user), {
      action: "product_batch.create",
      entityType: "product_batch",
      entityId: batch.id,
      after: { ...particulars, inspectionDocumentId: report?.id ?? null },
    });
    return batch;
  });
}

type Selection = { year: number; from: number; to: number };
/** Labels chosen by serial range, or by scanned codes (already parsed to their 16 bytes). */
export type LabelChoice = Selection | { codes: Uint8Array[] };

async function chosenLabels(trx: Transaction<DB>, markId: string, choice: LabelChoice) {
  const base = trx
    .selectFrom("label")
    .innerJoin("label_order", "label_order.id", "label.order_id")
    .select(["label.code", "label.serial", "label.status", "label.order_id", "label_order.enterprise_id"])
    .where("label.mark_id", "=", markId)
    .forUpdate("label");
  if ("codes" in choice) {
    if (!choice.codes.length || choice.codes.length > 100_000)
      throw new DomainError("label.badRange", { field: "codes" });
    return {
      expected: new Set(choice.codes.map((c) => Buffer.from(c).toString("hex"))).size,
      rows: await base.where("label.code", "in", choice.codes).execute(),
    };
  }
  if (choice.to < choice.from || choice.to - choice.from > 1_000_000)
    throw new DomainError("label.badRange", { field: "from" });
  const rows = await base
    .where("label.serial_year", "=", choice.year)
    .where("label.serial", ">=", choice.from)
    .where("label.serial", "<=", choice.to)
    .execute();
  return { expected: choice.to - choice.from + 1, rows };
}

/** Binds in-stock labels of a serial range to a product batch (领用); all or nothing. */
export async function collectLabels(db: Kysely<DB>, user: SessionUser, batchId: string, range: LabelChoice) {
  if (user.role !== "enterprise" || !user.enterpriseId) throw new DomainError("error.forbidden.text", { status: 403 });
  const batch = await db
    .selectFrom("product_batch")
    .innerJoin("authorization", "authorization.id", "product_batch.authorization_id")
    .select(["product_batch.id", "product_batch.quantity", "authorization.mark_id", "authorization.status"])
    .where("product_batch.id", "=", batchId)
    .where("product_batch.enterprise_id", "=", user.enterpriseId)
    .executeTakeFirst();
  if (!batch) throw new DomainError("error.notFound.text", { status: 404 });
  if (batch.status !== "active" && batch.status !== "rectifying")
    throw new DomainError("label.authorizationNotActive", { params: { status: batch.status } });
  return db.transaction().execute(async (trx) => {
    const { rows: labels, expected } = await chosenLabels(trx, batch.mark_id, range);
    if (labels.length !== expected || labels.some((l) => l.enterprise_id !== user.enterpriseId))
      throw new DomainError("label.notYours", { field: "from" });
    const used = labels.filter((l) => l.status === "collected" || l.status === "voided" || l.status === "spoiled");
    if (used.length)
      throw new DomainError("label.rangeUsed", {
        field: "from",
        params: { count: used.length, first: used[0]!.serial },
      });
    const notInStock = labels.filter((l) => l.status !== "received");
    if (notInStock.length)
      throw new DomainError("label.notInStock", { field: "from", params: { count: notInStock.length } });
    const already = await trx
      .selectFrom("label")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("batch_id", "=", batchId)
      .executeTakeFirstOrThrow();
    if (Number(already.n) + labels.length > batch.quantity) {
      throw new DomainError("label.moreThanBatch", {
        field: "to",
        params: { quantity: batch.quantity, already: Number(already.n) },
      });
    }
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

/** Voids labels by serial range (damaged, lost, misprinted); never labels already voided. */
export async function voidLabels(
  db: Kysely<DB>,
  user: SessionUser,
  markId: string,
  range: LabelChoice,
  reason: "damaged" | "lost" | "misprinted",
) {
  if (user.role !== "enterprise" || !user.enterpriseId) throw new DomainError("error.forbidden.text", { status: 403 });
  return db.transaction().execute(async (trx) => {
    const { rows: labels, expected } = await chosenLabels(trx, markId, range);
    if (labels.length !== expected || labels.some((l) => l.enterprise_id !== user.enterpriseId))
      throw new DomainError("label.notYours", { field: "from" });
    const done = labels.filter((l) => l.status === "voided" || l.status === "spoiled");
    if (done.length)
      throw new DomainError("label.rangeUsed", {
        field: "from",
        params: { count: done.length, first: done[0]!.serial },
      });
    await trx
      .updateTable("label")
      .set({ status: "voided", void_reason: reason, updated_at: new Date() })
      .where(
        "code",
        "in",
        labels.map((l) => l.code),
      )
      .execute();
    const byOrder = new Map<string, number[]>();
    for (const l of labels) byOrder.set(l.order_id, [...(byOrder.get(l.order_id) ?? []), l.serial]);
    for (const [orderId, serials] of byOrder)
      await ledger(trx, user, orderId, "void", {
        from: Math.min(...serials),
        to: Math.max(...serials),
        count: serials.length,
        reason,
      });
    const serials = labels.map((l) => l.serial).sort((a, b) => a - b);
    await recordAudit(trx, actorOf(user), {
      action: "label.void",
      entityType: "label",
      entityId: `${markId}:${serials[0]}-${serials.at(-1)}`,
      after: { serials, count: labels.length },
      reason,
    });
    return labels.length;
  });
}

export interface Reconciliation {
  approved: number;
  issued: number;
  printed: number;
  spoiled: number;
  received: number;
  collected: number;
  voided: number;
  inStock: number;
  discrepancies: string[];
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
