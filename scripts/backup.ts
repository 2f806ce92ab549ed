// npm run db:backup -- [--out FILE] [--verify]
// Dumps the PostgreSQL database named by DATABASE_URL with pg_dump (custom format, compressed).
// With --verify it then restores the dump into a new, empty database on the same server,
// compares the row count of every table (the scan log's partitions included) and drops the copy:
// exit 0 only when every count matches. docs/operations.md describes the routine around it.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";

function bin(tool: string): string {
  if (process.env.PG_BIN) return join(process.env.PG_BIN, tool);
  const root = "/usr/lib/postgresql";
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((d) => /^\d+$/.test(d))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return majors.length ? join(root, majors[0]!, "bin", tool) : tool;
}

const { values } = parseArgs({ options: { out: { type: "string" }, verify: { type: "boolean", default: false } } });
const url = process.env.DATABASE_URL;
if (!url?.startsWith("postgres")) {
  console.error(
    "DATABASE_URL must name the PostgreSQL database to back up (PGlite: copy $DATA_DIR/pglite while the app is stopped).",
  );
  process.exit(2);
}
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const out = values.out ?? join(process.env.DATA_DIR ?? "./data", "backups", `gi-${stamp}.dump`);
mkdirSync(join(out, ".."), { recursive: true });
execFileSync(bin("pg_dump"), ["--format=custom", "--no-owner", "--file", out, url], { stdio: "inherit" });
console.log(`backup written: ${out} (${Math.round(statSync(out).size / 1024)} KiB)`);

async function rowCounts(sql: postgres.Sql): Promise<Map<string, number>> {
  const tables = await sql<{ name: string }[]>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`;
  const counts = new Map<string, number>();
  for (const { name } of tables) {
    const [row] = await sql.unsafe(`select count(*)::bigint as n from only "${name.replace(/"/g, '""')}"`);
    counts.set(name, Number(row!.n));
  }
  return counts;
}

if (values.verify) {
  const source = postgres(url, { max: 1, onnotice: () => {} });
  const restoredName = `gi_restore_check_${process.pid}`;
  const restoredUrl = new URL(url);
  restoredUrl.pathname = `/${restoredName}`;
  let ok = false;
  try {
    await source.unsafe(`create database ${restoredName}`);
    execFileSync(bin("pg_restore"), ["--no-owner", "--exit-on-error", "--dbname", restoredUrl.toString(), out], {
      stdio: "inherit",
    });
    const restored = postgres(restoredUrl.toString(), { max: 1, onnotice: () => {} });
    const [before, after] = [await rowCounts(source), await rowCounts(restored)];
    await restored.end();
    const differences = [...new Set([...before.keys(), ...after.keys()])].filter((t) => before.get(t) !== after.get(t));
    for (const [table, n] of before)
      console.log(
        `${table.padEnd(28)} ${String(n).padStart(10)} ${after.get(table) === n ? "=" : `≠ ${after.get(table) ?? "missing"}`}`,
      );
    ok = differences.length === 0;
    console.log(
      ok
        ? `restore verified: ${before.size} tables, identical row counts`
        : `restore DIFFERS in: ${differences.join(", ")}`,
    );
  } finally {
    await source.unsafe(`drop database if exists ${restoredName} with (force)`);
    await source.end();
  }
  if (!ok) process.exit(1);
}
