import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sql, type Kysely, type Transaction } from "kysely";
import type postgres from "postgres";
import { kyselyOnTransaction } from "#db/pg-transaction.ts";
import type { DB } from "#db/schema.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { labelOrderVisibleTo } from "#app/accounts/scope.server.ts";
import { DomainError } from "#app/errors.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { issueCodeBytes, issueCodes } from "#app/label-code/code.ts";
import { mayUseLabels } from "./order-rules.ts";
import { serialRuns } from "./serials.ts";
import { raiseFlagIn } from "#app/alert/flags.server.ts";
import { isUuid } from "#app/ids.ts";
import { codesTree, logFacts } from "#app/log/log.server.ts";
import { codesReady, labelOrderDecided } from "#app/notification/events.server.ts";
import type { StreamingTree } from "#app/log/merkle.ts";

const INSERT_CHUNK = 5000;
/** Orders above this many labels are issued by a background job with a progress bar. */
export const BACKGROUND_ISSUING_THRESHOLD = 20_000;

type Ledger = DB["label_ledger"]["action"];

/** One append-only ledger entry (used by both rooms of the label ledger). */
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

/** Orders visible to the caller: the enterprise's own, the printer's assigned, the regulator's division. */
export async function findOrderFor(db: Kysely<DB>, user: SessionUser, orderId: string) {
  if (!isUuid(orderId)) return undefined;
  const q = db
    .selectFrom("label_order")
    .innerJoin("authorization", "authorization.id", "label_order.authorization_id")
    .selectAll("label_order")
    .select(["authorization.township_code", "authorization.status as authorization_status"])
    .where("label_order.id", "=", orderId)
    .where(labelOrderVisibleTo(user));
  return q.executeTakeFirst();
}

/** An enterprise with an active authorization orders labels, printed by a designated printer or itself. */
export async function orderLabels(
  db: Kysely<DB>,
  user: SessionUser,
  input: {
    authorizationId: string;
    quantity: number;
    template: string;
    intendedProducts: string;
    printerId: string | null;
  },
  options: { raw?: postgres.Sql | undefined } = {},
) {
  if (user.role !== "enterprise" || !user.enterpriseId) throw new DomainError("error.forbidden.text", { status: 403 });
  const authorization = await db
    .selectFrom("authorization")
    .innerJoin("mark", "mark.id", "authorization.mark_id")
    .select([
      "authorization.id",
      "authorization.status",
      "authorization.mark_id",
      "mark.allow_self_print",
      "mark.print_orders_need_approval",
      "mark.annual_label_quota",
    ])
    .where("authorization.id", "=", input.authorizationId)
    .where("authorization.enterprise_id", "=", user.enterpriseId)
    .executeTakeFirst();
  if (!authorization) throw new DomainError("error.notFound.text", { status: 404 });
  if (!mayUseLabels(authorization.status)) {
    throw new DomainError("label.authorizationNotActive", { params: { status: authorization.status } });
  }
  if (input.printerId !== null && !isUuid(input.printerId))
    throw new DomainError("label.printerNotDesignated", { field: "printerId" });
  if (input.printerId === null) {
    if (!authorization.allow_self_print) throw new DomainError("label.selfPrintNotAllowed", { field: "printerId" });
  } else {
    const designated = await db
      .selectFrom("mark_printer")
      .select("printer_id")
      .where("mark_id", "=", authorization.mark_id)
      .where("printer_id", "=", input.printerId)
      .executeTakeFirst();
    if (!designated) throw new DomainError("label.printerNotDesignated", { field: "printerId" });
  }
  const order = await db.transaction().execute(async (trx) => {
    const order = await trx
      .insertInto("label_order")
      .values({
        authorization_id: authorization.id,
        enterprise_id: user.enterpriseId!,
        mark_id: authorization.mark_id,
        printer_id: input.printerId,
        quantity_requested: input.quantity,
        template: input.template,
        intended_products: input.intendedProducts,
        created_by: user.id,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await ledger(trx, user, order.id, "order", { count: input.quantity });
    await recordAudit(trx, actorOf(user), {
      action: "label_order.create",
      entityType: "label_order",
      entityId: order.id,
      after: input,
    });
    return order;
  });
  // Where the mark allows it, orders within this year's quota are approved at once. The quota is
  // checked again inside the issuing transaction with the authorization row locked, so two orders
  // sent at the same moment cannot both slip under it.
  if (!authorization.print_orders_need_approval && authorization.annual_label_quota !== null) {
    const quota = authorization.annual_label_quota;
    const approved = await approveAndIssue(
      db,
      null,
      { id: order.id, version: order.version, requested: input.quantity },
      input.quantity,
      null,
      options.raw,
      async (trx) => {
        await trx.selectFrom("authorization").select("id").where("id", "=", authorization.id).forUpdate().execute();
        const used = await trx
          .selectFrom("label_order")
          .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("quantity_approved"), eb.lit(0)).as("n"))
          .where("authorization_id", "=", authorization.id)
          .where("serial_year", "=", Number(shanghaiDate().slice(0, 4)))
          .executeTakeFirstOrThrow();
        return Number(used.n) + input.quantity <= quota;
      },
    ).catch((error: unknown) => {
      if (error instanceof QuotaExceeded) return null;
      throw error;
    });
    if (approved) return approved;
  }
  return order;
}

