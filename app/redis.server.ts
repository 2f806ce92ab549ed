import { Redis } from "ioredis";
import { logger } from "#app/logging/logger.server.ts";
import { getEnv } from "./env.server.ts";

/**
 * The one Redis connection of this process (REDIS_URL), for what several app processes must
 * agree on: rate-limit windows and scan numbers (decision 021). Commands never queue while it is
 * down: callers get an error at once and fall back to this process's own counters, and the log
 * says so once per change.
 */
const KEY = Symbol.for("gi-mark-registry.redis");
type Holder = { [KEY]?: Redis | null };

export function redis(): Redis | null {
  const holder = globalThis as Holder;
  if (holder[KEY] !== undefined) return holder[KEY];
  const env = getEnv();
  if (!env.REDIS_URL) {
    logger.info(
      "[redis] REDIS_URL is not set: rate-limit windows and scan numbers are per process (behind N processes a limit is at most N× looser, and a scan number can lag by one flush interval)",
    );
    return (holder[KEY] = null);
  }
  const client = new Redis(env.REDIS_URL, {
    keyPrefix: env.REDIS_PREFIX,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 500,
    retryStrategy: (times) => Math.min(200 * times, 2000),
  });
  let shared: boolean | undefined;
  const report = (now: boolean, why = "") => {
    if (shared === now) return;
    shared = now;
    logger.info(
      now
        ? "[redis] connected: rate-limit windows and scan numbers are shared across processes"
        : `[redis] unavailable${why ? ` (${why})` : ""}: falling back to per-process rate-limit windows and scan numbers until it is back`,
    );
  };
  client.on("ready", () => report(true));
  client.on("error", (error: Error) => report(false, error.message));
  client.on("end", () => report(false, "connection closed"));
  return (holder[KEY] = client);
}

/** Redis when it is connected now, else null (callers use their per-process counters). */
export function sharedRedis(): Redis | null {
  const client = redis();
  return client && client.status === "ready" ? client : null;
}

export async function disconnectRedis(): Promise<void> {
  const holder = globalThis as Holder;
  const client = holder[KEY];
  holder[KEY] = undefined;
  if (client) await client.quit().catch(() => client.disconnect());
}
