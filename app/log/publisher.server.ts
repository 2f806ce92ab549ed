import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { checkpointText } from "./checkpoint.ts";
import { signNote } from "./note.ts";
import { configuredWitnesses, logKeys, witnessedLogs } from "./keys.server.ts";
import { logger } from "#app/logging/logger.server.ts";
import { latestCheckpoint, LogInconsistent, publishCheckpoint, type StoredCheckpoint } from "./log.server.ts";

// Checkpoints: one when the process starts, then at most every LOG_CHECKPOINT_MS while the log
// grows (every process runs this; the lock and the size key make one checkpoint per size).

export type AfterCheckpoint = (checkpoint: StoredCheckpoint) => Promise<void>;

export function signCheckpoint(size: number, root: Buffer): string {
  const { origin, signer } = logKeys();
  return signNote(checkpointText({ origin, size, root }), [signer]);
}

export async function checkpointNow(db: Kysely<DB>): Promise<StoredCheckpoint> {
  return publishCheckpoint(db, signCheckpoint);
}

/** The checkpoint as served: the log's signed note and every cosignature received for it. */
export async function servedCheckpoint(db: Kysely<DB>): Promise<string | null> {
  const latest = await latestCheckpoint(db);
  if (!latest) return null;
  const cosignatures = await db
    .selectFrom("log_cosignature")
    .select("line")
    .where("size", "=", latest.size)
    .orderBy("witness")
    .execute();
  return latest.note + cosignatures.map((c) => c.line).join("");
}

let timer: NodeJS.Timeout | null = null;

export function startLogPublisher(db: Kysely<DB>, everyMs: number, after?: AfterCheckpoint) {
  if (timer) return;
  // A missing or wrong key file, or a malformed witness setting, stops the boot with its reason.
  logKeys();
  configuredWitnesses();
  witnessedLogs();
  let busy = false;
  // The checkpoint is awaited (the first one before the server listens); asking witnesses is not:
  // a slow witness must not hold up the start. One round at a time.
  const tick = async () => {
    if (busy) return;
    busy = true;
    let checkpoint: StoredCheckpoint;
    try {
      checkpoint = await checkpointNow(db);
    } catch (error) {
      busy = false;
      if (error instanceof LogInconsistent) logger.error(`[log] REFUSING TO SIGN: ${error.message}`);
      else logger.error({ err: error }, "[log] checkpoint failed");
      return;
    }
    if (!after) {
      busy = false;
      return;
    }
    void after(checkpoint)
      .catch((error: unknown) => logger.error({ err: error }, "[log] asking witnesses failed"))
      .finally(() => (busy = false));
  };
  timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return tick();
}

export function stopLogPublisher() {
  if (timer) clearInterval(timer);
  timer = null;
}
