import { describe, expect, it } from "vitest";
import { AUTHORIZATION_ROUTES, MARK_KINDS } from "#db/schema.ts";
import { needsLicence, routeFits, routesFitting } from "#app/authorization/application-form.ts";

/** The legal routes written out by hand, independently of ROUTES_BY_KIND. */
const FITS: Record<string, string> = {
  gi_product: "gi_product",
  regional_brand: "gi_product",
  collective_mark: "collective_member",
  certification_mark: "certification_licensee",
};

describe("which application routes fit a mark's kind", () => {
  it("offers exactly the fitting routes, and refuses every other pair", () => {
    for (const kind of MARK_KINDS) {
      expect(routesFitting(kind)).toEqual([FITS[kind]]);
      for (const route of AUTHORIZATION_ROUTES)
        expect(routeFits(route, kind), `${route} ${kind}`).toBe(FITS[kind] === route);
    }
  });

  it("asks for licence particulars only on the licence route", () => {
    expect(MARK_KINDS.filter((kind) => needsLicence(routesFitting(kind)))).toEqual(["certification_mark"]);
  });
});
