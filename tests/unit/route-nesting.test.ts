import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// Remix's flat routes nest `a.b.$id.tsx` inside `a.b.tsx`: a page there shows only if its parent
// renders an <Outlet />. The administrator's mail page was nested under the queue (which has none)
// and never appeared, though its loader ran and its tests passed. A page that is not meant to sit
// inside its parent opts out with a trailing underscore (`a.b_.$id.tsx`).
const dir = resolve(import.meta.dirname, "../../app/routes");
const files = readdirSync(dir).filter((f) => /\.tsx?$/.test(f));
const byName = new Map(files.map((f) => [f.replace(/\.tsx?$/, ""), readFileSync(join(dir, f), "utf8")]));

/** Route segments, keeping a bracketed literal such as `[.]csv` inside its segment. */
const segments = (name: string) => name.match(/(?:\[[^\]]*\]|[^.])+/g) ?? [];

describe("nested pages", () => {
  it("every page nested under a parent page is rendered by that parent's <Outlet />", () => {
    const hidden: string[] = [];
    for (const [name, source] of byName) {
      if (!/export default/.test(source)) continue; // a resource route renders nothing anyway
      const parts = segments(name);
      for (let n = parts.length - 1; n > 0; n--) {
        if (parts[n - 1]!.endsWith("_")) break; // opted out of the layout above
        const parent = byName.get(parts.slice(0, n).join("."));
        if (parent === undefined) continue;
        if (/export default/.test(parent) && !/<Outlet\b/.test(parent))
          hidden.push(`${name} (inside ${parts.slice(0, n).join(".")})`);
        break;
      }
    }
    expect(hidden).toEqual([]);
  });
});
