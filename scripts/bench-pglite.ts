// npm run bench:pglite — the embedded default beside PostgreSQL, same app, same data, same driver:
// time from start to the first healthy answer, the app process's memory after start and after
// load, and scan-page throughput (100,000 collected labels, random existing codes). PGlite runs
// inside the app process (its memory is the app's); PostgreSQL's own memory is outside it.
// Prints each figure and the ratio PGlite / PostgreSQL. BENCH_LABELS, BENCH_SECONDS adjust it.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { openDatabase } from "#db/connection.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { loadDivisions } from "#app/division/division.server.ts";
import { createBenchDatabase } from "./lib/bench-db.ts";
import { drive } from "./lib/load.ts";
import { httpOk, startProcess } from "./lib/processes.ts";
import { seedCollectedLabels } from "./lib/verify-world.ts";

const N = Number(process.env.BENCH_LABELS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3420);

const rssMb = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
  return line ? Math.round(Number(line[1]) / 1024) : 0;
};

async function measure(backend: "pglite" | "postgres", env: Record<string, string>, codes: string[]) {
  const started = performance.now();
  const app = await startProcess(
    "node",
    ["--import", "tsx", "server.ts"],
    {
      ...env,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      APP_ENV: "production",
      SESSION_SECRET: "bench-secret-0123456789abcdef-0123456789",
      SEED: "none",
      VERIFY_RATE_LIMIT: "1000000000",
    },
    () => httpOk(`http://127.0.0.1:${PORT}/healthz`),
  );
  const startSeconds = (performance.now() - started) / 1000;
  const rssStart = rssMb(app.child.pid!);
  const path = () => `/v/${codes[Math.floor(Math.random() * codes.length)]}`;
  const load = await drive({ port: PORT, path, concurrency: 32, seconds: SECONDS, warmupSeconds: 3 });
  const rssLoaded = rssMb(app.child.pid!);
  await app.stop("SIGTERM");
  console.log(
    `${backend.padEnd(8)} start ${startSeconds.toFixed(2)} s, RSS ${rssStart} MB after start, ${rssLoaded} MB after load; ${load.rps} scans/s (p50 ${load.p50_ms} ms, p99 ${load.p99_ms} ms, non-200 ${load.errors})`,
  );
  return { startSeconds, rssStart, rssLoaded, load };
}

const dataDir = mkdtempSync(join(tmpdir(), "gi-bench-pglite-"));
const pg = await createBenchDatabase("gi_bench_pglite");
try {
  console.log(`[bench:pglite] seeding ${N.toLocaleString("en")} collected labels into both…`);
  const lite = await openDatabase({ dataDir: join(dataDir, "pglite") });
  await migrateToLatest(lite.db);
  await loadDivisions(lite.db);
  const liteCodes = await seedCollectedLabels(lite.db, N);
  await lite.close();
  await migrateToLatest(pg.db);
  await loadDivisions(pg.db);
  const pgCodes = await seedCollectedLabels(pg.db, N);

  const l = await measure("pglite", { DATA_DIR: dataDir }, liteCodes);
  const p = await measure("postgres", { DATABASE_URL: pg.url, DATA_DIR: dataDir }, pgCodes);
  const r = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  const result = {
    benchmark: "pglite",
    labels: N,
    pglite_start_s: Math.round(l.startSeconds * 100) / 100,
    postgres_start_s: Math.round(p.startSeconds * 100) / 100,
    pglite_rss_after_start_mb: l.rssStart,
    postgres_app_rss_after_start_mb: p.rssStart,
    pglite_rss_after_load_mb: l.rssLoaded,
    postgres_app_rss_after_load_mb: p.rssLoaded,
    pglite_scans_per_s: l.load.rps,
    pglite_p50_ms: l.load.p50_ms,
    pglite_p99_ms: l.load.p99_ms,
    postgres_scans_per_s: p.load.rps,
    postgres_p50_ms: p.load.p50_ms,
    postgres_p99_ms: p.load.p99_ms,
    ratio_start_pglite_vs_postgres: r(l.startSeconds, p.startSeconds),
    ratio_rss_pglite_vs_postgres_app: r(l.rssLoaded, p.rssLoaded),
    ratio_scans_pglite_vs_postgres: r(l.load.rps, p.load.rps),
  };
  console.log(JSON.stringify(result));
} finally {
  await pg.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
