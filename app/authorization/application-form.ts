import { z } from "zod";
import { field } from "#app/forms/form.ts";

const date = field.optionalDate();

/** The application form, shared by first submission and resubmission. */
export const applicationSchema = z.object({
  markId: z.string({ required_error: "application.markUnknown" }).uuid("application.markUnknown"),
  route: z.enum(["gi_product", "collective_member", "certification_licensee"], {
    errorMap: () => ({ message: "form.required" }),
  }),
  townshipCode: z.string({ required_error: "form.required" }).regex(/^\d{9}$/, "form.required"),
  products: field.text(200),
  annualOutput: field.text(100),
  labelManagerName: field.text(50),
  labelManagerPhone: field.phone(),
  licenceFilingNo: field.optionalText(64),
  licenceFilingDate: date,
  licenceStart: date,
  licenceEnd: date,
});

/** Files one application may carry, new and kept together. */
export const MAX_APPLICATION_FILES = 8;

export const DOCUMENT_FIELDS = ["business_licence", "inspection_report", "licence_contract", "site_photo"] as const;

/** The document kind of an application's file input; any other input is "other". */
export function documentKindOf(field: string): (typeof DOCUMENT_FIELDS)[number] | "other" {
  return (DOCUMENT_FIELDS as readonly string[]).includes(field) ? (field as (typeof DOCUMENT_FIELDS)[number]) : "other";
}