/**
 * A regulator approves (possibly fewer, with a reason) or rejects. Approval issues every code in
 * the same transaction: all of them exist, or none do.
 */
export async function decideOrder(
  db: Kysely<DB>,
  user: SessionUser,
  orderId: string,
  input: { approve: boolean; quantity?: number | undefined; reason?: string | undefined; version: number },
  options: { raw?: postgres.Sql | undefined; background?: (orderId: string) => void } = {},
) {
  if (user.role !== "regulator") throw new DomainError("error.forbidden.text", { status: 403 });
  const order = await findOrderFor(db, user, orderId);
  if (!order) throw new DomainError("error.notFound.text", { status: 404 });
  if (order.version !== input.version || order.status !== "submitted")
    throw new DomainError("form.stale", { status: 409 });
  // An order from a user who has since been suspended or exited can still be refused, never approved.
  if (input.approve && !mayUseLabels(order.authorization_status)) {
    throw new DomainError("label.authorizationNotActive", { params: { status: order.authorization_status } });
  }
  if (!input.approve) {
    if (!input.reason) throw new DomainError("form.required", { field: "reason" });
    return db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable("label_order")
        .set({ status: "rejected", decision_reason: input.reason, version: order.version + 1, updated_at: new Date() })
        .where("id", "=", orderId)
        .where("version", "=", input.version)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new DomainError("form.stale", { status: 409 });
      await ledger(trx, user, orderId, "reject", { reason: input.reason });
      await recordAudit(trx, actorOf(user), {
        action: "label_order.reject",
        entityType: "label_order",
        entityId: orderId,
        reason: input.reason,
      });
      await labelOrderDecided(trx, row, { approved: false, comment: input.reason ?? "" });
      return row;
    });
  }
  const quantity = input.quantity ?? order.quantity_requested;
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > order.quantity_requested) {
    throw new DomainError("label.approveRange", { field: "quantity", params: { max: order.quantity_requested } });
  }
  if (quantity < order.quantity_requested && !input.reason)
    throw new DomainError("label.reasonForFewer", { field: "reason" });
  // Large orders: approve now, issue in the background (one transaction, with progress).
  const background = options.background && quantity > BACKGROUND_ISSUING_THRESHOLD ? options.background : null;
  const row = await approveAndIssue(
    db,
    user,
    { id: orderId, version: input.version, requested: order.quantity_requested },
    quantity,
    input.reason ?? null,
    options.raw,
    undefined,
    !background,
  );
  background?.(orderId);
  return row;
}

/** Approves (a regulator, or null for an automatic approval within quota) and issues the codes. */
class QuotaExceeded extends Error {}

async function approveAndIssue(
  db: Kysely<DB>,
  user: SessionUser | null,
  order: { id: string; version: number; requested: number },
  quantity: number,
  reason: string | null,
  raw: postgres.Sql | undefined,
  precondition?: (trx: Kysely<DB>) => Promise<boolean>,
  issueNow = true,
) {
  const year = Number(shanghaiDate().slice(0, 4));
  const actor = user ? actorOf(user) : { userId: null, label: "automatic approval within the annual quota" };
  return inIssuingTransaction(db, raw, async (trx, copy) => {
    if (precondition && !(await precondition(trx))) throw new QuotaExceeded();
    const row = await trx
      .updateTable("label_order")
      .set({
        status: "approved",
        quantity_approved: quantity,
        decision_reason: reason,
        version: order.version + 1,
        updated_at: new Date(),
      })
      .where("id", "=", order.id)
      .where("version", "=", order.version)
      .where("status", "=", "submitted")
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new DomainError("form.stale", { status: 409 });
    await ledger(trx, user, order.id, "approve", { count: quantity, reason });
    await recordAudit(trx, actor, {
      action: user ? "label_order.approve" : "label_order.auto_approve",
      entityType: "label_order",
      entityId: order.id,
      before: { requested: order.requested },
      after: { approved: quantity },
      reason,
    });
    await labelOrderDecided(trx, row, { approved: true, quantity });
    if (!issueNow) {
      // The job is the promise that codes will follow: written with the approval, claimed by any
      // live process (issuing-job.server.ts).
      await trx.insertInto("issuing_job").values({ order_id: row.id }).execute();
      return row;
    }
    return issueLabels(trx, user, row.id, row.mark_id, year, quantity, copy);
  });
}

/**
 * One transaction for approving and issuing. On PostgreSQL it is a postgres.js transaction, so the
 * codes can be streamed with COPY on the same connection; on PGlite, a Kysely transaction.
 */
