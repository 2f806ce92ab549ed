import type { Redis } from "ioredis";
import { sharedRedis } from "#app/redis.server.ts";
import { logger } from "#app/logging/logger.server.ts";
import { Backoff, RateLimiter } from "./rate-counters.server.ts";

/**
 * The rate-limit counters shared by every app process through Redis (decision 021), with this
 * process's own counters (rate-counters.server.ts) as the fallback while Redis is unset or down.
 * The same sliding window and the same growing delay, computed atomically in Redis by a script:
 * two processes never both let the last allowed attempt through.
 */

// A sliding window over two aligned windows (current and previous), in milliseconds.
// op: "check" (count nothing), "take" (count only when allowed), "count" (always count, return
// the wait before it), "hit" (always count, return the wait after it).
const WINDOW_LUA = `
local c = tonumber(redis.call('GET', KEYS[1]) or '0')
local p = tonumber(redis.call('GET', KEYS[2]) or '0')
local limit, window, elapsed, op = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local function wait(n)
  if p * (1 - elapsed / window) + n < limit then return 0 end
  if n < limit then return window * (1 - (limit - n) / p) - elapsed + 1 end
  return window - elapsed + window * (1 - limit / n) + 1
end
local w = wait(c)
if op == 'check' or (op == 'take' and w > 0) then return math.ceil(w) end
c = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], window * 2)
if op == 'hit' then w = wait(c) end
return math.ceil(w)`;

// Failures per key: from the n-th on, each doubles the delay up to a cap; a quiet period forgets.
const BACKOFF_LUA = `
local now, op = tonumber(ARGV[1]), ARGV[2]
local before, first, cap, forget = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
if op == 'succeed' then redis.call('DEL', KEYS[1]) return 0 end
local v = redis.call('HMGET', KEYS[1], 'count', 'last', 'until')
local count, last, untl = tonumber(v[1] or '0'), tonumber(v[2] or '0'), tonumber(v[3] or '0')
if count > 0 and now - last >= forget then count, untl = 0, 0 end
if op == 'fail' then
  count = count + 1
  local over = count - before
  if over >= 0 then untl = now + math.min(cap, first * 2 ^ math.min(over, 30)) end
  redis.call('HSET', KEYS[1], 'count', count, 'last', now, 'until', untl)
  redis.call('PEXPIRE', KEYS[1], forget)
end
if untl > now then return untl - now end
return 0`;

type WithScripts = Redis & {
  giWindow(cur: string, prev: string, limit: number, window: number, elapsed: number, op: string): Promise<number>;
  giBackoff(key: string, ...args: (string | number)[]): Promise<number>;
};

const defined = new WeakSet<Redis>();
function scripts(client: Redis): WithScripts {
  if (!defined.has(client)) {
    client.defineCommand("giWindow", { numberOfKeys: 2, lua: WINDOW_LUA });
    client.defineCommand("giBackoff", { numberOfKeys: 1, lua: BACKOFF_LUA });
    defined.add(client);
  }
  return client as WithScripts;
}

const seconds = (ms: number) => (ms > 0 ? Math.max(1, Math.ceil(ms / 1000)) : 0);

let lastComplaint = 0;
/** Runs `shared` on Redis when it is connected; on no Redis or any failure, `local` (logged once a minute). */
async function sharedOr<T>(shared: (client: WithScripts) => Promise<T>, local: () => T): Promise<T> {
  const client = sharedRedis();
  if (!client) return local();
  try {
    return await shared(scripts(client));
  } catch (error) {
    if (Date.now() - lastComplaint > 60_000) {
      lastComplaint = Date.now();
      logger.error(`[rate-limit] Redis did not answer (${(error as Error).message}): per-process windows for now`);
    }
    return local();
  }
}

export type WindowOp = "check" | "take" | "count" | "hit";

export class SharedRateLimiter {
  readonly local: RateLimiter;
  constructor(
    readonly name: string,
    readonly limit: number,
    readonly windowMs: number,
  ) {
    this.local = new RateLimiter(limit, windowMs);
  }

  /** Seconds to wait (see WindowOp for what is counted). */
  run(op: WindowOp, key: string): Promise<number> {
    return sharedOr(
      async (client) => {
        const now = Date.now();
        const index = Math.floor(now / this.windowMs);
        const ms = await client.giWindow(
          `rl:${this.name}:${index}:${key}`,
          `rl:${this.name}:${index - 1}:${key}`,
          this.limit,
          this.windowMs,
          now - index * this.windowMs,
          op,
        );
        return seconds(Number(ms));
      },
      () => {
        const before = this.local.retryAfter(key);
        if (op === "check" || (op === "take" && before)) return before;
        const after = this.local.hit(key);
        return op === "hit" ? after : before;
      },
    );
  }
}

export class SharedBackoff {
  readonly local: Backoff;
  constructor(
    readonly name: string,
    readonly rule: ConstructorParameters<typeof Backoff>[0],
  ) {
    this.local = new Backoff(rule);
  }

  #run(op: "check" | "fail" | "succeed", key: string, local: () => number): Promise<number> {
    const r = this.rule;
    return sharedOr(
      async (client) =>
        seconds(
          Number(
            await client.giBackoff(
              `bo:${this.name}:${key}`,
              Date.now(),
              op,
              r.failuresBeforeDelay,
              r.firstDelayMs,
              r.maxDelayMs,
              r.forgetAfterMs,
            ),
          ),
        ),
      local,
    );
  }

  retryAfter = (key: string) => this.#run("check", key, () => this.local.retryAfter(key));
  fail = (key: string) => this.#run("fail", key, () => this.local.fail(key));
  succeed = async (key: string) => {
    await this.#run("succeed", key, () => (this.local.succeed(key), 0));
  };
}
