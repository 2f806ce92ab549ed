import "./context.ts";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { createServer } from "node:http";
import { getEnv, isProduction } from "#app/env.server.ts";
import { connect, disconnect } from "#app/db.server.ts";
import { disconnectRedis, redis } from "#app/redis.server.ts";
import { sessionCookieName } from "#app/accounts/session.server.ts";
import { prepareDatabase } from "./boot.server.ts";
import { startOversightJobs } from "#app/oversight/jobs.server.ts";
import { startIssuingWorker, stopIssuingWorker } from "#app/label/issuing-job.server.ts";
import { startLogPublisher, stopLogPublisher } from "#app/log/publisher.server.ts";
import { drawDueCampaigns } from "#app/inspection/campaign-draw.server.ts";
import { requestCosignatures } from "#app/log/witness.server.ts";
import { apiEdgeRefusal, apiMethods, isApiPath } from "./api-edge.server.ts";
import { knownMethodsOnly, plainPage, sameOriginOnly, securityHeaders } from "./security.server.ts";
import { ensureScanPartitions } from "#app/verification/partitions.server.ts";
import { existingScanLog } from "#app/verification/scan-log.server.ts";
import { scanHotPath } from "#app/http/verify-hot-path.server.ts";
import { counter, gauge, labelledCounter, observeRequest, routeGroup } from "#app/metrics/metrics.server.ts";
import { lookupSources, lookupsInFlight, scanLog } from "#app/verification/verification.server.ts";
import { closeReplicas, replicaSet } from "#app/verification/replicas.server.ts";
import { discardBody } from "#app/forms/body.server.ts";
import { logger } from "#app/logging/logger.server.ts";
import { remixRequestHandler } from "./remix-handler.server.ts";
import { startWebhookWorker } from "#app/api-client/webhooks.server.ts";
import { inRequestScope, withRequestLog } from "#app/logging/request-log.server.ts";

// What a plain refusal page says (both languages: it is answered before any page knows the reader's).
const CLIENT_ERROR_WORDS: Record<number, string> = {
  400: "<h1>请求无法识别</h1><p>请检查网址后再试。</p><p lang=en>The request could not be understood. Check the address and try again.</p>",
  405: "<h1>此地址不接受这种请求</h1><p>请从本站页面操作。</p><p lang=en>This address does not take that kind of request. Use this site's pages.</p>",
  413: "<h1>提交的内容过大</h1><p>未收到任何内容，也未作任何更改。</p><p lang=en>What was sent is too large; nothing was received or changed.</p>",
};
const HOME = '<p><a href="/">返回首页 / Home</a></p>';

