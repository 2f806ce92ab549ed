import { z } from "zod";
import { field } from "#app/forms/form.ts";
import { decodeScannedSegment, parseCode } from "#app/label-code/code.ts";
import { parseSerial, parseSerialList } from "./serials.ts";
import { LABEL_LIMITS, MAX_SCANNED_LINE_CHARS } from "./limits.ts";
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
          const parsed = parseCode(decodeScannedSegment(line.split("/").pop() ?? line));
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

/**
 * What each form on a label order's page carries, by its intent, parsed at the route edge
 * (formInput); runOrderAction takes the typed result.
 */
export const orderActionInput = z.discriminatedUnion("intent", [
  schemas.approve.extend({ intent: z.literal("approve") }),
  schemas.reject.extend({ intent: z.literal("reject") }),
  schemas.print.extend({ intent: z.literal("print") }),
  schemas.receive.extend({ intent: z.literal("receive") }),
  schemas.batch.extend({ intent: z.literal("batch") }),
  schemas.collect.extend({ intent: z.literal("collect") }),
  schemas.collectCodes.extend({ intent: z.literal("collectCodes") }),
  schemas.void.extend({ intent: z.literal("void") }),
]);

export type OrderActionInput = z.infer<typeof orderActionInput>;
