import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { migrations } from "#db/migrations/index.ts";
import { appendToIndex, migrationFileName } from "../../scripts/lib/migration-index.ts";

const dir = new URL("../../db/migrations/", import.meta.url).pathname;

describe("the migration index", () => {
  it("lists every migration file, in file-name order, and nothing else", () => {
    const files = readdirSync(dir)
      .filter((f) => f !== "index.ts" && f.endsWith(".ts"))
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect(Object.keys(migrations)).toEqual(files);
  });

  it("gains one import and one entry when the generator appends a migration", () => {
    const index = readFileSync(`${dir}index.ts`, "utf8");
    const file = migrationFileName(new Date("2031-05-06T07:08:09Z"), "add_widgets");
    expect(file).toBe("2031-05-06T0708_add_widgets");
    const next = appendToIndex(index, file);
    expect(next).toContain(`import * as mAddWidgets from "./2031-05-06T0708_add_widgets.ts";`);
    expect(next.trimEnd().endsWith(`  "2031-05-06T0708_add_widgets": mAddWidgets,\n};`)).toBe(true);
    expect(next.split("\n").length).toBe(index.split("\n").length + 2);
  });
});
