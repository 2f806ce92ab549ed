// npm run migration:create -- <snake_case_name>
// Writes db/migrations/<timestamp>_<name>.ts from the template and appends it to the index, so
// nobody edits the ordered list by hand (Bluesky ozone's bin/migration-create.ts does the same).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { appendToIndex, migrationFileName } from "./lib/migration-index.ts";

const name = process.argv[2] ?? "";
if (!/^[a-z][a-z0-9_]{2,60}$/.test(name)) {
  console.error("usage: npm run migration:create -- <snake_case_name>   (letters, digits, underscores)");
  process.exit(2);
}
const dir = new URL("../db/migrations/", import.meta.url).pathname;
const file = migrationFileName(new Date(), name);
const path = join(dir, `${file}.ts`);
if (existsSync(path)) {
  console.error(`${path} exists already`);
  process.exit(1);
}
writeFileSync(
  path,
  `import { sql, type Kysely } from "kysely";

// What this migration changes and why (one or two lines). Frozen once landed: never import app code.
export async function up(db: Kysely<any>): Promise<void> {
  await sql\`select 1\`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
`,
);
const indexPath = join(dir, "index.ts");
writeFileSync(indexPath, appendToIndex(readFileSync(indexPath, "utf8"), file));
console.log(`created db/migrations/${file}.ts and listed it in db/migrations/index.ts`);
