import { REPORT_OUTCOMES, REPORT_PROBLEMS } from "#db/schema.ts";
import { z } from "zod";
import { field } from "#app/forms/form.ts";

export const PROBLEMS = REPORT_PROBLEMS;
export const OUTCOMES = REPORT_OUTCOMES;

export const reportSchema = z.object({
  codeInput: field.text(64),
  markId: z
    .string()
    .optional()
    .transform((s) => s || undefined),
  problem: z.enum(PROBLEMS, { errorMap: () => ({ message: "form.required" }) }),
  description: field.paragraph(2000),
  placeKind: z.enum(["shop", "online"], { errorMap: () => ({ message: "form.required" }) }),
  place: field.text(500),
  contact: field.optionalText(100),
  submissionKey: z.string().optional(),
});

export const reportActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("assign"),
    version: field.version(),
    assigneeId: z.string().uuid("form.required"),
  }),
  z.object({ intent: z.literal("investigate"), version: field.version() }),
  z.object({
    intent: z.literal("close"),
    version: field.version(),
    outcome: z.enum(OUTCOMES, { errorMap: () => ({ message: "form.required" }) }),
    note: field.paragraph(2000),
  }),
]);
