import { z } from "zod";
import { field } from "#app/forms/form.ts";

const optionalInt = field.optionalInt;

/** The mark form: every field a county sets for a mark it manages. */
export const markSchema = z.object({
  slug: z
    .string({ required_error: "form.required" })
    .trim()
    .regex(/^[a-z0-9-]{2,64}$/, "form.invalid"),
  name: field.text(100),
  kind: z.enum(["gi_product", "collective_mark", "certification_mark", "regional_brand"], {
    errorMap: () => ({ message: "form.required" }),
  }),
  divisionCode: z
    .string({ required_error: "form.required" })
    .transform((s) => s.normalize("NFKC").trim())
    .pipe(z.string().regex(/^\d{6}$/, "form.invalid")),
  legalBasis: field.optionalText(200),
  standardCode: field.optionalText(100),
  registrant: field.optionalText(200),
  trademarkValidUntil: field.optionalDate(),
  approvingLevel: z.enum(["county", "province"], { errorMap: () => ({ message: "form.required" }) }),
  reviewWorkingDays: optionalInt(1, 120).transform((v) => v ?? 10),
  qualityRequirements: field.optionalParagraph(5000),
  targetUsers: optionalInt(0, 1_000_000),
  targetYear: optionalInt(2000, 2100),
  scanWarnThreshold: optionalInt(1, 1000).transform((v) => v ?? 5),
  printOrdersNeedApproval: field.checkbox(),
  annualLabelQuota: optionalInt(0, 1_000_000_000),
  allowSelfPrint: field.checkbox(),
  supervisingAuthority: field.optionalText(200),
  /** Checked (length, digits, check digit) by the mark's room, with the batch form's words. */
  digitalLinkGtin: field.optionalText(20),
  hotline: z
    .string()
    .optional()
    .transform((s) => s?.normalize("NFKC").replace(/\s+/g, " ").trim() || undefined)
    .pipe(
      z
        .string()
        .regex(/^[0-9+() -]{3,40}$/, "mark.hotlineInvalid")
        .optional(),
    ),
});

/** A change of the protection area: the townships ticked and the document that decided it. */
export const areaChangeSchema = z.object({
  intent: z.enum(["addArea", "removeArea"], { errorMap: () => ({ message: "form.invalid" }) }),
  codes: z.array(z.string().regex(/^\d{9}$/, "form.invalid")).max(500, "form.invalid"),
  documentRef: field.text(200),
});
