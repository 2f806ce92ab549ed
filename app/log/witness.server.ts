import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { equalHashes } from "./hash.ts";
import { verifyConsistency } from "./merkle.ts";
import {
  addCheckpointBody,
  cosignatureLine,
  parseAddCheckpointBody,
  parseCheckpointText,
  verifiedCosignature,
} from "./checkpoint.ts";
import { NoteError, openNote, parseNote } from "./note.ts";
import { configuredWitnesses, logKeys, witnessedLogs } from "./keys.server.ts";
import { logger } from "#app/logging/logger.server.ts";
import { storedTree, type StoredCheckpoint } from "./log.server.ts";

// C2SP tlog-witness, both sides. As a witness (a province, a peer county) this instance cosigns
// another instance's checkpoints only when they extend what it cosigned before; as a log it asks
// its witnesses after every checkpoint and serves the cosignatures it got.

export interface WitnessAnswer {
  status: number;
  body: string;
  contentType: string;
}

const text = (status: number, body: string): WitnessAnswer => ({
  status,
  body,
  contentType: "text/plain; charset=utf-8",
});

/** POST <witness>/add-checkpoint: cosignature lines (200), or the spec's refusal. */
export async function addCheckpoint(db: Kysely<DB>, body: string): Promise<WitnessAnswer> {
  let request;
  let checkpoint;
  let noteText: string;
  try {
    request = parseAddCheckpointBody(body);
    noteText = parseNote(request.note).text;
    checkpoint = parseCheckpointText(noteText);
  } catch (error) {
    return text(400, `${error instanceof NoteError ? error.message : "malformed request"}\n`);
  }
  const key = witnessedLogs().find((k) => k.name === checkpoint.origin);
  if (!key) return text(404, "this witness does not witness that log\n");
  try {
    openNote(request.note, [key]);
  } catch {
    return text(403, "no valid signature by the log's key\n");
  }
  if (request.oldSize > checkpoint.size) return text(400, "old size is larger than the checkpoint's\n");
  if (request.oldSize === 0 && request.proof.length) return text(400, "a proof from size 0 must be empty\n");

  return db.transaction().execute(async (trx) => {
    // One request per origin at a time: the check and the update are atomic (tlog-witness).
    await sql`select pg_advisory_xact_lock(hashtext(${`log-witness:${checkpoint.origin}`}))`.execute(trx);
    const stored = await trx
      .selectFrom("log_witnessed")
      .selectAll()
      .where("origin", "=", checkpoint.origin)
      .executeTakeFirst();
    const storedSize = stored?.size ?? 0;
    if (request.oldSize !== storedSize)
      return { status: 409, body: `${storedSize}\n`, contentType: "text/x.tlog.size" };
    if (stored && request.oldSize === checkpoint.size) {
      if (!equalHashes(Buffer.from(stored.root), checkpoint.root))
        return text(409, "a different root for the size already cosigned: the log has forked\n");
    } else if (
      stored &&
      !verifyConsistency(storedSize, checkpoint.size, Buffer.from(stored.root), checkpoint.root, request.proof)
    ) {
      return text(422, "the consistency proof does not verify: this checkpoint does not extend the one cosigned\n");
    }
    await trx
      .insertInto("log_witnessed")
      .values({ origin: checkpoint.origin, size: checkpoint.size, root: checkpoint.root, note: request.note })
      .onConflict((oc) =>
        oc.column("origin").doUpdateSet({
          size: checkpoint.size,
          root: checkpoint.root,
          note: request.note,
          updated_at: new Date(),
        }),
      )
      .execute();
    return text(200, cosignatureLine(noteText, logKeys().witness));
  });
}

/** What this instance witnesses, for the log's public page. */
export async function witnessedState(db: Kysely<DB>) {
  return db.selectFrom("log_witnessed").select(["origin", "size", "updated_at"]).orderBy("origin").execute();
}

type Post = (url: string, body: string) => Promise<{ status: number; body: string; contentType: string }>;

const httpPost: Post = async (url, body) => {
  const res = await fetch(url, {
    method: "POST",
    body,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, body: await res.text(), contentType: res.headers.get("content-type") ?? "" };
};

/**
 * Asks every configured witness to cosign `checkpoint`, starting from the size it last cosigned
 * for us (learning it from a 409 when unknown), and stores each valid cosignature.
 */
export async function requestCosignatures(
  db: Kysely<DB>,
  checkpoint: StoredCheckpoint,
  post: Post = httpPost,
): Promise<void> {
  const { text: noteText } = parseNote(checkpoint.note);
  for (const witness of configuredWitnesses()) {
    const have = await db
      .selectFrom("log_cosignature")
      .select("size")
      .where("witness", "=", witness.key.name)
      .orderBy("size", "desc")
      .limit(1)
      .executeTakeFirst();
    if (have?.size === checkpoint.size) continue;
    let old = have?.size ?? 0;
    for (let attempt = 0; attempt < 2; attempt++) {
      if (old > checkpoint.size) {
        logger.error(
          `[log] witness ${witness.key.name} has cosigned size ${old}, beyond this log's ${checkpoint.size}: the log was rolled back or forked`,
        );
        break;
      }
      const proof = old === 0 ? [] : await storedTree(db, checkpoint.size).consistencyProof(old);
      let answer;
      try {
        answer = await post(`${witness.url}/add-checkpoint`, addCheckpointBody(old, proof, checkpoint.note));
      } catch (error) {
        logger.error(`[log] witness ${witness.key.name} unreachable: ${(error as Error).message}`);
        break;
      }
      if (answer.status === 409 && answer.contentType.startsWith("text/x.tlog.size") && attempt === 0) {
        old = Number(answer.body.trim());
        if (!Number.isSafeInteger(old)) break;
        continue;
      }
      if (answer.status !== 200) {
        logger.error(
          `[log] witness ${witness.key.name} refused checkpoint ${checkpoint.size} (HTTP ${answer.status}): ${answer.body.trim()}`,
        );
        break;
      }
      const cosigned = verifiedCosignature(noteText, parseNote(checkpoint.note + answer.body).signatures, witness.key);
      if (!cosigned) {
        logger.error(`[log] witness ${witness.key.name} answered without a valid cosignature`);
        break;
      }
      await db
        .insertInto("log_cosignature")
        .values({ size: checkpoint.size, witness: witness.key.name, line: cosigned.line })
        .onConflict((oc) => oc.columns(["size", "witness"]).doNothing())
        .execute();
      break;
    }
  }
}
