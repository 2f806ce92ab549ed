import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { DomainError } from "#app/errors.ts";
import { getRaw } from "#app/db.server.ts";
import { startIssuing } from "./issuing-job.server.ts";
import type { FieldMessage } from "#app/forms/form.ts";
import { confirmReceipt } from "./receipt.server.ts";
import { decideOrder, findOrderFor } from "./label-order.server.ts";
import { recordPrinting } from "./printing.server.ts";
import { collectLabels, type Collection } from "./collection.server.ts";
import { createBatch } from "./product-batch.server.ts";
import { previewVoid, voidLabels } from "./voiding.server.ts";
import { orderActionRefusal, type OrderDoneIntent } from "./order-rules.ts";
import type { ActSummary } from "#app/forms/confirmation.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { foreignHead } from "./serials.ts";
import { formatSerial, serialHead } from "#app/label-code/code.ts";
import type { UploadedFile } from "#app/forms/upload.server.ts";
import type { OrderActionInput } from "./order-action-input.ts";

/** What an act on the order would do, for its confirmation step (whose labels, which mark, what changes, today). */
async function summaryOf(
  db: Kysely<DB>,
  order: { mark_id: string; enterprise_id: string },
  act: "labels.void" | "labels.reject",
  change: FieldMessage[],
  publicEffect: FieldMessage = { key: "confirm.public.none" },
): Promise<ActSummary> {
  const [mark, enterprise] = await Promise.all([
    db.selectFrom("mark").select("name").where("id", "=", order.mark_id).executeTakeFirstOrThrow(),
    db.selectFrom("enterprise").select("name").where("id", "=", order.enterprise_id).executeTakeFirstOrThrow(),
  ]);
  return {
    act: { key: act },
    rows: [{ enterprise: enterprise.name, mark: mark.name, change }],
    effectiveOn: shanghaiDate(),
    publicEffect,
  };
}

/**
 * Refuses an intent the order's page would not offer now (order-rules.ts): the wrong person,
 * the order's status, or an authorization that no longer allows using labels.
 */
function refuseUnlessAllowed(user: SessionUser, order: Parameters<typeof orderActionRefusal>[1], intent: string) {
  const refusal = orderActionRefusal(user.role, order, intent);
  if (!refusal) return;
  if (refusal.reason === "unknown") throw new DomainError("form.invalid");
  if (refusal.reason === "forbidden") throw new DomainError("error.forbidden.text", { status: 403 });
  if (refusal.reason === "orderStatus")
    throw new DomainError("label.actionNotAllowed", { status: 409, params: { status: refusal.status } });
  throw new DomainError("label.authorizationNotActive", { status: 409, params: { status: refusal.status } });
}

/** What an action did, for the message the page shows after it: the intent and how many labels. */
export type OrderDone = { done: OrderDoneIntent; n: number };

type ActableOrder = NonNullable<Awaited<ReturnType<typeof findOrderFor>>>;

/**
 * The order this person may act on with this intent now: not found (404), not theirs to do
 * (403) or not now (409) is refused before the form is read, as the page would not offer it.
 */
export async function orderToActOn(
  db: Kysely<DB>,
  user: SessionUser,
  orderId: string,
  intent: string,
): Promise<ActableOrder> {
  const order = await findOrderFor(db, user, orderId);
  if (!order) throw new DomainError("error.notFound.text", { status: 404 });
  refuseUnlessAllowed(user, order, intent);
  return order;
}

/**
 * One action on a label order (found by orderToActOn), by intent: one domain call. Voiding and
 * refusing an order are legal acts: unless `confirmed` they change nothing and return what they
 * would do. A collection returns what it collected and skipped, for the page to say.
 */
