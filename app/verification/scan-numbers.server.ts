import type { Redis } from "ioredis";
import { sharedRedis } from "#app/redis.server.ts";
import { logger } from "#app/logging/logger.server.ts";
import type { ScanLog, ScanNumber } from "./scan-log.server.ts";

/**
 * "本码已被查询 N 次" exact across every app process (decision 021): with Redis, each counted scan
 * takes the next number of its code there, atomically. A code Redis does not know yet (first scan
 * in the last hour, or Redis restarted) starts from this process's own figure, the committed
 * tally plus what waits to be written, which is complete then because every scan flushes within
 * a second. Without Redis, or while it does not answer, the process's own figure stands
 * (exact within the process, at most one flush interval behind across processes).
 */
const NUMBER_LUA = `
local v = redis.call('HMGET', KEYS[1], 'n', 'f')
local n, f = tonumber(v[1]), tonumber(v[2])
if ARGV[1] == 'peek' then
  if not n then return nil end
  return {n, f}
end
local seedN, seedF = tonumber(ARGV[2]), tonumber(ARGV[3])
if not n then n, f = seedN, seedF else n, f = math.max(n + 1, seedN), math.min(f, seedF) end
redis.call('HSET', KEYS[1], 'n', n, 'f', f)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
return {n, f}`;

/** A code's number is forgotten an hour after its last scan (its tally is committed long before). */
const NUMBER_TTL_MS = 60 * 60_000;

type WithScript = Redis & { giScanNumber(key: string, ...args: (string | number)[]): Promise<[number, number] | null> };
const defined = new WeakSet<Redis>();

let lastComplaint = 0;

/**
 * `next`: the shared number of a scan this process just recorded as `local`; `peek`: the code's
 * number now, for an answer shown again. Falls back to `local` without Redis.
 */
export async function sharedScanNumber(
  code: Uint8Array,
  local: ScanNumber,
  op: "next" | "peek",
  log: ScanLog,
): Promise<ScanNumber> {
  const client = sharedRedis();
  if (!client) return local;
  if (!defined.has(client)) {
    client.defineCommand("giScanNumber", { numberOfKeys: 1, lua: NUMBER_LUA });
    defined.add(client);
  }
  try {
    const key = `scan:${Buffer.from(code).toString("hex")}`;
    const result = await (client as WithScript).giScanNumber(
      key,
      op,
      local.count,
      local.firstScannedAt.getTime(),
      NUMBER_TTL_MS,
    );
    if (!result) return local;
    const number = { count: Number(result[0]), firstScannedAt: new Date(Number(result[1])) };
    log.observe(code, number);
    return number;
  } catch (error) {
    if (Date.now() - lastComplaint > 60_000) {
      lastComplaint = Date.now();
      logger.error(
        `[verify] Redis did not answer (${(error as Error).message}): scan numbers from this process for now`,
      );
    }
    return local;
  }
}
