import { sql, type Kysely, type RawBuilder, type Transaction } from "kysely";
import type { DB } from "#db/schema.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { DomainError } from "#app/errors.ts";
import { transactionWithDocuments, type Upload } from "#app/document/document.server.ts";
import { findOrderFor } from "./label-order.server.ts";
import { LABEL_LIMITS } from "./limits.ts";
import type { VoidReason } from "./void-reasons.ts";
import { logFacts } from "#app/log/log.server.ts";
import { parseGtin } from "./gtin.ts";
import { mayUseLabels } from "./order-rules.ts";
import { BLOCKS_COLLECTION, BLOCKS_VOIDING, blockerLines, blockersOf } from "./blockers.server.ts";
import type { FieldMessage } from "#app/forms/form.ts";
import type { LabelStatus } from "#db/schema.ts";

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
    /** Optional (decision 020); check digit verified, stored as 14 digits. */
    gtin?: string | undefined;
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
  // The same rule the order page asks (order-rules.ts): no new batch once the enterprise has exited.
  if (!mayUseLabels(authorization.status))
    throw new DomainError("label.authorizationNotActive", { status: 409, params: { status: authorization.status } });
  let gtin: string | null = null;
  if (input.gtin?.trim()) {
    const parsed = parseGtin(input.gtin);
    if (!parsed.ok) throw new DomainError(`gtin.${parsed.problem}`, { field: "gtin" });
    gtin = parsed.gtin;
  }
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
        gtin,
        inspection_document_id: report?.id ?? null,
        created_by: user.id,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actorOf(user), {
      action: "product_batch.create",
      entityType: "product_batch",
      entityId: batch.id,
      after: { ...particulars, gtin, inspectionDocumentId: report?.id ?? null },
    });
    return batch;
  });
}

type Selection = { year: number; from: number; to: number };
/** Labels chosen by serial range, or by scanned codes (already parsed to their 16 bytes). */
export type LabelChoice = Selection | { codes: Uint8Array[] };

/**
 * A choice of labels as one SQL condition on `label` (aliased `l`), and how many labels it must
 * match. Codes travel as one text parameter, never one parameter per label, so a choice of any
 * size stays one statement (PostgreSQL allows 65,535 parameters in all).
 */
function chosen(markId: string, choice: LabelChoice): { where: RawBuilder<unknown>; expected: number } {
  if ("codes" in choice) {
    if (choice.codes.length > LABEL_LIMITS.codes)
      throw new DomainError("label.tooManyCodes", { field: "codes", params: { max: LABEL_LIMITS.codes } });
    const hex = [...new Set(choice.codes.map((c) => Buffer.from(c).toString("hex")))];
    if (!hex.length) throw new DomainError("form.required", { field: "codes" });
    return {
      where: sql`l.mark_id = ${markId} and l.code in (select decode(h, 'hex') from unnest(string_to_array(${hex.join(",")}, ',')) as h)`,
      expected: hex.length,
    };
  }
  if (choice.to < choice.from) throw new DomainError("label.badRange", { field: "from" });
  const expected = choice.to - choice.from + 1;
  if (expected > LABEL_LIMITS.range)
    throw new DomainError("label.rangeTooLarge", { field: "to", params: { max: LABEL_LIMITS.range, count: expected } });
  return {
    // Through the orders whose ranges meet it: label has no (mark, year, serial) index (decision 021).
    where: sql`l.order_id in (select o.id from label_order o where o.mark_id = ${markId} and o.serial_year = ${choice.year}
                 and o.serial_from <= ${choice.to} and o.serial_to >= ${choice.from})
               and l.mark_id = ${markId} and l.serial_year = ${choice.year} and l.serial between ${choice.from} and ${choice.to}`,
    expected,
  };
}

/** What a choice holds, counted in one pass: nothing is read label by label. */
async function tally(
  trx: Transaction<DB>,
  where: RawBuilder<unknown>,
  enterpriseId: string,
  blocking: readonly LabelStatus[],
) {
  const blockingList = sql.join(blocking.map((u) => sql.lit(u)));
  const { rows } = await sql<{ total: number; foreign: number; blocked: number }>`
    select count(*)::int as total,
           count(*) filter (where o.enterprise_id <> ${enterpriseId})::int as foreign,
           count(*) filter (where l.status in (${blockingList}))::int as blocked
      from label l join label_order o on o.id = l.order_id
     where ${where}`.execute(trx);
  return rows[0]!;
}