export function inIssuingTransaction<T>(
  db: Kysely<DB>,
  raw: postgres.Sql | undefined,
  fn: (trx: Kysely<DB>, copy: postgres.TransactionSql | null) => Promise<T>,
): Promise<T> {
  if (!raw) return db.transaction().execute((trx) => fn(trx, null));
  return raw.begin((tx) => fn(kyselyOnTransaction(tx), tx)) as Promise<T>;
}

const COPY_CHUNK = 10_000;

/**
 * Text-format COPY rows for `label`, generated a chunk at a time (bounded memory): one hex
 * encoding per chunk, not per code, so the generator stays well ahead of the server's ingestion.
 */
async function* labelCopyRows(
  orderId: string,
  markId: string,
  year: number,
  serialFrom: number,
  quantity: number,
  onProgress?: (done: number) => void,
  tree?: StreamingTree,
) {
  const middle = `\t${orderId}\t${markId}\t${year}\t`;
  for (let offset = 0; offset < quantity; offset += COPY_CHUNK) {
    const n = Math.min(COPY_CHUNK, quantity - offset);
    const pool = issueCodeBytes(n);
    if (tree) for (let i = 0; i < n; i++) tree.pushCode(pool.subarray(i * 16, i * 16 + 16));
    const hex = Buffer.from(pool.buffer, pool.byteOffset, pool.byteLength).toString("hex");
    const rows: string[] = new Array<string>(n);
    for (let i = 0; i < n; i++) rows[i] = `\\\\x${hex.slice(i * 32, i * 32 + 32)}${middle}${serialFrom + offset + i}\n`;
    yield rows.join("");
    onProgress?.(Math.min(quantity, offset + COPY_CHUNK));
  }
}

/** Allocates a serial range and inserts one row per code, in chunks, inside the caller's transaction. */
export async function issueLabels(
  trx: Transaction<DB> | Kysely<DB>,
  user: SessionUser | null,
  orderId: string,
  markId: string,
  year: number,
  quantity: number,
  copy: postgres.TransactionSql | null = null,
  onProgress?: (done: number) => void,
) {
  const counter = await trx
    .insertInto("label_serial_counter")
    .values({ mark_id: markId, year, next_serial: 1 + quantity })
    .onConflict((oc) =>
      oc
        .columns(["mark_id", "year"])
        .doUpdateSet((eb) => ({ next_serial: eb("label_serial_counter.next_serial", "+", quantity) })),
    )
    .returning("next_serial")
    .executeTakeFirstOrThrow();
  const serialTo = Number(counter.next_serial) - 1;
  const serialFrom = serialTo - quantity + 1;
  // The public log's root over the codes (serial order), hashed as they are generated.
  const tree = codesTree();
  if (copy) {
    const writable = await copy`copy label (code, order_id, mark_id, serial_year, serial) from stdin`.writable();
    await pipeline(
      Readable.from(labelCopyRows(orderId, markId, year, serialFrom, quantity, onProgress, tree)),
      writable,
    );
  }
  for (let offset = 0; !copy && offset < quantity; offset += INSERT_CHUNK) {
    const n = Math.min(INSERT_CHUNK, quantity - offset);
    const codes = issueCodes(n);
    if (tree) for (const code of codes) tree.pushCode(code);
    await trx
      .insertInto("label")
      .values(
        codes.map((code, i) => ({
          code,
          order_id: orderId,
          mark_id: markId,
          serial_year: year,
          serial: serialFrom + offset + i,
        })),
      )
      .execute();
    onProgress?.(offset + n);
  }
  const row = await trx
    .updateTable("label_order")
    .set((eb) => ({
      status: "issued",
      serial_year: year,
      serial_from: serialFrom,
      serial_to: serialTo,
      issued_count: quantity,
      version: eb("version", "+", 1),
      updated_at: new Date(),
    }))
    .where("id", "=", orderId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await ledger(trx, user, orderId, "issue", { from: serialFrom, to: serialTo, count: quantity });
  await recordAudit(trx, user ? actorOf(user) : { userId: null, label: "system" }, {
    action: "label_order.issue",
    entityType: "label_order",
    entityId: orderId,
    after: { year, serialFrom, serialTo, count: quantity },
  });
  await codesReady(trx, { ...row, quantity });
  await logFacts(trx, tree ? new Map([[orderId, tree]]) : undefined);
  return row;
}

/** The printer reports how many were printed and which serials were spoiled, then ships. */
export async function recordPrinting(
  db: Kysely<DB>,
  user: SessionUser,
  orderId: string,
  input: { printed: number; spoiledSerials: number[]; version: number },
) {
  if (user.role !== "printer") throw new DomainError("error.forbidden.text", { status: 403 });
  const order = await findOrderFor(db, user, orderId);
  if (!order) throw new DomainError("error.notFound.text", { status: 404 });
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

/** The enterprise confirms what arrived; a difference is flagged to the regulator. */
export async function confirmReceipt(
  db: Kysely<DB>,
  user: SessionUser,
  orderId: string,
  input: { received: number; version: number },
) {
  if (user.role !== "enterprise") throw new DomainError("error.forbidden.text", { status: 403 });
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