/** `prepared`: a cluster worker, whose primary already migrated and seeded (cluster.server.ts). */
export async function startServer({ dev, prepared = false }: { dev: boolean; prepared?: boolean }) {
  const env = getEnv();
  const handle = prepared ? await connect() : await prepareDatabase();
  // Connect to Redis now (if REDIS_URL is set), so the first scans already share their counters.
  redis();

  // Flags and alerts for people to decide on, and the dashboard's scan figures (decision 008).
  startOversightJobs(handle.db, env.OVERSIGHT_JOB_MS, env.MAIL_QUEUE_MS);

  // Register-change webhooks, from the queue the register's triggers fill (decision 047).
  startWebhookWorker(handle.db, env.WEBHOOK_DELIVERY_MS);

  // Scan log partitions three months ahead, checked daily (idempotent across processes).
  const partitions = () =>
    ensureScanPartitions(handle.db, 3).catch((error: unknown) =>
      logger.error({ err: error }, "[scan-partitions] failed"),
    );
  await partitions();
  setInterval(partitions, 24 * 60 * 60 * 1000).unref();

  // Issuing jobs of approved orders, shared with every other live process (decision 012).
  startIssuingWorker(handle.db, handle.raw);

  // The public log: a signed checkpoint now, then while it grows (decision 017).
  // After each checkpoint: announced campaigns it seeds are drawn (decision 045), then witnesses asked.
  await startLogPublisher(handle.db, env.LOG_CHECKPOINT_MS, async (checkpoint) => {
    await drawDueCampaigns(handle.db).catch((error: unknown) => logger.error({ err: error }, "[draws] failed"));
    await requestCosignatures(handle.db, checkpoint);
  });

  const app = express();
  app.disable("x-powered-by");
  // Pages are no-store and files carry their own validators: a SHA-1 of every body buys nothing.
  app.disable("etag");
  app.set("trust proxy", env.TRUST_PROXY === "1" ? 1 : false);
  app.use(securityHeaders({ dev, production: isProduction() }));
  app.use(apiMethods());
  app.use(knownMethodsOnly());
  app.use(compression());

  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (dev) {
    const vite = await import("vite");
    const viteServer = await vite.createServer({ server: { middlewareMode: true } });
    app.use(viteServer.middlewares);
    build = () => viteServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  } else {
    const buildPath = new URL("../../build/server/index.js", import.meta.url).href;
    build = (await import(/* @vite-ignore */ buildPath)) as ServerBuild;
    app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y", index: false }));
    app.use(express.static("build/client", { maxAge: "1h", index: false }));
  }

  app.use(
    sameOriginOnly({
      publicOrigin: env.PUBLIC_ORIGIN,
      sessionCookieName,
      bearerOnly: isApiPath,
      refuseBearerPath: (req, res) => apiEdgeRefusal(req, res, 403),
    }),
  );
  const pages = remixRequestHandler({
    build,
    mode: dev ? "development" : "production",
    getLoadContext: (req, res) => ({ cspNonce: String(res.locals.cspNonce), clientIp: req.ip ?? "unknown" }),
  });
  app.all("*", (req, res, next) => inRequestScope(req, () => pages(req, res, next)));
  app.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    void _next;
    if (res.headersSent) return;
    // Express's own client errors (a malformed %-escape in a path, a bad body) keep their 4xx.
    const status = Number((error as { status?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode);
    if (isApiPath(req.path)) {
      if (!(status >= 400 && status < 500))
        logger.error({ err: error, reqId: String(res.getHeader("X-Request-Id") ?? "") }, "[http] unhandled error");
      return apiEdgeRefusal(req, res, status >= 400 && status < 500 ? status : 500);
    }
    if (status >= 400 && status < 500) {
      res
        .status(status)
        .type("text/html; charset=utf-8")
        .send(
          plainPage(
            String(res.locals.cspNonce),
            String(status),
            `${CLIENT_ERROR_WORDS[status] ?? CLIENT_ERROR_WORDS[400]}${HOME}`,
          ),
        );
      return;
    }
    const requestId = String(res.getHeader("X-Request-Id") ?? "");
    logger.error({ err: error, reqId: requestId }, "[http] unhandled error");
    // The id is ours (a UUID or a checked proxy id, request-log.server.ts): safe to print as is.
    res
      .status(500)
      .type("text/html; charset=utf-8")
      .send(
        plainPage(
          String(res.locals.cspNonce),
          "500",
          `<h1>出错了</h1><p>系统暂时无法完成您的请求，请稍后再试。</p><p lang=en>Something went wrong. Please try again later.</p><p>请求编号 / Request id: <code>${requestId}</code></p>`,
        ),
      );
  });

  // The public scan page and its JSON twin are answered before express (the hot path). Their
  // answers (< 5 KB) fit the first TCP window, so they skip gzip too.
  const log = scanLog();
  const resumed = await log.resumeSpool();
  if (resumed) logger.info(`[scan-log] ${resumed} scan(s) kept on disk by an earlier run will be written now`);
  gauge("scan_log_on_disk", "Scans kept on local disk while the database did not take them.", () => log.stats.onDisk);
  labelledCounter(
    "verify_lookups_total",
    "Scan lookups by where they were answered: replica, primary, or primary_recheck (a replica's verdict other than genuine, asked again).",
    "source",
    () => lookupSources,
  );
  replicaSet();
  labelledCounter("scans_total", "Scans answered, by verdict.", "verdict", () => log.stats.byVerdict);
  gauge("scan_log_pending", "Scans answered but not yet written to the scan log.", () => log.pending);
  counter("scan_log_written_total", "Scans written to the scan log.", () => log.stats.written);
  counter(
    "scan_log_dropped_total",
    "Scans dropped because too many waited while the database was down.",
    () => log.stats.dropped,
  );
  counter(
    "scan_log_failed_flushes_total",
    "Scan-log writes that failed and were retried.",
    () => log.stats.failedFlushes,
  );
  gauge("db_pool_max_connections", "Size of the database connection pool.", () =>
    handle.raw ? (handle.raw.options.max as number) : 1,
  );
  gauge("db_lookups_in_flight", "Scan lookups waiting on the database now.", () => lookupsInFlight());
  const hotPath = scanHotPath({ dev, production: isProduction(), trustProxy: env.TRUST_PROXY === "1" });
  const server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    const group = routeGroup(req.url ?? "/");
    res.once("finish", () => observeRequest(group, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9));
    // A body the page did not read (a 404, a refusal) is thrown away, boundedly (decision 013).
    // On prefinish: at finish Node would already be dropping it unseen, for as long as it lasts.
    res.once("prefinish", () => discardBody(req, res));
    // One JSON line per request with its id, route, status and duration (decision 046).
    withRequestLog(
      req,
      res,
      () => {
        if (!hotPath(req, res)) app(req, res);
      },
      { isScan: group === "verify", scanSample: env.LOG_SCAN_SAMPLE },
    );
  });
  server.listen(env.PORT, env.HOST, () => {
    logger.info(`[http] GI Mark Registry on http://localhost:${env.PORT} (${handle.backend}${dev ? ", dev" : ""})`);
  });
  server.keepAliveTimeout = 65_000;

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info(`[http] ${signal}: closing`);
    stopIssuingWorker();
    stopLogPublisher();
    // Finish requests in flight (5 s at most), then release the database.
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      setTimeout(() => {
        server.closeAllConnections();
        resolve();
      }, 5000).unref();
    });
    // Scans still in memory are written before the database is released: none is lost. A flush
    // still waiting when the database is released fails then, and settle() keeps its scans on disk.
    const scanLog = existingScanLog();
    await scanLog?.close();
    await closeReplicas();
    await disconnect();
    await scanLog?.settle();
    await disconnectRedis();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "[process] unhandled rejection"));
  return server;
}