export async function runOrderAction(
  db: Kysely<DB>,
  user: SessionUser,
  order: ActableOrder,
  input: OrderActionInput,
  { confirmed = false, files = [] }: { confirmed?: boolean; files?: UploadedFile[] } = {},
): Promise<ActSummary | OrderDone | { collection: Collection }> {
  refuseUnlessAllowed(user, order, input.intent);
  const orderId = order.id;
  const year = order.serial_year ?? 0;
  // The order's mark, read once and only when a serial needs it (its head, or its printed form).
  let markRow: Promise<{ serial_prefix: string | null; slug: string }> | undefined;
  const markOf = () =>
    (markRow ??= db
      .selectFrom("mark")
      .select(["serial_prefix", "slug"])
      .where("id", "=", order.mark_id)
      .executeTakeFirstOrThrow());
  /** Full serials typed for this order must carry its own head ("AHHJ-2026"): a typo there is not ignored. */
  const ownHeads = async (field: string, ...typed: (string | null)[]) => {
    if (typed.every((h) => h === null)) return;
    const expected = serialHead(await markOf(), year);
    const foreign = foreignHead(typed, expected);
    if (foreign) throw new DomainError("label.serialOtherHead", { field, params: { typed: foreign, expected } });
  };
  const d = input;
  switch (d.intent) {
    case "approve": {
      const raw = await getRaw();
      await decideOrder(
        db,
        user,
        orderId,
        { approve: true, quantity: d.quantity, reason: d.reason, version: d.version },
        { raw, background: (id) => void startIssuing(db, raw, id) },
      );
      return { done: "approve", n: d.quantity };
    }
    case "reject": {
      if (confirmed) {
        await decideOrder(db, user, orderId, { approve: false, reason: d.reason, version: d.version });
        return { done: "reject", n: 0 };
      }
      if (order.version !== d.version) throw new DomainError("form.stale", { status: 409 });
      return summaryOf(db, order, "labels.reject", [
        { key: "confirm.orderChange", params: { from: order.status, to: "rejected" } },
        { key: "confirm.grounds", params: { text: d.reason } },
      ]);
    }
    case "print": {
      await ownHeads("spoiledSerials", ...d.spoiledSerials.heads);
      await recordPrinting(db, user, orderId, {
        printed: d.printed,
        spoiledSerials: d.spoiledSerials.serials,
        version: d.version,
      });
      return { done: "print", n: d.printed };
    }
    case "receive": {
      await confirmReceipt(db, user, orderId, { received: d.received, version: d.version });
      return { done: "receive", n: d.received };
    }
    case "batch": {
      await createBatch(db, user, { ...d, authorizationId: order.authorization_id, inspectionReport: files[0] });
      return { done: "batch", n: d.quantity };
    }
    case "collect": {
      await ownHeads("from", d.from.head);
      await ownHeads("to", d.to.head);
      const range = { year, from: d.from.sequence, to: d.to.sequence };
      return { collection: await collectLabels(db, user, d.batchId, range, { skipUnusable: d.skipUnusable }) };
    }
    case "collectCodes": {
      return { collection: await collectLabels(db, user, d.batchId, { codes: d.codes }) };
    }
    case "void": {
      await ownHeads("from", d.from.head);
      await ownHeads("to", d.to.head);
      const range = { year, from: d.from.sequence, to: d.to.sequence };
      if (confirmed) {
        return { done: "void", n: await voidLabels(db, user, order.mark_id, range, d.reason) };
      }
      const { count, collected } = await previewVoid(db, user, order.mark_id, range);
      const mark = await markOf();
      const serial = (n: number) => formatSerial(mark, year, n);
      return summaryOf(
        db,
        order,
        "labels.void",
        [
          { key: "confirm.voidRange", params: { count, from: serial(range.from), to: serial(range.to) } },
          { key: "confirm.voidReason", params: { reason: d.reason } },
          // Labels already on products: their shoppers will be told "voided", so the person is told first.
          ...(collected ? [{ key: "confirm.voidCollected" as const, params: { count: collected } }] : []),
        ],
        { key: "confirm.public.void" },
      );
    }
  }
}
