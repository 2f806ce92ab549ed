import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Kysely, Transaction } from "kysely";
import type postgres from "postgres";
import { kyselyOnTransaction } from "#db/pg-transaction.ts";
import type { DB } from "#db/schema.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { issueCodeBytes, issueCodes } from "#app/label-code/code.ts";
import { codesTree, logFacts } from "#app/log/log.server.ts";
import { codesReady } from "#app/notification/events.server.ts";
import type { StreamingTree } from "#app/log/merkle.ts";
import { ledger } from "./ledger.server.ts";

// Issuing: an approved order gets its serial range and one secret code per label, streamed with
// COPY on PostgreSQL, and the public log's root over those codes (decision 012, 017).

const INSERT_CHUNK = 5000;

/**
 * One transaction for approving and issuing. On PostgreSQL it is a postgres.js transaction, so the
 * codes can be streamed with COPY on the same connection; on PGlite, a Kysely transaction.
 */
export function inIssuingTransaction<T>(
  db: Kysely<DB>,
  raw: postgres.Sql | undefined,
  fn: (trx: Kysely<DB>, copy: postgres.TransactionSql | null) => Promise<T>,
): Promise<T> {
  if (!raw) return db.transaction().execute((trx) => fn(trx, null));
  return raw.begin((tx) => fn(kyselyOnTransaction(tx), tx)) as Promise<T>;
}

const COPY_CHUNK = 10_000;

/**
 * Text-format COPY rows for `label`, generated a chunk at a time (bounded memory): one hex
 * encoding per chunk, not per code, so the generator stays well ahead of the server's ingestion.
 */
async function* labelCopyRows(
  orderId: string,
  markId: string,
  year: number,
  serialFrom: number,
  quantity: number,
  onProgress?: (done: number) => void,
  tree?: StreamingTree,
) {
  const middle = `\t${orderId}\t${markId}\t${year}\t`;
  for (let offset = 0; offset < quantity; offset += COPY_CHUNK) {
    const n = Math.min(COPY_CHUNK, quantity - offset);
    const pool = issueCodeBytes(n);
    if (tree) for (let i = 0; i < n; i++) tree.pushCode(pool.subarray(i * 16, i * 16 + 16));
    const hex = Buffer.from(pool.buffer, pool.byteOffset, pool.byteLength).toString("hex");
    const rows: string[] = new Array<string>(n);
    for (let i = 0; i < n; i++) rows[i] = `\\\\x${hex.slice(i * 32, i * 32 + 32)}${middle}${serialFrom + offset + i}\n`;
    yield rows.join("");
    onProgress?.(Math.min(quantity, offset + COPY_CHUNK));
  }
}

/** Allocates a serial range and inserts one row per code, in chunks, inside the caller's transaction. */
export async function issueLabels(
  trx: Transaction<DB> | Kysely<DB>,
  user: SessionUser | null,
  orderId: string,
  markId: string,
  year: number,
  quantity: number,
  copy: postgres.TransactionSql | null = null,
  onProgress?: (done: number) => void,
) {
  const counter = await trx
    .insertInto("label_serial_counter")
    .values({ mark_id: markId, year, next_serial: 1 + quantity })
    .onConflict((oc) =>
      oc
        .columns(["mark_id", "year"])
        .doUpdateSet((eb) => ({ next_serial: eb("label_serial_counter.next_serial", "+", quantity) })),
    )
    .returning("next_serial")
    .executeTakeFirstOrThrow();
  const serialTo = Number(counter.next_serial) - 1;
  const serialFrom = serialTo - quantity + 1;
  // The public log's root over the codes (serial order), hashed as they are generated.
  const tree = codesTree();
  if (copy) {
    const writable = await copy`copy label (code, order_id, mark_id, serial_year, serial) from stdin`.writable();
    await pipeline(
      Readable.from(labelCopyRows(orderId, markId, year, serialFrom, quantity, onProgress, tree)),
      writable,
    );
  }
  for (let offset = 0; !copy && offset < quantity; offset += INSERT_CHUNK) {
    const n = Math.min(INSERT_CHUNK, quantity - offset);
    const codes = issueCodes(n);
    if (tree) for (const code of codes) tree.pushCode(code);
    await trx
      .insertInto("label")
      .values(
        codes.map((code, i) => ({
          code,
          order_id: orderId,
          mark_id: markId,
          serial_year: year,
          serial: serialFrom + offset + i,
        })),
      )
      .execute();
    onProgress?.(offset + n);
  }
  const row = await trx
    .updateTable("label_order")
    .set((eb) => ({
      status: "issued",
      serial_year: year,
      serial_from: serialFrom,
      serial_to: serialTo,
      issued_count: quantity,
      version: eb("version", "+", 1),
      updated_at: new Date(),
    }))
    .where("id", "=", orderId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await ledger(trx, user, orderId, "issue", { from: serialFrom, to: serialTo, count: quantity });
  await recordAudit(trx, user ? actorOf(user) : { userId: null, label: "system" }, {
    action: "label_order.issue",
    entityType: "label_order",
    entityId: orderId,
    after: { year, serialFrom, serialTo, count: quantity },
  });
  await codesReady(trx, { ...row, quantity });
  await logFacts(trx, tree ? new Map([[orderId, tree]]) : undefined);
  return row;
}
