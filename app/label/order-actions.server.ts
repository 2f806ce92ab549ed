import { z } from "zod";
import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { DomainError } from "#app/errors.ts";
import { getRaw } from "#app/db.server.ts";
import { startIssuing } from "./issuing-job.server.ts";
import { field, parseForm, type FieldMessage, type FormFailure } from "#app/forms/form.ts";
import { confirmReceipt, decideOrder, findOrderFor, recordPrinting } from "./label-order.server.ts";
import { collectLabels, createBatch, previewVoid, voidLabels, type Collection } from "./label-stock.server.ts";
import { orderActionRefusal, type OrderDoneIntent } from "./order-rules.ts";
import { isConfirmed, type ActSummary } from "#app/forms/confirmation.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { foreignHead, parseSerial, parseSerialList } from "./serials.ts";
import { formatSerial, parseCode, serialHead } from "#app/label-code/code.ts";
import { LABEL_LIMITS, MAX_SCANNED_LINE_CHARS } from "./limits.ts";
import type { UploadedFile } from "#app/forms/upload.server.ts";
import { VOID_REASONS } from "./void-reasons.ts";

// A refused count names its bounds (form.numberRange).
const int = field.count;
const version = field.version();
const serial = z.string({ required_error: "form.required" }).transform((s, ctx) => {
  const n = parseSerial(s);
  if (n === null) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: "form.serial" });
    return z.NEVER;
  }
  return n;
});

const schemas = {
  approve: z.object({ version, quantity: int(1, 10_000_000), reason: field.optionalText(500) }),
  reject: z.object({ version, reason: field.text(500) }),
  print: z.object({
    version,
    printed: int(0, 10_000_000),
    spoiledSerials: z
      .string()
      .optional()
      .transform((s, ctx) => {
        const list = parseSerialList(s ?? "", LABEL_LIMITS.spoiled);
        if (!list.ok) {
          const message =
            list.error === "tooMany" ? `label.tooManySerials|max=${LABEL_LIMITS.spoiled}` : "form.serialList";
          ctx.addIssue({ code: z.ZodIssueCode.custom, message });
          return z.NEVER;
        }
        return { serials: list.serials, heads: list.heads };
      }),
  }),
  receive: z.object({ version, received: int(0, 10_000_000) }),
  batch: z.object({
    product: field.text(100),
    specification: field.optionalText(100),
    batchNo: field.text(64),
    productionDate: field.date(),
    quantity: int(1, 10_000_000),
    gtin: field.optionalText(20),
  }),
  collect: z.object({
    batchId: z.string().uuid("form.required"),
    from: serial,
    to: serial,
    /** The user's explicit choice to collect the usable labels of the range and skip the rest. */
    skipUnusable: field.checkbox(),
  }),
  collectCodes: z.object({
    batchId: z.string().uuid("form.required"),
    codes: z
      .string({ required_error: "form.required" })
      .max(LABEL_LIMITS.codes * MAX_SCANNED_LINE_CHARS, `label.tooManyCodes|max=${LABEL_LIMITS.codes}`)
      .transform((text, ctx) => {
        const lines = text
          .split(/[\r\n,，;；]+/)
          .map((l) => l.trim())
          .filter(Boolean);
        if (lines.length > LABEL_LIMITS.codes) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: `label.tooManyCodes|max=${LABEL_LIMITS.codes}` });
          return z.NEVER;
        }
        const codes: Uint8Array[] = [];
        for (const [i, line] of lines.entries()) {
          // A scanned QR gives the whole URL; the code is its last path segment.
          const parsed = parseCode(decodeURIComponent(line.split("/").pop() ?? line));
          if (!parsed.ok) {
            ctx.addIssue({ code: z.ZodIssueCode.custom, message: `label.badScan|line=${i + 1}` });
            return z.NEVER;
          }
          codes.push(parsed.bytes);
        }
        if (!codes.length) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "form.required" });
        return codes;
      }),
  }),
  void: z.object({
    from: serial,
    to: serial,
    reason: z.enum(VOID_REASONS, { errorMap: () => ({ message: "form.required" }) }),
  }),
};

function parsed<S extends z.ZodTypeAny>(formData: FormData, schema: S): z.infer<S> {
  const result = parseForm(formData, schema);
  if (!result.ok) throw new FormRejected(result);
  return result.data;
}

/** A form that did not parse: the route answers 400 with the failure. */
export class FormRejected extends Error {
  constructor(readonly failure: FormFailure) {
    super("form rejected");
  }
}

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

/**
 * One action on a label order, by intent: parse at the edge, then one domain call. Voiding and
 * refusing an order are legal acts: without the confirmation they change nothing and return
 * what they would do. A collection returns what it collected and skipped, for the page to say.
 */
export async function runOrderAction(
  db: Kysely<DB>,
  user: SessionUser,
  orderId: string,
  formData: FormData,
  files: UploadedFile[] = [],
): Promise<ActSummary | OrderDone | { collection: Collection }> {
  const intent = String(formData.get("intent") ?? "");
  const order = await findOrderFor(db, user, orderId);
  if (!order) throw new DomainError("error.notFound.text", { status: 404 });
  refuseUnlessAllowed(user, order, intent);
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
  switch (intent) {
    case "approve": {
      const d = parsed(formData, schemas.approve);
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
      const d = parsed(formData, schemas.reject);
      if (isConfirmed(formData)) {
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
      const d = parsed(formData, schemas.print);
      await ownHeads("spoiledSerials", ...d.spoiledSerials.heads);
      await recordPrinting(db, user, orderId, {
        printed: d.printed,
        spoiledSerials: d.spoiledSerials.serials,
        version: d.version,
      });
      return { done: "print", n: d.printed };
    }
    case "receive": {
      const d = parsed(formData, schemas.receive);
      await confirmReceipt(db, user, orderId, { received: d.received, version: d.version });
      return { done: "receive", n: d.received };
    }
    case "batch": {
      const d = parsed(formData, schemas.batch);
      await createBatch(db, user, { ...d, authorizationId: order.authorization_id, inspectionReport: files[0] });
      return { done: "batch", n: d.quantity };
    }
    case "collect": {
      const d = parsed(formData, schemas.collect);
      await ownHeads("from", d.from.head);
      await ownHeads("to", d.to.head);
      const range = { year, from: d.from.sequence, to: d.to.sequence };
      return { collection: await collectLabels(db, user, d.batchId, range, { skipUnusable: d.skipUnusable }) };
    }
    case "collectCodes": {
      const d = parsed(formData, schemas.collectCodes);
      return { collection: await collectLabels(db, user, d.batchId, { codes: d.codes }) };
    }
    case "void": {
      const d = parsed(formData, schemas.void);
      await ownHeads("from", d.from.head);
      await ownHeads("to", d.to.head);
      const range = { year, from: d.from.sequence, to: d.to.sequence };
      if (isConfirmed(formData)) {
        return { done: "void", n: await voidLabels(db, user, order.mark_id, range, d.reason) };
      }
      const count = await previewVoid(db, user, order.mark_id, range);
      const mark = await markOf();
      const serial = (n: number) => formatSerial(mark, year, n);
      return summaryOf(
        db,
        order,
        "labels.void",
        [
          { key: "confirm.voidRange", params: { count, from: serial(range.from), to: serial(range.to) } },
          { key: "confirm.voidReason", params: { reason: d.reason } },
        ],
        { key: "confirm.public.void" },
      );
    }
    default:
      throw new DomainError("form.invalid");
  }
}
