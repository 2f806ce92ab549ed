import cluster from "node:cluster";
import { disconnect } from "#app/db.server.ts";
import { logger } from "#app/logging/logger.server.ts";
import { prepareDatabase } from "./boot.server.ts";

/**
 * `npm run serve` with WEB_CONCURRENCY=N on PostgreSQL: this (primary) process migrates, loads
 * reference data and seeds once, then runs N workers that share the port (node:cluster) and
 * starts another when one dies. SIGTERM/SIGINT go to every worker, which finish their requests
 * and write their scans; the primary exits when the last one has. Workers share nothing in
 * memory: sessions are rows, and counters go through Redis (decision 021).
 */
export async function runPrimary(workers: number): Promise<void> {
  await prepareDatabase();
  await disconnect();
  let stopping = false;
  const fork = () => cluster.fork();
  cluster.on("online", (worker) => logger.info(`[cluster] worker ${worker.process.pid} started`));
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (!Object.keys(cluster.workers ?? {}).length) process.exit(0);
      return;
    }
    logger.error(`[cluster] worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    setTimeout(fork, 1000).unref();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info(`[cluster] ${signal}: stopping ${Object.keys(cluster.workers ?? {}).length} workers`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    if (!Object.keys(cluster.workers ?? {}).length) process.exit(0);
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  logger.info(`[cluster] starting ${workers} workers (WEB_CONCURRENCY)`);
  for (let i = 0; i < workers; i++) fork();
}
