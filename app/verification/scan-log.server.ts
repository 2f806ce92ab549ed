import { CompiledQuery, sql, type Kysely } from "kysely";
import type { DB, ScanChannel, Verdict } from "#db/schema.ts";
import { withDeadline } from "#app/deadline.ts";
import { logger } from "#app/logging/logger.server.ts";
import { readSpooled, spoolBatch, spooledFiles, writeSpooled, type SpooledBatch } from "./scan-spool.server.ts";

export interface ScanEntry {
  scannedAt: Date;
  code: Uint8Array | null;
  rawInput: string | null;
  markId: string | null;
  enterpriseId: string | null;
  verdict: Verdict;
  channel: ScanChannel;
  network: string;
  userAgent: string | null;
  ref: string | null;
  /** The code in hex, computed once by record(). */
  key?: string | null;
  /** Logged but left out of the code's count (a link preview): set by recordUncounted(). */
  uncounted?: boolean;
}

export interface ScanNumber {
  /** This scan's number: 1 for the first time anyone checked the code. */
  count: number;
  firstScannedAt: Date;
}

interface Tally {
  count: number;
  first: Date;
}

interface LocationUpdate {
  code: Uint8Array;
  ref: string;
  latitude: number;
  longitude: number;
  attempts: number;
}

/** A batch as the statements (and the spool) take it. */
interface PreparedBatch {
  rows: Record<string, unknown>[];
  tallies: SpooledBatch["tallies"];
  perCode: Map<string, { code: Uint8Array; count: number; first: Date; last: Date }>;
}

export interface ScanLogOptions {
  /** Longest a scan waits in memory before it is written (a hard crash loses at most this much). */
  flushIntervalMs?: number;
  /** A batch this large is written at once, without waiting for the interval. */
  batchSize?: number;
  /** While the database is down, scans wait here; beyond this many, the oldest are dropped (and counted). */
  maxPending?: number;
  enabled?: boolean;
  /** A flush that gets no answer for this long gives up and its scans wait for the next one. */
  flushDeadlineMs?: number;
  /** Where failed batches wait on disk until the database takes them (decision 022); unset: in memory only. */
  spoolDir?: string;
}

export const INSERT_SCANS = `
  insert into scan (scanned_at, code, raw_input, mark_id, enterprise_id, verdict, channel, network, user_agent, ref)
  select x.scanned_at, decode(x.code, 'hex'), x.raw_input, x.mark_id, x.enterprise_id, x.verdict, x.channel, x.network, x.user_agent, x.ref
    from jsonb_to_recordset($1::text::jsonb) as x(scanned_at timestamptz, code text, raw_input text, mark_id uuid, enterprise_id uuid, verdict text, channel text, network text, user_agent text, ref text)`;

export const UPSERT_TALLIES = `
  insert into scan_tally (code, scan_count, first_scanned_at, last_scanned_at)
  select decode(x.code, 'hex'), x.n, x.first, x.last
    from jsonb_to_recordset($1::text::jsonb) as x(code text, n bigint, first timestamptz, last timestamptz)
  on conflict (code) do update set
    scan_count = scan_tally.scan_count + excluded.scan_count,
    first_scanned_at = least(scan_tally.first_scanned_at, excluded.first_scanned_at),
    last_scanned_at = greatest(scan_tally.last_scanned_at, excluded.last_scanned_at)`;

// A connection that died mid-transaction may never answer: a flush gives up after this and its
// scans go back in the queue (the transaction cannot commit without that connection).
const FLUSH_DEADLINE_MS = 10_000;

// PostgreSQL text (and jsonb) cannot hold U+0000: one hostile user agent would otherwise fail
// its whole batch, and every retry after it, for good.
const textOf = (s: string | null) => (s === null ? null : s.replaceAll("\u0000", ""));

