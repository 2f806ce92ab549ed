import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { openDatabase } from "#db/connection.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { migrations } from "#db/migrations/index.ts";
import { DIVISION_DATA_VERSION, loadDivisions } from "#app/division/division.server.ts";

/**
 * A migrated database with the national divisions loaded, built once and copied for every test
 * file (Epic Stack ADR 038): PostgreSQL `CREATE DATABASE … TEMPLATE`, a PGlite data-dir dump.
 * Migrating and loading 44,703 divisions per file cost seconds each; a copy costs a fraction.
 * The template's name carries a hash of the migrations, so a new migration builds a new one.
 */
const root = new URL("../../", import.meta.url).pathname;
const CACHE = join(root, ".cache", "test-templates");

export function templateKey(): string {
  const dir = join(root, "db", "migrations");
  const hash = createHash("sha256").update(DIVISION_DATA_VERSION);
  // The migrations this process loaded too: a long-running process that reads new files on disk
  // but still holds the old index must not build a template under the new files' name.
  hash.update(Object.keys(migrations).join("\n"));
  for (const file of readdirSync(dir).sort()) hash.update(file).update(readFileSync(join(dir, file)));
  return hash.digest("hex").slice(0, 12);
}

export function pgliteTemplatePath(): string {
  return join(CACHE, `pglite-${templateKey()}.tar`);
}

/** Builds the PGlite dump if it is missing (written to a temporary name, then renamed: forks may race). */
export async function ensurePgliteTemplate(): Promise<string> {
  const path = pgliteTemplatePath();
  if (existsSync(path)) return path;
  const handle = await openDatabase({ dataDir: "memory://" });
  await migrateToLatest(handle.db);
  await loadDivisions(handle.db);
  const dump = await handle.dumpDataDir!();
  await handle.close();
  mkdirSync(CACHE, { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  renameSync(tmp, path);
  return path;
}

const ensured = new Map<string, Promise<string>>();

/** The template database's name on this server, built under a temporary name and renamed into place. */
export function ensurePostgresTemplate(serverUrl: string): Promise<string> {
  let pending = ensured.get(serverUrl);
  if (!pending) {
    pending = buildPostgresTemplate(serverUrl);
    ensured.set(serverUrl, pending);
    pending.catch(() => ensured.delete(serverUrl));
  }
  return pending;
}

async function buildPostgresTemplate(serverUrl: string): Promise<string> {
  const name = `gi_template_${templateKey()}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const found = await admin`select 1 from pg_database where datname = ${name}`;
    if (found.length) return name;
    const building = `${name}_b${randomBytes(4).toString("hex")}`;
    await admin.unsafe(`create database ${building}`);
    const url = new URL(serverUrl);
    url.pathname = `/${building}`;
    const handle = await openDatabase({ url: url.toString(), max: 2 });
    try {
      await migrateToLatest(handle.db);
      await loadDivisions(handle.db);
    } finally {
      await handle.close();
    }
    try {
      await admin.unsafe(`alter database ${building} rename to ${name}`);
      await admin.unsafe(`alter database ${name} is_template true`);
    } catch (error) {
      // Another process finished first: its template serves; ours goes.
      await admin.unsafe(`drop database if exists ${building}`);
      const again = await admin`select 1 from pg_database where datname = ${name}`;
      if (!again.length) throw error;
    }
    // Templates of earlier migration sets are no longer needed.
    const stale =
      await admin`select datname from pg_database where datname like 'gi\\_template\\_%' and datname <> ${name} and datname not like '%\\_b%'`;
    for (const row of stale) {
      await admin.unsafe(`alter database ${row.datname as string} is_template false`).catch(() => undefined);
      await admin.unsafe(`drop database if exists ${row.datname as string}`).catch(() => undefined);
    }
    return name;
  } finally {
    await admin.end();
  }
}
