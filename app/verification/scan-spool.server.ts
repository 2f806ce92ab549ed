import { randomUUID } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, unlink } from "node:fs/promises";
import { join } from "node:path";
import { CompiledQuery, sql, type Kysely } from "kysely";
import type { DB } from "#db/schema.ts";

/**
 * Scans that could not be written wait on local disk, not only in memory (decision 022): while
 * the primary is away (scans answered from a replica meanwhile), each failed batch becomes one
 * file in `$DATA_DIR/scan-spool`, written and fsynced before it counts as kept. Every flush
 * writes the files back first, oldest first, each in one transaction that also records the
 * batch's id, so a file that outlives its commit (a crash between commit and unlink) is never
 * written twice. Files left by a process that died are written by the next one to flush.
 */
export interface SpooledBatch {
  id: string;
  rows: unknown[];
  tallies: { code: string; n: number; first: string; last: string }[];
}

export async function spoolBatch(dir: string, batch: Omit<SpooledBatch, "id">): Promise<string> {
  await mkdir(dir, { recursive: true });
  const id = randomUUID();
  const name = `${String(Date.now()).padStart(15, "0")}-${id}.json`;
  const tmp = join(dir, `.${name}.tmp`);
  const file = await open(tmp, "w");
  try {
    await file.writeFile(JSON.stringify({ id, ...batch }));
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(tmp, join(dir, name));
  return name;
}

/** Spool files waiting, oldest first. */
export async function spooledFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith(".json") && !n.startsWith(".")).sort();
}

export async function readSpooled(dir: string, name: string): Promise<SpooledBatch | null> {
  try {
    return JSON.parse(await readFile(join(dir, name), "utf8")) as SpooledBatch;
  } catch {
    return null;
  }
}

/** Writes one spool file's scans (once, whoever gets there first) and removes the file. */
export async function writeSpooled(
  db: Kysely<DB>,
  dir: string,
  name: string,
  statements: { insertScans: string; upsertTallies: string },
): Promise<SpooledBatch | null> {
  const batch = await readSpooled(dir, name);
  if (!batch) return null; // another process wrote and removed it meanwhile
  await db.transaction().execute(async (trx) => {
    const fresh = await sql<{ id: string }>`
      insert into scan_spool_batch (id) values (${batch.id}) on conflict do nothing returning id`.execute(trx);
    if (!fresh.rows.length) return;
    if (batch.rows.length)
      await trx.executeQuery(CompiledQuery.raw(statements.insertScans, [JSON.stringify(batch.rows)]));
    if (batch.tallies.length)
      await trx.executeQuery(CompiledQuery.raw(statements.upsertTallies, [JSON.stringify(batch.tallies)]));
  });
  await unlink(join(dir, name)).catch(() => undefined);
  return batch;
}
