import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// With JavaScript, Remix reloads no loader after a submission answered 4xx (single fetch): a
// refused form left the record as it was before the refusal on screen, and the header named the
// account the page was opened with, not the one that had just been refused (a walkthrough found
// both). Every page with a loader, and the root (the header), reloads after every submission.
const app = resolve(import.meta.dirname, "../../app");
const routes = readdirSync(join(app, "routes"))
  .filter((f) => f.endsWith(".tsx"))
  .map((f) => join(app, "routes", f));

describe("after a refused submission the page shows what is true now", () => {
  it("every page with a loader, and the root, reload their data after every submission", () => {
    const missing = [...routes, join(app, "root.tsx")].filter((file) => {
      const source = readFileSync(file, "utf8");
      const page = /export default/.test(source) && /export (async function|const) loader\b/.test(source);
      return page && !/export const shouldRevalidate = revalidateAfterEverySubmission;/.test(source);
    });
    expect(missing.map((f) => f.slice(app.length + 1))).toEqual([]);
  });
});
