import type { ShouldRevalidateFunction } from "@remix-run/react";

/**
 * After every submission, a refused one too (409 "该记录已被他人修改"), the page reloads its
 * loader data, so it shows the record as it is now and only the actions still possible. Remix
 * skips this after a 4xx by default (single fetch); without JavaScript the server always does it.
 * The root (the header: who is signed in) and every page with a loader export it
 * (tests/unit/revalidation.test.ts).
 */
export const revalidateAfterEverySubmission: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod && formMethod.toUpperCase() !== "GET" ? true : defaultShouldRevalidate;
