import { CONSUMER_REPORT_PROBLEMS, REPORT_OUTCOMES, REPORT_STATUSES, type ReportKind } from "#db/schema.ts";
import { z } from "zod";
import { field } from "#app/forms/form.ts";

export const PROBLEMS = CONSUMER_REPORT_PROBLEMS;
export const OUTCOMES = REPORT_OUTCOMES;

/** What a case page is called: a consumer's report of a fake, or a platform listing report (decision 051). */
export const CASE_TITLE = {
  consumer: "report.title",
  listing: "listing.caseTitle",
} as const satisfies Record<ReportKind, string>;

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

/** The report queue's status filter: the open ones (not closed), one status, or all. One list for page and export. */
export const REPORT_QUEUE_FILTERS = ["open", ...REPORT_STATUSES, "all"] as const;
export type ReportQueueFilter = (typeof REPORT_QUEUE_FILTERS)[number];

/** The filter a query string asks for; the open ones when it asks for none we know. */
export function reportQueueFilter(asked: string | null): ReportQueueFilter {
  return (REPORT_QUEUE_FILTERS as readonly string[]).includes(asked ?? "") ? (asked as ReportQueueFilter) : "open";
}
