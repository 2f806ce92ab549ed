import postgres from "postgres";
import { getEnv } from "#app/env.server.ts";
import { withDeadline } from "#app/deadline.ts";
import { getRaw } from "#app/db.server.ts";
import { logger } from "#app/logging/logger.server.ts";
import { POSTGRES_TYPES } from "#db/connection.ts";

/**
 * Streaming replicas for the scan lookup (DATABASE_REPLICA_URLS, decision 022). Every 250 ms
 * this process samples the primary's WAL position and each replica's replayed position; a
 * replica is as fresh as the newest primary sample it has replayed, and it is asked only while
 * that is within REPLICA_MAX_LAG_MS. While the primary does not answer, no lag can be measured:
 * a replica that is up and has replayed all it received holds the newest state there is, and
 * answers. Everything else (state changes, signed-in pages) reads the primary.
 */

const SAMPLE_MS = 250;
const KEEP_SAMPLES_MS = 120_000;

const lsn = (text: string | null): bigint | null => {
  if (!text) return null;
  const [hi = "0", lo = "0"] = text.split("/");
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
};

export interface Replica {
  readonly index: number;
  readonly sql: postgres.Sql;
  up: boolean;
  /** Primary WAL time this replica has replayed up to (ms epoch), 0 when unknown. */
  freshAsOf: number;
  /** All WAL it received is replayed (what "newest there is" means while the primary is away). */
  caughtUp: boolean;
}

export class ReplicaSet {
  readonly replicas: Replica[];
  primaryUp = true;
  #samples: { at: number; lsn: bigint }[] = [];
  #timer: NodeJS.Timeout | undefined;
  #next = 0;
  #sampling = false;

  constructor(
    urls: string[],
    readonly maxLagMs: number,
    private readonly primary: () => Promise<postgres.Sql | undefined>,
    prepare = true,
  ) {
    this.replicas = urls.map((url, index) => ({
      index,
      sql: postgres(url, {
        max: 4,
        prepare,
        connect_timeout: 2,
        idle_timeout: 60,
        onnotice: () => {},
        connection: { application_name: "gi-verify-replica" },
        types: POSTGRES_TYPES,
      }),
      up: false,
      freshAsOf: 0,
      caughtUp: false,
    }));
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.sample(), SAMPLE_MS);
    this.#timer.unref();
    void this.sample();
  }

  /** One round of measurements (also called by tests). */
  async sample(): Promise<void> {
    if (this.#sampling) return;
    this.#sampling = true;
    try {
      const now = Date.now();
      try {
        const raw = await this.primary();
        const [row] = await withDeadline(raw!`select pg_current_wal_lsn()::text as lsn`.execute(), 1000);
        this.#samples.push({ at: now, lsn: lsn(row!.lsn as string)! });
        this.#samples = this.#samples.filter((s) => s.at > now - KEEP_SAMPLES_MS);
        this.primaryUp = true;
      } catch {
        this.primaryUp = false;
      }
      await Promise.all(this.replicas.map((r) => this.#measure(r)));
    } finally {
      this.#sampling = false;
    }
  }

  async #measure(replica: Replica) {
    try {
      const [row] = await withDeadline(
        replica.sql`select pg_last_wal_replay_lsn()::text as replay, pg_last_wal_receive_lsn()::text as receive`.execute(),
        2000,
      );
      const replay = lsn(row!.replay as string | null);
      const receive = lsn(row!.receive as string | null);
      const wasUp = replica.up;
      replica.up = replay !== null;
      replica.caughtUp = replay !== null && (receive === null || receive <= replay);
      if (replay !== null) {
        for (let i = this.#samples.length - 1; i >= 0; i--) {
          if (this.#samples[i]!.lsn <= replay) {
            replica.freshAsOf = Math.max(replica.freshAsOf, this.#samples[i]!.at);
            break;
          }
        }
      }
      if (!wasUp && replica.up) logger.info(`[replicas] replica ${replica.index} answers; scans may read it again`);
    } catch (error) {
      this.markDown(replica, error);
    }
  }

  markDown(replica: Replica, error: unknown): void {
    if (replica.up)
      logger.error(
        `[replicas] replica ${replica.index} unavailable (${(error as Error).message}); scans read the primary`,
      );
    replica.up = false;
  }

  lagMs(replica: Replica): number {
    return replica.freshAsOf ? Date.now() - replica.freshAsOf : Number.POSITIVE_INFINITY;
  }

  /** A replica within the lag bound (round robin), or null. */
  pick(): Replica | null {
    const fresh = this.replicas.filter((r) => r.up && this.primaryUp && this.lagMs(r) <= this.maxLagMs);
    if (!fresh.length) return null;
    return fresh[this.#next++ % fresh.length]!;
  }

  /**
   * While the primary does not answer: a replica that is up and has replayed all it received, else
   * any replica (a measurement that timed out on a busy machine must not leave scans unanswered).
   */
  standIn(): Replica | null {
    return this.replicas.find((r) => r.up && r.caughtUp) ?? this.replicas.find((r) => r.up) ?? this.replicas[0] ?? null;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await Promise.all(this.replicas.map((r) => r.sql.end({ timeout: 2 })));
  }
}

const KEY = Symbol.for("gi-mark-registry.replicas");
type Holder = { [KEY]?: ReplicaSet | null };

/** The replicas of this process (null when DATABASE_REPLICA_URLS is unset), measuring from first use. */
export function replicaSet(): ReplicaSet | null {
  const holder = globalThis as Holder;
  if (holder[KEY] !== undefined) return holder[KEY];
  const env = getEnv();
  if (!env.DATABASE_REPLICA_URLS?.length || !env.DATABASE_URL) return (holder[KEY] = null);
  const set = new ReplicaSet(
    env.DATABASE_REPLICA_URLS,
    env.REPLICA_MAX_LAG_MS,
    getRaw,
    env.DATABASE_POOLER !== "transaction",
  );
  set.start();
  logger.info(
    `[replicas] ${set.replicas.length} replica(s) for scan lookups, trusted within ${env.REPLICA_MAX_LAG_MS} ms of the primary`,
  );
  return (holder[KEY] = set);
}

export async function closeReplicas(): Promise<void> {
  const holder = globalThis as Holder;
  const set = holder[KEY];
  holder[KEY] = undefined;
  await set?.close();
}
