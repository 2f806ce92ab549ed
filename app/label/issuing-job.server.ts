import { hostname } from "node:os";
import { sql, type Kysely } from "kysely";
import type postgres from "postgres";
import type { DB, IssuingJobState } from "#db/schema.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { logger } from "#app/logging/logger.server.ts";
import { inIssuingTransaction, issueLabels } from "./issuing.server.ts";

/**
 * Background issuing of large orders (decision 012). The approval writes an `issuing_job`; any
 * live process claims a due job (SKIP LOCKED), issues the whole order in one transaction (all
 * codes or none) and reports progress on the job row, so the order page shows it whichever
 * process does the work. A failed attempt is logged and retried with growing delay; a process
 * that dies mid-job stops its heartbeat and another one takes the job over. Shutdown never waits
 * for a job: the transaction dies with the connection and the job is retried elsewhere.
 */

/** How often an idle process looks for due jobs. */
export const ISSUING_POLL_MS = 2_000;
/** A running job whose heartbeat is older than this is taken over by another process. */
export const ISSUING_STALE_MS = 30_000;
const HEARTBEAT_MS = 5_000;
const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 10 * 60_000;

/** The wait before attempt `attempts + 1`: 5 s, 10 s, 20 s … at most 10 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
}

const WORKER_ID = `${hostname()}:${process.pid}`;

export interface IssuingState {
  state: IssuingJobState;
  attempts: number;
  done: number;
  total: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
}

/** What the order page shows while an approved order waits for its codes. */
export async function issuingState(db: Kysely<DB>, orderId: string, total: number): Promise<IssuingState | null> {
  const job = await db.selectFrom("issuing_job").selectAll().where("order_id", "=", orderId).executeTakeFirst();
  if (!job || job.state === "done") return null;
  return {
    state: job.state,
    attempts: job.attempts,
    done: job.done_count,
    total,
    nextAttemptAt: job.state === "retrying" ? job.next_attempt_at : null,
    lastError: job.last_error,
  };
}

/** Issues an approved order's codes if nobody else has; returns whether this call issued them. */
export async function issueApprovedOrder(
  db: Kysely<DB>,
  raw: postgres.Sql | undefined,
  orderId: string,
  onProgress?: (done: number) => void,
): Promise<boolean> {
  return inIssuingTransaction(db, raw, async (trx, copy) => {
    // The row lock makes a second process (or a retry) wait, then find the order already issued.
    const order = await trx
      .selectFrom("label_order")
      .select(["id", "mark_id", "quantity_approved", "status"])
      .where("id", "=", orderId)
      .where("status", "=", "approved")
      .forUpdate()
      .executeTakeFirst();
    if (!order || !order.quantity_approved) return false;
    const year = Number(shanghaiDate().slice(0, 4));
    await issueLabels(trx, null, order.id, order.mark_id, year, order.quantity_approved, copy, onProgress);
    await trx
      .updateTable("issuing_job")
      .set({ state: "done", done_count: order.quantity_approved, last_error: null, updated_at: new Date() })
      .where("order_id", "=", orderId)
      .execute();
    return true;
  });
}

/** Claims one due job: pending, waiting for its retry, or running with a stale heartbeat. */
async function claimDueJob(db: Kysely<DB>, staleMs: number, only?: string) {
  const { rows } = await sql<{ order_id: string; attempts: number }>`
    update issuing_job set state = 'running', attempts = attempts + 1, claimed_by = ${WORKER_ID},
           heartbeat_at = now(), updated_at = now()
     where order_id = (
       select order_id from issuing_job
        where ((state in ('pending', 'retrying') and next_attempt_at <= now())
               or (state = 'running' and heartbeat_at < now() - ${`${staleMs} milliseconds`}::interval))
          and (${only ?? null}::uuid is null or order_id = ${only ?? null}::uuid)
        order by next_attempt_at
        limit 1
        for update skip locked)
    returning order_id, attempts`.execute(db);
  return rows[0] ?? null;
}

async function runJob(db: Kysely<DB>, raw: postgres.Sql | undefined, job: { order_id: string; attempts: number }) {
  let done = 0;
  const beat = setInterval(() => {
    void db
      .updateTable("issuing_job")
      .set({ heartbeat_at: new Date(), done_count: done })
      .where("order_id", "=", job.order_id)
      .where("claimed_by", "=", WORKER_ID)
      .execute()
      .catch(() => {});
  }, HEARTBEAT_MS);
  beat.unref();
  try {
    const issued = await issueApprovedOrder(db, raw, job.order_id, (n) => (done = n));
    if (!issued)
      // Issued already, or no longer approved: nothing is left to do.
      await db
        .updateTable("issuing_job")
        .set({ state: "done", updated_at: new Date() })
        .where("order_id", "=", job.order_id)
        .execute();
    else logger.info(`[issuing] order ${job.order_id}: codes issued (attempt ${job.attempts})`);
    return issued;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const delay = retryDelayMs(job.attempts);
    logger.error(
      `[issuing] order ${job.order_id}: attempt ${job.attempts} failed: ${message}; retrying in ${Math.round(delay / 1000)} s`,
    );
    // When the database itself is away this write fails too; the stale heartbeat then hands the
    // job to whichever process finds it first once the database is back.
    await db
      .updateTable("issuing_job")
      .set({
        state: "retrying",
        last_error: message.slice(0, 500),
        next_attempt_at: new Date(Date.now() + delay),
        heartbeat_at: null,
        updated_at: new Date(),
      })
      .where("order_id", "=", job.order_id)
      .where("claimed_by", "=", WORKER_ID)
      .execute()
      .catch(() => {});
    return false;
  } finally {
    clearInterval(beat);
  }
}

interface Worker {
  timer: NodeJS.Timeout;
  busy: boolean;
  stopped: boolean;
}
let worker: Worker | null = null;

/** One pass: claim and run due jobs until none is left (or `only` is done). */
async function drain(
  db: Kysely<DB>,
  raw: postgres.Sql | undefined,
  only?: string,
  staleMs = ISSUING_STALE_MS,
): Promise<boolean> {
  let issued = false;
  for (;;) {
    if (worker?.stopped) return issued;
    const job = await claimDueJob(db, staleMs, only).catch((error: unknown) => {
      logger.error({ err: error }, "[issuing] could not look for jobs");
      return null;
    });
    if (!job) return issued;
    issued = (await runJob(db, raw, job)) || issued;
    if (only) return issued;
  }
}

/** Starts this process's share of the work: due jobs are claimed every ISSUING_POLL_MS. */
export function startIssuingWorker(
  db: Kysely<DB>,
  raw: postgres.Sql | undefined,
  { pollMs = ISSUING_POLL_MS, staleMs = ISSUING_STALE_MS } = {},
) {
  if (worker) return;
  const w: Worker = { busy: false, stopped: false, timer: undefined as unknown as NodeJS.Timeout };
  const tick = () => {
    if (w.busy || w.stopped) return;
    w.busy = true;
    void drain(db, raw, undefined, staleMs).finally(() => (w.busy = false));
  };
  w.timer = setInterval(tick, pollMs);
  w.timer.unref();
  worker = w;
  tick();
}

/** At shutdown: take no new job. A job in flight is abandoned with its connection, never waited for. */
export function stopIssuingWorker() {
  if (!worker) return;
  worker.stopped = true;
  clearInterval(worker.timer);
  worker = null;
}

/** Right after an approval: this process tries the order's job at once, without waiting for the poll. */
export function startIssuing(db: Kysely<DB>, raw: postgres.Sql | undefined, orderId: string): Promise<boolean> {
  return drain(db, raw, orderId);
}
