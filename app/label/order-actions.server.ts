import { z } from "zod";
import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { DomainError } from "#app/errors.ts";
import { getRaw } from "#app/db.server.ts";
import { startIssuing } from "./issuing-job.server.ts";
import { field, parseForm, type FormFailure } from "#app/forms/form.ts";
import { confirmReceipt, decideOrder, findOrderFor, recordPrinting } from "./label-order.server.ts";
import { collectLabels, createBatch, voidLabels } from "./label-stock.server.ts";
import { parseSerial, parseSerialList } from "./serials.ts";
import { parseCode } from "#app/label-code/code.ts";
import { LABEL_LIMITS, MAX_SCANNED_LINE_CHARS } from "./limits.ts";
import type { UploadedFile } from "#app/forms/upload.server.ts";
import { VOID_REASONS } from "./void-reasons.ts";

const int = field.int;
const version = field.version();
const serial = z.string({ required_error: "form.required" }).transform((s, ctx) => {
  const n = parseSerial(s);
  if (n === null) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: "form.serialList" });
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
        return list.serials;
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
  collect: z.object({ batchId: z.string().uuid("form.required"), from: serial, to: serial }),
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

/** One action on a label order, by intent: parse at the edge, then one domain call. */
export async function runOrderAction(
  db: Kysely<DB>,
  user: SessionUser,
  orderId: string,
  formData: FormData,
  files: UploadedFile[] = [],
): Promise<void> {
  const intent = String(formData.get("intent") ?? "");
  const order = await findOrderFor(db, user, orderId);
  if (!order) throw new DomainError("error.notFound.text", { status: 404 });
  const year = order.serial_year ?? 0;
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
      return;
    }
    case "reject": {
      const d = parsed(formData, schemas.reject);
      await decideOrder(db, user, orderId, { approve: false, reason: d.reason, version: d.version });
      return;
    }
    case "print": {
      const d = parsed(formData, schemas.print);
      await recordPrinting(db, user, orderId, {
        printed: d.printed,
        spoiledSerials: d.spoiledSerials,
        version: d.version,
      });
      return;
    }
    case "receive": {
      const d = parsed(formData, schemas.receive);
      await confirmReceipt(db, user, orderId, { received: d.received, version: d.version });
      return;
    }
    case "batch": {
      const d = parsed(formData, schemas.batch);
      await createBatch(db, user, { ...d, authorizationId: order.authorization_id, inspectionReport: files[0] });
      return;
    }
    case "collect": {
      const d = parsed(formData, schemas.collect);
      await collectLabels(db, user, d.batchId, { year, from: d.from, to: d.to });
      return;
    }
    case "collectCodes": {
      const d = parsed(formData, schemas.collectCodes);
      await collectLabels(db, user, d.batchId, { codes: d.codes });
      return;
    }
    case "void": {
      const d = parsed(formData, schemas.void);
      await voidLabels(db, user, order.mark_id, { year, from: d.from, to: d.to }, d.reason);
      return;
    }
    default:
      throw new DomainError("form.invalid");
  }
}
