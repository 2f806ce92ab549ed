import { z } from "zod";
import { REPORT_KINDS, TAKEDOWN_LEGAL_BASES } from "#db/schema.ts";
import { field } from "#app/forms/form.ts";
import { parseUscc } from "#app/enterprise/uscc.ts";

/** The seller's credit code when known: blank is fine, a wrong one is refused with its exact problem. */
const optionalUscc = z
  .string()
  .optional()
  .transform((s) => (s?.trim() ? s : undefined))
  .superRefine((value, ctx) => {
    if (value === undefined) return;
    const parsed = parseUscc(value);
    if (!parsed.ok) {
      const params = new URLSearchParams({
        position: String(parsed.position ?? 0),
        length: String(parsed.code.length),
      });
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `uscc.${parsed.problem}|${params}` });
    }
  })
  .transform((s) => (s === undefined ? undefined : parseUscc(s).code));

/** A listing's address: http(s) only, as the shopper would open it. */
const listingUrl = field.text(2000).pipe(
  z.string().refine((s) => {
    try {
      const url = new URL(s);
      return (url.protocol === "https:" || url.protocol === "http:") && !url.username && !url.password;
    } catch {
      return false;
    }
  }, "listing.badUrl"),
);

/** One schema for the regulator's form and the platform's API call (decision 051). */
export const listingReportSchema = z.object({
  platform: field.optionalText(100),
  shopName: field.text(200),
  sellerUscc: optionalUscc,
  listingUrl,
  /** A mark's slug (API) or id (the regulator's form picks from a list). */
  mark: field.text(64),
  description: field.paragraph(2000),
  /** The API client the case concerns, named by a regulator (a platform filing names itself). */
  platformClientId: z
    .string()
    .optional()
    .transform((s) => s || undefined)
    .pipe(z.string().uuid("form.invalid").optional()),
  submissionKey: z.string().optional(),
});
export type ListingReportInput = z.infer<typeof listingReportSchema>;

export const takedownSchema = z.object({
  intent: z.literal("takedown"),
  legalBasis: z.enum(TAKEDOWN_LEGAL_BASES, { errorMap: () => ({ message: "form.required" }) }),
  evidence: field.paragraph(4000),
});

/** A platform's answer; a refusal without its reason is refused by the domain with that message. */
export const takedownAnswerSchema = z.object({
  outcome: z.enum(["removed", "refused"]),
  note: z.string().max(2000).nullish(),
});

/** The queue's kind filter: every case, or one kind. */
export const REPORT_KIND_FILTERS = ["all", ...REPORT_KINDS] as const;
export type ReportKindFilter = (typeof REPORT_KIND_FILTERS)[number];
export function reportKindFilter(asked: string | null): ReportKindFilter {
  return (REPORT_KIND_FILTERS as readonly string[]).includes(asked ?? "") ? (asked as ReportKindFilter) : "all";
}
