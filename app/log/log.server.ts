import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "#db/schema.ts";
import { AUDIT_CHAIN_LOCK } from "#app/audit/audit.server.ts";
import { HASH_SIZE, leafHash, nodeHash } from "./hash.ts";
import { StreamingTree, TILE_HEIGHT } from "./merkle.ts";
import { TILE_WIDTH, TiledTree } from "./tiles.ts";
import { buildLeaves, type BuiltLeaf } from "./facts.server.ts";
import { encodeLeaf, instant, type AuditHeadLeaf } from "./leaf.ts";

// Storage of the public log. Every public fact's row fires a trigger that queues it
// (log_pending, same transaction); `logFacts(trx)` at the end of that transaction turns the
// queue into leaves, so the fact and its leaf commit together. Whatever a transaction queued and
// did not log (a code path without the call, the history before the log) is logged by
// `drainPending` before each checkpoint.

type Db = Kysely<DB> | Transaction<DB>;

let enabled = true;
/** Only for the issuing benchmark's "log off" baseline: facts stay queued and nothing is appended. */
export function setLogEnabled(on: boolean) {
  enabled = on;
}

/** A tree to hash an order's codes into while they are generated; none while the log is off. */
export function codesTree(): StreamingTree | undefined {
  return enabled ? new StreamingTree() : undefined;
}

/** Appends are serialised with the audit chain's: one order, no deadlock between the two. */
async function lockLog(trx: Db) {
  await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
}

export async function logSize(db: Db): Promise<number> {
  const row = await db
    .selectFrom("log_leaf")
    .select((eb) => eb.fn.max("idx").as("max"))
    .executeTakeFirst();
  return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
}

async function hashesAt(db: Db, level: number, from: number, to: number): Promise<Buffer[]> {
  if (to <= from) return [];
  const rows =
    level === 0
      ? await db
          .selectFrom("log_leaf")
          .select(["idx", "hash"])
          .where("idx", ">=", from)
          .where("idx", "<", to)
          .orderBy("idx")
          .execute()
      : await db
          .selectFrom("log_node")
          .select(["idx", "hash"])
          .where("level", "=", level)
          .where("idx", ">=", from)
          .where("idx", "<", to)
          .orderBy("idx")
          .execute();
  if (rows.length !== to - from) throw new Error(`log storage is missing hashes at level ${level}, ${from}..${to}`);
  return rows.map((r) => Buffer.from(r.hash));
}

function subtreeRoot(hashes: Buffer[]): Buffer {
  let row = hashes;
  while (row.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < row.length; i += 2) next.push(nodeHash(row[i]!, row[i + 1]!));
    row = next;
  }
  return row[0]!;
}

/** Appends leaves at the end of the log and stores the tile-level hashes they complete. Caller holds the lock. */
async function appendLeaves(trx: Db, leaves: readonly BuiltLeaf[]): Promise<number[]> {
  if (!leaves.length) return [];
  const start = await logSize(trx);
  const hashes = leaves.map((l) => leafHash(l.data));
  for (let i = 0; i < leaves.length; i += 500) {
    await trx
      .insertInto("log_leaf")
      .values(
        leaves.slice(i, i + 500).map((l, j) => ({
          idx: start + i + j,
          kind: l.kind,
          ref: l.ref,
          data: l.data,
          hash: hashes[i + j]!,
        })),
      )
      .execute();
  }
  for (const l of leaves) {
    if (!l.tree) continue;
    await trx
      .insertInto("log_batch")
      .values({ order_id: l.ref, size: l.tree.size, chunk_hashes: Buffer.concat(l.tree.chunkHashes()) })
      .onConflict((oc) => oc.column("order_id").doNothing())
      .execute();
  }
  // Each full run of 256 hashes at one level becomes one hash at the level above.
  let level = 0;
  let from = start;
  let fresh = hashes;
  for (;;) {
    const to = from + fresh.length;
    const firstParent = Math.floor(from / TILE_WIDTH);
    const endParent = Math.floor(to / TILE_WIDTH);
    if (endParent <= firstParent) break;
    const before = await hashesAt(trx, level, firstParent * TILE_WIDTH, from);
    const row = [...before, ...fresh];
    const parents: Buffer[] = [];
    for (let p = firstParent; p < endParent; p++) {
      const at = (p - firstParent) * TILE_WIDTH;
      parents.push(subtreeRoot(row.slice(at, at + TILE_WIDTH)));
    }
    await trx
      .insertInto("log_node")
      .values(parents.map((hash, i) => ({ level: level + 1, idx: firstParent + i, hash })))
      .execute();
    level += 1;
    from = firstParent;
    fresh = parents;
  }
  return leaves.map((_, i) => start + i);
}

/**
 * The one call each public fact makes, at the end of its transaction: logs what this transaction
 * queued. `trees`: code trees of orders this transaction issued (built while the codes were
 * written, so a million codes are not read back).
 */
export async function logFacts(trx: Db, trees: ReadonlyMap<string, StreamingTree> = new Map()): Promise<void> {
  if (!enabled) return;
  // This transaction's facts, and before them any a committed transaction left queued (so the
  // log keeps the order facts happened in: the demo seed's register before its labels).
  const queued = await sql<{ id: number; kind: string; ref: string }>`
    delete from log_pending
     where xact = txid_current()
        or id in (select id from log_pending where xact <> txid_current() order by id limit 1000 for update skip locked)
    returning id, kind, ref`.execute(trx);
  if (!queued.rows.length) return;
  const facts = [...queued.rows].sort((a, b) => Number(a.id) - Number(b.id));
  const leaves = await buildLeaves(trx as Kysely<DB>, facts, trees);
  await lockLog(trx);
  await appendLeaves(trx, leaves);
}

