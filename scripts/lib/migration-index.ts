/** `2026-12-04T0930_add_things`: sortable UTC timestamp to the minute, then the name. */
export function migrationFileName(at: Date, name: string): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}_${name}`;
}

const camel = (file: string) =>
  file.replace(/^[\d-]+T\d+_/, "").replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The index with one more import and one more entry, after the last ones (the list stays ordered). */
export function appendToIndex(index: string, file: string): string {
  const binding = `m${camel(file).replace(/^./, (c) => c.toUpperCase())}`;
  const imports = [...index.matchAll(/^import \* as \w+ from "\.\/[^"]+";$/gm)];
  const last = imports.at(-1);
  if (!last || last.index === undefined) throw new Error("db/migrations/index.ts has no migration imports");
  const afterImports = last.index + last[0].length;
  let out = `${index.slice(0, afterImports)}\nimport * as ${binding} from "./${file}.ts";${index.slice(afterImports)}`;
  const close = out.lastIndexOf("};");
  if (close < 0) throw new Error("db/migrations/index.ts has no closing brace for its list");
  out = `${out.slice(0, close)}  "${file}": ${binding},\n${out.slice(close)}`;
  return out;
}
