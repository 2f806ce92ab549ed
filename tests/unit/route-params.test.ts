import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

// One uuid check for ids in URLs (app/http/params.ts): a route that read `params.reportId` itself
// could pass "not-a-uuid" to SQL, which PostgreSQL answers with an error (a 500).
it("every route reads the ids in its path through idParam", () => {
  const dir = join(import.meta.dirname, "../../app/routes");
  const offenders: string[] = [];
  for (const file of readdirSync(dir)) {
    const source = readFileSync(join(dir, file), "utf8");
    for (const [, name] of file.matchAll(/\$(\w+Id)\b/g))
      if (new RegExp(`params\\.${name}\\b|params\\[["']${name}`).test(source)) offenders.push(`${file}: ${name}`);
    if (/\$position\b/.test(file) && /params\.position\b/.test(source)) offenders.push(`${file}: position`);
  }
  expect(offenders).toEqual([]);
});
