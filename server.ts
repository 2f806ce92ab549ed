// Boot: choose the React build before anything imports React, then start the app: one process,
// or with WEB_CONCURRENCY > 1 on PostgreSQL a primary that runs that many workers (decision 021).
import { logger } from "#app/logging/logger.server.ts";
import cluster from "node:cluster";

const dev = process.argv.includes("--dev");
process.env.NODE_ENV ??= dev ? "development" : "production";

const { getEnv } = await import("./app/env.server.ts");
const env = getEnv();
if (cluster.isPrimary && !dev && env.WEB_CONCURRENCY > 1 && env.DATABASE_URL) {
  const { runPrimary } = await import("./app/http/cluster.server.ts");
  await runPrimary(env.WEB_CONCURRENCY);
} else {
  if (env.WEB_CONCURRENCY > 1 && !env.DATABASE_URL)
    logger.info("[cluster] WEB_CONCURRENCY ignored: embedded PGlite is one process's database; running one process");
  const { startServer } = await import("./app/http/server.server.ts");
  await startServer({ dev, prepared: cluster.isWorker });
}
export {};
