import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// The rooms' boundaries (issue 15, item 5): routes → domain → db, never back, and no two folders
// of app/ that depend on each other, directly or round a longer loop.
const root = resolve(import.meta.dirname, "../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** Every module a file imports, as a path relative to the repository (`app/label-code/code.ts`). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) => m[1]!);
  return specifiers.flatMap((s) => {
    if (s.startsWith("#app/")) return [`app/${s.slice(5)}`];
    if (s.startsWith("#db/")) return [`db/${s.slice(4)}`];
    if (s.startsWith("#tests/")) return [`tests/${s.slice(7)}`];
    if (s.startsWith(".")) return [relative(root, resolve(dirname(file), s))];
    return [];
  });
}

/** The folder of app/ a module belongs to (files directly under app/ belong to no room). */
const folderOf = (path: string) => /^app\/([^/]+)\//.exec(path)?.[1] ?? null;

const appFiles = sourceFiles(join(root, "app"));

describe("folder boundaries", () => {
  it("no two folders of app/ depend on each other, directly or round a loop", () => {
    const edges = new Map<string, Set<string>>();
    for (const file of appFiles) {
      const from = folderOf(relative(root, file));
      if (!from || from === "routes") continue;
      for (const target of importsOf(file)) {
        const to = folderOf(target);
        if (to && to !== from) (edges.get(from) ?? edges.set(from, new Set()).get(from)!).add(to);
      }
    }
    // A depth-first walk names the first loop it finds, e.g. "label → alert → label".
    const state = new Map<string, "open" | "done">();
    const loops: string[] = [];
    const visit = (folder: string, path: string[]) => {
      state.set(folder, "open");
      for (const next of edges.get(folder) ?? []) {
        if (state.get(next) === "open") loops.push([...path.slice(path.indexOf(next)), next].join(" → "));
        else if (!state.has(next)) visit(next, [...path, next]);
      }
      state.set(folder, "done");
    };
    for (const folder of [...edges.keys()].sort()) if (!state.has(folder)) visit(folder, [folder]);
    expect(loops).toEqual([]);
  });

  it("only routes import routes; db/ never imports the app; the app never imports tests or scripts", () => {
    const wrong: string[] = [];
    for (const file of appFiles) {
      const path = relative(root, file);
      for (const target of importsOf(file)) {
        if (target.startsWith("app/routes/") && !path.startsWith("app/routes/") && path !== "app/routes.ts")
          wrong.push(`${path} → ${target}`);
        if (target.startsWith("tests/") || target.startsWith("scripts/")) wrong.push(`${path} → ${target}`);
      }
    }
    for (const file of sourceFiles(join(root, "db"))) {
      const path = relative(root, file);
      for (const target of importsOf(file)) if (target.startsWith("app/")) wrong.push(`${path} → ${target}`);
    }
    expect(wrong).toEqual([]);
  });
});