/** Logs everything still queued (facts of other transactions, history), a batch per transaction. */
export async function drainPending(db: Kysely<DB>, batch = 500): Promise<number> {
  if (!enabled) return 0;
  let total = 0;
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: number; kind: string; ref: string }>`
        delete from log_pending where id in (
          select id from log_pending order by id limit ${batch} for update skip locked)
        returning id, kind, ref`.execute(trx);
      if (!rows.length) return 0;
      const facts = [...rows].sort((a, b) => Number(a.id) - Number(b.id));
      const leaves = await buildLeaves(trx, facts);
      await lockLog(trx);
      // A fact logged already (a replayed queue row) is not logged twice.
      const done = await trx
        .selectFrom("log_leaf")
        .select(["kind", "ref"])
        .where((eb) => eb.or(leaves.map((l) => eb.and([eb("kind", "=", l.kind), eb("ref", "=", l.ref)]))))
        .execute();
      const seen = new Set(done.map((d) => `${d.kind}:${d.ref}`));
      await appendLeaves(
        trx,
        leaves.filter((l) => !seen.has(`${l.kind}:${l.ref}`)),
      );
      return rows.length;
    });
    total += n;
    if (n < batch) return total;
  }
}

/** Appends the audit chain's head when it moved since the last one logged. Caller holds the lock. */
async function logAuditHead(trx: Db) {
  const head = await trx.selectFrom("app_meta").select("value").where("key", "=", "audit_head").executeTakeFirst();
  if (!head) return;
  const [seqText, hash] = head.value.split(":");
  const seq = Number(seqText);
  if (!Number.isSafeInteger(seq) || !hash) return;
  const last = await trx
    .selectFrom("log_leaf")
    .select("ref")
    .where("kind", "=", "audit_head")
    .orderBy("idx", "desc")
    .limit(1)
    .executeTakeFirst();
  if (last && Number(last.ref) >= seq) return;
  const leaf: AuditHeadLeaf = { type: "gi.audit.head", v: 1, seq, hash, at: instant(new Date()) };
  await appendLeaves(trx, [{ kind: "audit_head", ref: String(seq), leaf, data: encodeLeaf(leaf) }]);
}

/** Reads a tile of the stored tree (hashes at tile level `level`). */
export function storedTileReader(db: Db) {
  return async (level: number, index: number, width: number) =>
    Buffer.concat(await hashesAt(db, level, index * TILE_WIDTH, index * TILE_WIDTH + width));
}

export function storedTree(db: Db, size: number) {
  return new TiledTree(size, storedTileReader(db));
}

export interface StoredCheckpoint {
  size: number;
  root: Buffer;
  note: string;
  signedAt: Date;
}

export async function latestCheckpoint(db: Db): Promise<StoredCheckpoint | null> {
  const row = await db.selectFrom("log_checkpoint").selectAll().orderBy("size", "desc").limit(1).executeTakeFirst();
  return row ? { size: row.size, root: Buffer.from(row.root), note: row.note, signedAt: row.signed_at } : null;
}

export async function checkpointAt(db: Db, size: number): Promise<StoredCheckpoint | null> {
  const row = await db.selectFrom("log_checkpoint").selectAll().where("size", "=", size).executeTakeFirst();
  return row ? { size: row.size, root: Buffer.from(row.root), note: row.note, signedAt: row.signed_at } : null;
}

export class LogInconsistent extends Error {}

/**
 * Logs what is queued and the audit head, then signs a checkpoint if the tree grew. Refuses to
 * sign a tree that does not extend the last checkpoint (a database restored or edited behind
 * the log): a log must never sign two inconsistent views.
 */
export async function publishCheckpoint(
  db: Kysely<DB>,
  sign: (size: number, root: Buffer) => string,
): Promise<StoredCheckpoint> {
  await drainPending(db);
  return db.transaction().execute(async (trx) => {
    await lockLog(trx);
    if (enabled) await logAuditHead(trx);
    const size = await logSize(trx);
    const last = await latestCheckpoint(trx);
    if (last && last.size > size)
      throw new LogInconsistent(`the log has ${size} leaves but checkpoint ${last.size} was signed`);
    if (last) {
      const again = await storedTree(trx, last.size).root();
      if (!again.equals(last.root))
        throw new LogInconsistent(`the stored tree at size ${last.size} no longer has the signed root`);
      if (last.size === size) return last;
    }
    const root = await storedTree(trx, size).root();
    const note = sign(size, root);
    await trx.insertInto("log_checkpoint").values({ size, root, note }).execute();
    return { size, root, note, signedAt: new Date() };
  });
}

export async function tileBytes(db: Db, level: number, index: number, width: number): Promise<Buffer> {
  return storedTileReader(db)(level, index, width);
}

export async function entryBundleData(db: Db, index: number, width: number): Promise<Buffer[]> {
  const rows = await db
    .selectFrom("log_leaf")
    .select(["idx", "data"])
    .where("idx", ">=", index * TILE_WIDTH)
    .where("idx", "<", index * TILE_WIDTH + width)
    .orderBy("idx")
    .execute();
  if (rows.length !== width) throw new Error("log storage is missing entries");
  return rows.map((r) => Buffer.from(r.data));
}

export const TILE_BYTES = TILE_WIDTH * HASH_SIZE;
export { TILE_HEIGHT };
