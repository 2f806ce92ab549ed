import type { Kysely } from "kysely";
import type postgres from "postgres";
import type { DB } from "#db/schema.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { labelOrderVisibleTo } from "#app/accounts/scope.server.ts";
import { DomainError } from "#app/errors.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { doesOnOrders, mayUseLabels } from "./order-rules.ts";
import { isUuid } from "#app/ids.ts";
import { storedSubmissionKey } from "#app/forms/submission-key.server.ts";
import { labelOrderDecided } from "#app/notification/events.server.ts";
import { ledger } from "./ledger.server.ts";
import { inIssuingTransaction, issueLabels } from "./issuing.server.ts";

// Ordering and deciding: an enterprise orders, a regulator (or the annual quota) approves or
// rejects. Issuing the codes is issuing.server.ts; printing and receipt have their own rooms.

/** Orders above this many labels are issued by a background job with a progress bar. */
export const BACKGROUND_ISSUING_THRESHOLD = 20_000;

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
    /** The form's one-time key: sent again (a double click, a resent form), it finds the same order. */
    submissionKey?: string | undefined;
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
  const { submissionKey, ...particulars } = input;
  const key = storedSubmissionKey({ userId: user.id }, submissionKey);
  const sentBefore = () =>
    key
      ? db.selectFrom("label_order").selectAll().where("submission_key", "=", key).executeTakeFirst()
      : Promise.resolve(undefined);
  const earlier = await sentBefore();
  if (earlier) return earlier;
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
        submission_key: key,
      })
      // The same key sent twice at the same moment: the second finds the first (below).
      .onConflict((oc) => oc.column("submission_key").doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!order) return null;
    await ledger(trx, user, order.id, "order", { count: input.quantity });
    await recordAudit(trx, actorOf(user), {
      action: "label_order.create",
      entityType: "label_order",
      entityId: order.id,
      after: particulars,
    });
    return order;
  });
  if (!order) return (await sentBefore())!;
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
  if (!doesOnOrders(user.role, input.approve ? "approve" : "reject"))
    throw new DomainError("error.forbidden.text", { status: 403 });
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
