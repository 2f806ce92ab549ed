/**
 * Fixed-window counters kept in this process. DESIGN.md allows per-process rate-limit
 * windows: behind N processes the effective limit is at most N× stricter per process,
 * never looser than N× the configured one. Memory is bounded by sweeping expired keys.
 */
export class RateLimiter {
  readonly #hits = new Map<string, { count: number; resetAt: number }>();
  #lastSweep = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `key` may try again, or 0 if it is under its limit. */
  retryAfter(key: string): number {
    const entry = this.#hits.get(key);
    const now = this.now();
    if (!entry || entry.resetAt <= now || entry.count < this.limit) return 0;
    return Math.max(1, Math.ceil((entry.resetAt - now) / 1000));
  }

  /** Counts one event; returns the seconds to wait if this reaches the limit. */
  hit(key: string): number {
    const now = this.now();
    this.#sweep(now);
    const entry = this.#hits.get(key);
    if (!entry || entry.resetAt <= now) {
      this.#hits.set(key, { count: 1, resetAt: now + this.windowMs });
    } else {
      entry.count += 1;
    }
    return this.retryAfter(key);
  }

  reset(key: string): void {
    this.#hits.delete(key);
  }

  #sweep(now: number) {
    if (now - this.#lastSweep < 60_000 && this.#hits.size < 100_000) return;
    this.#lastSweep = now;
    for (const [key, entry] of this.#hits) if (entry.resetAt <= now) this.#hits.delete(key);
  }
}

/** IPv4 → /24, IPv6 → /48: the coarse network used for limits and logs, never the full address. */
export function coarseNetwork(ip: string): string {
  const v4 = ip.replace(/^::ffff:/, "");
  if (/^\d+\.\d+\.\d+\.\d+$/.test(v4)) return v4.split(".").slice(0, 3).join(".") + ".0/24";
  if (ip.includes(":")) {
    const [head = "", tail = ""] = ip.split("::");
    const left = head ? head.split(":") : [];
    const right = tail ? tail.split(":") : [];
    const groups = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
    return (
      groups
        .slice(0, 3)
        .map((g) => (g || "0").toLowerCase())
        .join(":") + "::/48"
    );
  }
  return "unknown";
}