/**
 * One ledger entry per run of consecutive serials per order, written in one statement; returns
 * the runs for the audit record.
 */
async function ledgerRuns(
  trx: Transaction<DB>,
  user: SessionUser,
  where: RawBuilder<unknown>,
  action: "collect" | "void",
  e: { batchId?: string; reason?: string },
) {
  const { rows } = await sql<{ serial_from: number; serial_to: number }>`
    insert into label_ledger (order_id, actor_user_id, action, serial_from, serial_to, count, batch_id, reason)
    select order_id, ${user.id}, ${action}, min(serial), max(serial), count(*), ${e.batchId ?? null}, ${e.reason ?? null}
      from (select l.order_id, l.serial, l.serial - row_number() over (partition by l.order_id order by l.serial) as run
              from label l where ${where}) r
     group by order_id, run
    returning serial_from, serial_to`.execute(trx);
  return rows.map((r) => [r.serial_from, r.serial_to] as [number, number]).sort((a, b) => a[0] - b[0]);
}

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
  if (user.role !== "enterprise" || !user.enterpriseId) throw new DomainError("error.forbidden.text", { status: 403 });
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

/** Voids labels (damaged, lost, misprinted); never labels already voided or spoiled. Set-based. */
export async function voidLabels(
  db: Kysely<DB>,
  user: SessionUser,
  markId: string,
  range: LabelChoice,
  reason: VoidReason,
) {
  if (user.role !== "enterprise" || !user.enterpriseId) throw new DomainError("error.forbidden.text", { status: 403 });
  const enterpriseId = user.enterpriseId;
  const { where, expected } = chosen(markId, range);
  return db.transaction().execute(async (trx) => {
    await checkVoid(trx, markId, where, expected, enterpriseId);
    const updated = await sql`
      update label l set status = 'voided', void_reason = ${reason}, updated_at = now()
        from label_order o
       where o.id = l.order_id and o.enterprise_id = ${enterpriseId} and l.status not in ('voided', 'spoiled')
         and ${where}`.execute(trx);
    const changed = Number(updated.numAffectedRows ?? 0);
    if (changed !== expected)
      throw new DomainError("label.changedMeanwhile", { field: "from", params: { count: expected - changed } });
    const runs = await ledgerRuns(trx, user, where, "void", { reason });
    await recordAudit(trx, actorOf(user), {
      action: "label.void",
      entityType: "label",
      entityId: `${markId}:${runs[0]![0]}-${runs.at(-1)![1]}`,
      after: { runs, count: expected },
      reason,
    });
    await logFacts(trx);
    return expected;
  });
}

/** Every label chosen is the enterprise's and neither voided nor spoiled already (each one that is, named). */
async function checkVoid(
  trx: Transaction<DB>,
  markId: string,
  where: RawBuilder<unknown>,
  expected: number,
  enterpriseId: string,
) {
  const t = await tally(trx, where, enterpriseId, BLOCKS_VOIDING);
  if (t.total !== expected || t.foreign) throw new DomainError("label.notYours", { field: "from" });
  if (!t.blocked) return;
  const mark = await trx
    .selectFrom("mark")
    .select(["serial_prefix", "slug"])
    .where("id", "=", markId)
    .executeTakeFirstOrThrow();
  throw new DomainError("label.voidBlocked", {
    field: "from",
    params: { count: t.blocked, range: t.total },
    items: blockerLines(mark, await blockersOf(trx, where, BLOCKS_VOIDING)),
  });
}

/**
 * How many labels voiding would void, after every check `voidLabels` makes, changing nothing:
 * the confirmation step shows it before the labels are voided for good.
 */
export async function previewVoid(db: Kysely<DB>, user: SessionUser, markId: string, range: LabelChoice) {
  if (user.role !== "enterprise" || !user.enterpriseId) throw new DomainError("error.forbidden.text", { status: 403 });
  const enterpriseId = user.enterpriseId;
  const { where, expected } = chosen(markId, range);
  await db.transaction().execute((trx) => checkVoid(trx, markId, where, expected, enterpriseId));
  return expected;
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