const hex = (code: Uint8Array) => Buffer.from(code.buffer, code.byteOffset, code.byteLength).toString("hex");
const earliest = (...dates: (Date | null | undefined)[]) => {
  const times = dates.filter((d): d is Date => d instanceof Date).map((d) => d.getTime());
  return new Date(times.length ? Math.min(...times) : Date.now());
};

/**
 * Scans are written in batches off the request path (one transaction per batch: the rows and
 * the per-code tally together). The number shown to a consumer is the committed tally plus
 * this process's scans not yet handed to a flush, and never less than the number this process
 * showed last for that code: exact within a process, at most one flush interval behind across
 * processes (docs/decisions/007-verification-hot-path.md).
 */
export class ScanLog {
  readonly flushIntervalMs: number;
  readonly batchSize: number;
  readonly maxPending: number;
  readonly enabled: boolean;
  readonly flushDeadlineMs: number;
  readonly spoolDir: string | undefined;
  /** Per spool file this process wrote: its scans per code, still counted as unwritten until the file is. */
  #spooled = new Map<string, Map<string, number>>();
  #buffer: ScanEntry[] = [];
  #buffered = new Map<string, Tally>();
  #lastShown = new Map<string, Tally>();
  #locations: LocationUpdate[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;
  #closed = false;
  #backoffUntil = 0;
  stats = { written: 0, dropped: 0, failedFlushes: 0, onDisk: 0, byVerdict: {} as Partial<Record<Verdict, number>> };

  constructor(
    private readonly db: () => Promise<Kysely<DB>>,
    options: ScanLogOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 500;
    this.batchSize = options.batchSize ?? 1000;
    this.maxPending = options.maxPending ?? 200_000;
    this.enabled = options.enabled ?? true;
    this.flushDeadlineMs = options.flushDeadlineMs ?? FLUSH_DEADLINE_MS;
    this.spoolDir = options.spoolDir;
  }

  /** Records a scan (synchronously, so concurrent scans of one code get consecutive numbers). */
  record(entry: ScanEntry, committed: { count: number; first: Date | null }): ScanNumber {
    this.stats.byVerdict[entry.verdict] = (this.stats.byVerdict[entry.verdict] ?? 0) + 1;
    if (!entry.code) {
      this.#push(entry);
      return { count: 0, firstScannedAt: entry.scannedAt };
    }
    const key = hex(entry.code);
    entry.key = key;
    const buffered = this.#buffered.get(key);
    const last = this.#lastShown.get(key);
    const count = Math.max(committed.count + (buffered?.count ?? 0), last?.count ?? 0) + 1;
    const first = earliest(committed.first, buffered?.first, last?.first, entry.scannedAt);
    if (this.enabled) {
      this.#buffered.set(key, { count: (buffered?.count ?? 0) + 1, first: buffered?.first ?? entry.scannedAt });
      this.#push(entry);
    }
    this.#remember(key, { count, first });
    return { count, firstScannedAt: first };
  }

  /**
   * Logs a lookup without adding to the code's count (a link preview): the row is written with
   * the others, the tally is left alone, and the number returned is the code's as of now.
   */
  recordUncounted(entry: ScanEntry, committed: { count: number; first: Date | null }): ScanNumber {
    this.stats.byVerdict[entry.verdict] = (this.stats.byVerdict[entry.verdict] ?? 0) + 1;
    entry.uncounted = true;
    if (entry.code) entry.key = hex(entry.code);
    this.#push(entry);
    return entry.code ? this.peek(entry.code, committed) : { count: 0, firstScannedAt: entry.scannedAt };
  }

  /** The code's number as of now, without counting a new scan (an answer shown again). */
  peek(code: Uint8Array, committed: { count: number; first: Date | null }): ScanNumber {
    const key = hex(code);
    const buffered = this.#buffered.get(key);
    const last = this.#lastShown.get(key);
    const count = Math.max(committed.count + (buffered?.count ?? 0), last?.count ?? 0);
    return {
      count,
      firstScannedAt: earliest(committed.first, buffered?.first, last?.first, count ? null : new Date()),
    };
  }

