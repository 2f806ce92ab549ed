import { z } from "zod";
import { AUTHORIZATION_ROUTES, type AuthorizationRoute, type MarkKind } from "#db/schema.ts";
import { field } from "#app/forms/form.ts";

/**
 * The legal routes that fit each kind of mark: a protected GI product (and a regional brand) by
 * approval, a collective mark by membership, a certification mark by licence. The apply form
 * offers exactly these and checkApplication refuses any other.
 */
const ROUTES_BY_KIND: Readonly<Record<MarkKind, readonly AuthorizationRoute[]>> = {
  gi_product: ["gi_product"],
  regional_brand: ["gi_product"],
  collective_mark: ["collective_member"],
  certification_mark: ["certification_licensee"],
};

/** The routes an application for a mark of this kind may take. */
export function routesFitting(kind: MarkKind): readonly AuthorizationRoute[] {
  return ROUTES_BY_KIND[kind];
}

export function routeFits(route: AuthorizationRoute, kind: MarkKind): boolean {
  return ROUTES_BY_KIND[kind].includes(route);
}

/** Whether the licence fields (filing number, date, term) belong on the form: only on a licence route. */
export function needsLicence(routes: readonly AuthorizationRoute[]): boolean {
  return routes.includes("certification_licensee");
}

const date = field.optionalDate();

/** The application form, shared by first submission and resubmission. */
export const applicationSchema = z.object({
  markId: z.string({ required_error: "application.markUnknown" }).uuid("application.markUnknown"),
  route: z.enum(AUTHORIZATION_ROUTES, {
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
