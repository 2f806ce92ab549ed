/**
 * The counting behind every rate limit (the rules and values are in rate-limit.server.ts). Per
 * process; memory is bounded: expired keys are swept, and past MAX_KEYS the oldest are dropped.
 */

const MAX_KEYS = 100_000;
const SWEEP_MS = 60_000;
const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * A sliding-window counter (the previous window's count weighted by how much of it still
 * overlaps, plus the current one): no burst of twice the limit across a window edge.
 */
export class RateLimiter {
  readonly #hits = new Map<string, { start: number; current: number; previous: number }>();
  #lastSweep = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  #entry(key: string, now: number) {
    const entry = this.#hits.get(key);
    if (!entry) return undefined;
    const windows = Math.floor((now - entry.start) / this.windowMs);
    if (windows >= 2) {
      this.#hits.delete(key);
      return undefined;
    }
    if (windows === 1) {
      entry.previous = entry.current;
      entry.current = 0;
      entry.start += this.windowMs;
    }
    return entry;
  }

  /** Seconds until `key` may try again, or 0 if it is under its limit. */
  retryAfter(key: string): number {
    const now = this.now();
    const entry = this.#entry(key, now);
    if (!entry) return 0;
    const elapsed = now - entry.start;
    const weight = 1 - elapsed / this.windowMs;
    if (entry.previous * weight + entry.current < this.limit) return 0;
    if (entry.current < this.limit) {
      // The previous window's share shrinks until the sum drops under the limit (strictly: +1 ms).
      return seconds(this.windowMs * (1 - (this.limit - entry.current) / entry.previous) - elapsed + 1);
    }
    // This window alone is full: wait for it to end and for its share to shrink enough.
    return seconds(this.windowMs - elapsed + this.windowMs * (1 - this.limit / entry.current) + 1);
  }

  /** Counts one event; returns the seconds to wait if this reaches the limit. */
  hit(key: string): number {
    const now = this.now();
    this.#sweep(now);
    const entry = this.#entry(key, now);
    if (entry) entry.current += 1;
    else this.#hits.set(key, { start: now, current: 1, previous: 0 });
    return this.retryAfter(key);
  }

  reset(key: string): void {
    this.#hits.delete(key);
  }

  #sweep(now: number) {
    if (now - this.#lastSweep < SWEEP_MS && this.#hits.size < MAX_KEYS) return;
    this.#lastSweep = now;
    for (const [key, entry] of this.#hits) if (now - entry.start >= 2 * this.windowMs) this.#hits.delete(key);
    for (const key of this.#hits.keys()) {
      if (this.#hits.size < MAX_KEYS) break;
      this.#hits.delete(key);
    }
  }
}

export interface BackoffRule {
  failuresBeforeDelay: number;
  firstDelayMs: number;
  maxDelayMs: number;
  forgetAfterMs: number;
}

/**
 * Failures cost a growing delay: from the `failuresBeforeDelay`-th on, each one waits twice as
 * long as the one before, up to the cap. During the delay the key is refused without a check; a
 * success forgets it. Keyed per account and network, it slows one guesser and no one else.
 */
export class Backoff {
  readonly #failures = new Map<string, { count: number; last: number; until: number }>();
  #lastSweep = 0;

  constructor(
    readonly rule: BackoffRule,
    private readonly now: () => number = () => Date.now(),
  ) {}

  #entry(key: string, now: number) {
    const entry = this.#failures.get(key);
    if (entry && now - entry.last >= this.rule.forgetAfterMs) {
      this.#failures.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Seconds until `key` may try again, or 0. */
  retryAfter(key: string): number {
    const now = this.now();
    const entry = this.#entry(key, now);
    return entry && entry.until > now ? seconds(entry.until - now) : 0;
  }

  /** Counts a failure; returns the delay it earned (0 while failures are still free). */
  fail(key: string): number {
    const now = this.now();
    this.#sweep(now);
    const entry = this.#entry(key, now) ?? { count: 0, last: now, until: 0 };
    entry.count += 1;
    entry.last = now;
    const over = entry.count - this.rule.failuresBeforeDelay;
    if (over >= 0) entry.until = now + Math.min(this.rule.maxDelayMs, this.rule.firstDelayMs * 2 ** Math.min(over, 30));
    this.#failures.delete(key);
    this.#failures.set(key, entry);
    return this.retryAfter(key);
  }

  succeed(key: string): void {
    this.#failures.delete(key);
  }

  #sweep(now: number) {
    if (now - this.#lastSweep < SWEEP_MS && this.#failures.size < MAX_KEYS) return;
    this.#lastSweep = now;
    for (const [key, entry] of this.#failures)
      if (now - entry.last >= this.rule.forgetAfterMs) this.#failures.delete(key);
    for (const key of this.#failures.keys()) {
      if (this.#failures.size < MAX_KEYS) break;
      this.#failures.delete(key);
    }
  }
}