  /** A number shown for a code by the shared counter (Redis): never show less afterwards. */
  observe(code: Uint8Array, number: ScanNumber) {
    const key = hex(code);
    const last = this.#lastShown.get(key);
    if (!last || last.count < number.count)
      this.#remember(key, { count: number.count, first: earliest(last?.first, number.firstScannedAt) });
  }

  /** A consumer chose to share where they scanned: rounded to 0.01° (about 1 km). */
  recordLocation(code: Uint8Array, ref: string, latitude: number, longitude: number) {
    if (!this.enabled || this.#locations.length >= 10_000) return;
    this.#locations.push({
      code,
      ref,
      latitude: Math.round(latitude * 100) / 100,
      longitude: Math.round(longitude * 100) / 100,
      attempts: 0,
    });
    this.#schedule();
  }

  get pending(): number {
    return this.#buffer.length;
  }

  /** Writes everything buffered now; resolves when it is committed (or has failed and been put back). */
  flush(): Promise<void> {
    if (this.#flushing)
      return this.#flushing.then(() => (this.#buffer.length || this.#locations.length ? this.flush() : undefined));
    if (!this.#buffer.length && !this.#locations.length && !this.#spooled.size) return Promise.resolve();
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#flushing = this.#write().finally(() => {
      this.#flushing = undefined;
      if (this.#buffer.length || this.#locations.length || this.#spooled.size) this.#schedule();
    });
    return this.#flushing;
  }

  /**
   * Graceful shutdown: stop taking the interval and write what is pending (bounded wait). A flush
   * already under way holds its batch outside the buffer, so it is waited for too. What the
   * database did not take in time goes to the spool on disk for the next process (decision 022).
   */
  async close(timeoutMs = 5000): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    const deadline = Date.now() + timeoutMs;
    while ((this.#flushing || this.#buffer.length || this.#locations.length) && Date.now() < deadline) {
      this.#backoffUntil = 0;
      await withDeadline(this.flush(), Math.max(1, deadline - Date.now())).catch(() => undefined);
      if (this.#buffer.length) await new Promise((r) => setTimeout(r, 100));
    }
    await this.#keepUnwritten();
  }

  /**
   * After the database is released: a flush that was still waiting has now failed and put its
   * scans back (or been written); whatever is left is kept on disk before the process exits.
   */
  async settle(timeoutMs = 2000): Promise<void> {
    if (this.#flushing) await withDeadline(this.#flushing, timeoutMs).catch(() => undefined);
    await this.#keepUnwritten();
  }

  async #keepUnwritten() {
    if (!this.#buffer.length) return;
    const batch = this.#buffer.splice(0);
    if (await this.#keep(batch, this.#prepare(batch)))
      logger.warn(`[scan-log] shutdown: ${batch.length} scan(s) kept on disk for the next start`);
    else logger.error(`[scan-log] shutdown with ${batch.length} scan(s) unwritten: the database did not answer`);
  }

  #push(entry: ScanEntry) {
    if (!this.enabled) return;
    this.#buffer.push(entry);
    if (this.#buffer.length > this.maxPending) {
      const dropped = this.#buffer.splice(0, this.#buffer.length - this.maxPending);
      this.stats.dropped += dropped.length;
      for (const d of dropped) if (d.key && !d.uncounted) this.#unbuffer(d.key);
    }
    if (this.#buffer.length >= this.batchSize && Date.now() >= this.#backoffUntil) void this.flush();
    else this.#schedule();
  }

  #schedule() {
    if (this.#timer || this.#flushing || this.#closed) return;
    const wait = Math.max(this.flushIntervalMs, this.#backoffUntil - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, wait);
    this.#timer.unref();
  }

  #unbuffer(key: string) {
    const t = this.#buffered.get(key);
    if (!t) return;
    if (t.count <= 1) this.#buffered.delete(key);
    else t.count -= 1;
  }

  #remember(key: string, tally: Tally) {
    this.#lastShown.delete(key);
    this.#lastShown.set(key, tally);
    if (this.#lastShown.size > 100_000) this.#lastShown.delete(this.#lastShown.keys().next().value!);
  }

  /** A batch as the statements take it; its scans stop counting as buffered (they are in flight). */
  #prepare(batch: ScanEntry[]): PreparedBatch {
    // Once a scan is handed to a flush it no longer counts as buffered: if the read that follows
    // misses the commit, the "last shown" number still covers it.
    const perCode: PreparedBatch["perCode"] = new Map();
    for (const entry of batch) {
      if (!entry.code || !entry.key || entry.uncounted) continue;
      const key = entry.key;
      this.#unbuffer(key);
      const t = perCode.get(key);
      if (t) {
        t.count += 1;
        if (entry.scannedAt < t.first) t.first = entry.scannedAt;
        if (entry.scannedAt > t.last) t.last = entry.scannedAt;
      } else perCode.set(key, { code: entry.code, count: 1, first: entry.scannedAt, last: entry.scannedAt });
    }
    // One statement per batch whatever its size: the rows travel as one JSON parameter (cheaper
    // to parse and plan than thousands of bind parameters, same SQL on both backends).
    const rows = batch.map((s) => ({
      scanned_at: s.scannedAt.toISOString(),
      code: s.key ?? null,
      raw_input: textOf(s.rawInput),
      mark_id: s.markId,
      enterprise_id: s.enterpriseId,
      verdict: s.verdict,
      channel: s.channel,
      network: s.network,
      user_agent: textOf(s.userAgent),
      ref: s.ref,
    }));
    // Same lock order in every process (sorted by code), so two flushes never deadlock.
    const tallies = [...perCode.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, t]) => ({ code: key, n: t.count, first: t.first.toISOString(), last: t.last.toISOString() }));
    return { rows, tallies, perCode };
  }

  /**
   * A batch the database did not take still counts as unwritten for the numbers shown, wherever it
   * waits: on disk when there is a spool (it survives a restart), else back in front, in order.
   * Says whether it is on disk.
   */
  async #keep(batch: ScanEntry[], prepared: PreparedBatch): Promise<boolean> {
    for (const entry of batch) {
      if (!entry.key || entry.uncounted) continue;
      const key = entry.key;
      const t = this.#buffered.get(key);
      if (t) {
        t.count += 1;
        if (entry.scannedAt < t.first) t.first = entry.scannedAt;
      } else this.#buffered.set(key, { count: 1, first: entry.scannedAt });
    }
    const file = this.spoolDir && batch.length ? await this.#spool(this.spoolDir, prepared) : null;
    if (!file) this.#buffer.unshift(...batch);
    return file !== null;
  }

  async #write(): Promise<void> {
    const batch = this.#buffer.splice(0, this.batchSize * 5);
    const locations = this.#locations.splice(0);
    const prepared = this.#prepare(batch);
    const { rows, tallies } = prepared;
    try {
      const db = await this.db();
      // What waits on disk goes first, oldest first.
      if (this.spoolDir) await withDeadline(this.#writeSpooled(db, this.spoolDir), this.flushDeadlineMs);
      const unplaced = await withDeadline(
        db.transaction().execute(async (trx) => {
          // A flush may return before its WAL reaches disk: a database crash can cost the last few
          // hundred milliseconds of scans, the same window an app crash already has (decision 007).
          await sql`set local synchronous_commit = off`.execute(trx);
          // The server gives up on a statement stuck behind a lock, so a slow flush fails and is
          // retried rather than committing after the client stopped waiting for it.
          await sql`set local statement_timeout = '5s'`.execute(trx);
          if (rows.length) await trx.executeQuery(CompiledQuery.raw(INSERT_SCANS, [JSON.stringify(rows)]));
          if (tallies.length) await trx.executeQuery(CompiledQuery.raw(UPSERT_TALLIES, [JSON.stringify(tallies)]));
          const retry: LocationUpdate[] = [];
          for (const l of locations) {
            const result = await trx
              .updateTable("scan")
              .set({ latitude: l.latitude.toFixed(2), longitude: l.longitude.toFixed(2) })
              .where("code", "=", l.code)
              .where("ref", "=", l.ref)
              .where("scanned_at", ">", sql<Date>`now() - interval '1 hour'`)
              .executeTakeFirst();
            // The scan may still sit in another process's buffer: try again on the next few flushes.
            if (result.numUpdatedRows === 0n && l.attempts < 5) retry.push({ ...l, attempts: l.attempts + 1 });
          }
          return retry;
        }),
        this.flushDeadlineMs,
      );
      this.stats.written += batch.length;
      this.#backoffUntil = 0;
      this.#locations.push(...unplaced);
    } catch (error) {
      this.stats.failedFlushes += 1;
      const onDisk = await this.#keep(batch, prepared);
      this.#locations.unshift(...locations);
      this.#backoffUntil = Date.now() + 1000;
      if (this.stats.failedFlushes % 20 === 1)
        logger.error(
          { err: error },
          `[scan-log] flush failed; ${onDisk ? "scans kept on disk" : "scans kept in memory"}, will retry`,
        );
    }
  }

  /**
   * Scans a process before this one left on disk (it stopped while the database was away): they
   * count as unwritten for the numbers shown, and the next flush writes them.
   */
  async resumeSpool(): Promise<number> {
    if (!this.spoolDir) return 0;
    let scans = 0;
    for (const file of await spooledFiles(this.spoolDir)) {
      if (this.#spooled.has(file)) continue;
      const batch = await readSpooled(this.spoolDir, file);
      if (!batch) continue;
      const perCode = new Map<string, number>();
      for (const t of batch.tallies) {
        perCode.set(t.code, t.n);
        const known = this.#buffered.get(t.code);
        const first = new Date(t.first);
        if (known) {
          known.count += t.n;
          if (first < known.first) known.first = first;
        } else this.#buffered.set(t.code, { count: t.n, first });
      }
      this.#spooled.set(file, perCode);
      this.stats.onDisk += batch.rows.length;
      scans += batch.rows.length;
    }
    if (this.#spooled.size) this.#schedule();
    return scans;
  }

  async #spool(dir: string, { rows, tallies, perCode }: PreparedBatch): Promise<string | null> {
    try {
      const file = await spoolBatch(dir, { rows, tallies });
      this.#spooled.set(file, new Map([...perCode].map(([key, t]) => [key, t.count])));
      this.stats.onDisk += rows.length;
      return file;
    } catch (error) {
      logger.error({ err: error }, "[scan-log] could not keep scans on disk");
      return null;
    }
  }

  async #writeSpooled(db: Kysely<DB>, dir: string): Promise<void> {
    for (const file of await spooledFiles(dir)) {
      const batch = await writeSpooled(db, dir, file, { insertScans: INSERT_SCANS, upsertTallies: UPSERT_TALLIES });
      const mine = this.#spooled.get(file);
      if (!mine) continue;
      this.#spooled.delete(file);
      this.stats.onDisk -= batch?.rows.length ?? 0;
      this.stats.written += batch?.rows.length ?? 0;
      for (const [key, n] of mine) for (let i = 0; i < n; i++) this.#unbuffer(key);
    }
  }
}

// One log per process, shared by server.ts (shutdown) and the Remix build (two module graphs).
const KEY = Symbol.for("gi-mark-registry.scan-log");
type Holder = { [KEY]?: ScanLog };

export function scanLogOf(create: () => ScanLog): ScanLog {
  const holder = globalThis as Holder;
  holder[KEY] ??= create();
  return holder[KEY];
}

export function existingScanLog(): ScanLog | undefined {
  return (globalThis as Holder)[KEY];
}
