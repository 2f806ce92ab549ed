// npm run bench:verify — the public scan page under load, on PostgreSQL with 1,000,000 collected
// labels. The same closed-loop driver measures, in one run:
//   1. a bare node:http server doing the same lookup with the same driver (the baseline),
//   2. the app's /v/:code with scan logging on, 3. with scan logging off, and 4. with scan logging
//   on but no request log line per scan (LOG_SCAN_SAMPLE=0; decision 046): the cost of the JSON
//   request log on the hot path, beside the old figures.
// Prints requests per second, p50 and p99 for each, app/baseline (goal ≥ 0.5) and on/off
// (goal ≥ 0.8); then stops the app gracefully and checks that every answered scan was written.
// BENCH_LABELS, BENCH_SECONDS (10), BENCH_ROUNDS (3), BENCH_CONCURRENCY (32) adjust it.
// BENCH_SIZES=1000000,20000000,100000000 measures at each size in turn, growing one table
// (bulk-loaded, indexes rebuilt), and prints each size's throughput against the first's.
import { existsSync } from "node:fs";
import { execSync } from "node:child_process";
import { sql } from "kysely";
import { createBenchDatabase } from "./lib/bench-db.ts";
import { drive, type LoadResult } from "./lib/load.ts";
import { httpOk, startProcess } from "./lib/processes.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { loadDivisions } from "#app/division/division.server.ts";
import { grownCode, growCollectedLabels, seedCollectedLabels } from "./lib/verify-world.ts";
import { statfsSync } from "node:fs";

const SIZES = (process.env.BENCH_SIZES ?? process.env.BENCH_LABELS ?? "1000000").split(",").map(Number);
const N = SIZES[0]!;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const BASE_PORT = Number(process.env.BENCH_PORT ?? 3400);

if (!existsSync("build/server/index.js")) {
  console.log("[bench:verify] building the app first (npm run build)");
  execSync("npm run build --silent", { stdio: "inherit" });
}

const handle = await createBenchDatabase("gi_bench_verify");
const db = handle.db;
try {
  await migrateToLatest(db);
  await loadDivisions(db);
  console.log(`[bench:verify] seeding ${N.toLocaleString("en")} collected labels…`);
  const codes = await seedCollectedLabels(db, N);

  async function measureAt(N: number) {
    console.log(
      `[bench:verify] ${codes.length} random existing codes; ${CONCURRENCY} connections, ${SECONDS} s per run`,
    );

    const appEnv = (port: number, scanLog: "on" | "off", scanSample = "1") => ({
      DATABASE_URL: handle.url,
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_ENV: "production",
      SESSION_SECRET: "bench-secret-0123456789abcdef-0123456789",
      SEED: "none",
      SCAN_LOG: scanLog,
      LOG_SCAN_SAMPLE: scanSample,
      // One client drives everything from one network: the per-network limit is lifted here only.
      VERIFY_RATE_LIMIT: "1000000000",
      VERIFY_MISS_LIMIT: "1000000000",
    });

    const run = async (
      label: string,
      start: () => ReturnType<typeof startProcess>,
      port: number,
    ): Promise<{ result: LoadResult; stop: () => Promise<number | null> }> => {
      const server = await start();
      const result = await drive({ port, path, concurrency: CONCURRENCY, seconds: SECONDS, warmupSeconds: 3 });
      console.log(
        `${label.padEnd(34)} ${String(result.rps).padStart(6)} req/s   p50 ${result.p50_ms} ms   p99 ${result.p99_ms} ms   non-200: ${result.errors}`,
      );
      return { result, stop: () => server.stop("SIGTERM") };
    };

    // Rounds alternate the three servers so that a noisy neighbour hurts them alike; figures are
    // the means over rounds (p99: the worst round).
    const rounds: Record<"bare" | "on" | "off" | "quiet", LoadResult[]> = { bare: [], on: [], off: [], quiet: [] };
    let answered = 0;
    let written = 0;
    let tallied = 0;
    let exitCode: number | null = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`[bench:verify] round ${round} of ${ROUNDS}`);
      const bare = await run(
        "bare node:http + same lookup",
        () =>
          startProcess(
            "node",
            ["--import", "tsx", "scripts/lib/bare-verify-server.ts"],
            { DATABASE_URL: handle.url, PORT: String(BASE_PORT) },
            () => httpOk(`http://127.0.0.1:${BASE_PORT}/v/x`),
          ),
        BASE_PORT,
      );
      await bare.stop();
      rounds.bare.push(bare.result);

      await sql`truncate scan, scan_tally`.execute(db);
      const on = await run(
        "app /v/:code, scan log on",
        () =>
          startProcess(
            "node",
            [
              ...(process.env.BENCH_CPU_PROFILE
                ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
                : []),
              "--import",
              "tsx",
              "server.ts",
            ],
            appEnv(BASE_PORT + 1, "on"),
            () => httpOk(`http://127.0.0.1:${BASE_PORT + 1}/healthz`),
          ),
        BASE_PORT + 1,
      );
      exitCode = (await on.stop()) ?? exitCode;
      rounds.on.push(on.result);
      const logged = await sql<{
        n: number;
        tally: number;
      }>`select (select count(*)::int from scan) as n, (select coalesce(sum(scan_count), 0)::int from scan_tally) as tally`.execute(
        db,
      );
      answered += on.result.totalOk;
      written += logged.rows[0]!.n;
      tallied += logged.rows[0]!.tally;

      const off = await run(
        "app /v/:code, scan log off",
        () =>
          startProcess("node", ["--import", "tsx", "server.ts"], appEnv(BASE_PORT + 2, "off"), () =>
            httpOk(`http://127.0.0.1:${BASE_PORT + 2}/healthz`),
          ),
        BASE_PORT + 2,
      );
      await off.stop();
      rounds.off.push(off.result);

      const quiet = await run(
        "app /v/:code, no request log lines",
        () =>
          startProcess("node", ["--import", "tsx", "server.ts"], appEnv(BASE_PORT + 3, "on", "0"), () =>
            httpOk(`http://127.0.0.1:${BASE_PORT + 3}/healthz`),
          ),
        BASE_PORT + 3,
      );
      await quiet.stop();
      rounds.quiet.push(quiet.result);
    }
    const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100;
    const summary = (rs: LoadResult[]) => ({
      rps: Math.round(mean(rs.map((r) => r.rps))),
      p50: mean(rs.map((r) => r.p50_ms)),
      p99: Math.max(...rs.map((r) => r.p99_ms)),
    });
    const bare = { result: summary(rounds.bare) };
    const on = { result: summary(rounds.on) };
    const off = { result: summary(rounds.off) };
    const quiet = { result: summary(rounds.quiet) };
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    const result = {
      benchmark: "verify",
      backend: "postgres",
      labels: N,
      concurrency: CONCURRENCY,
      seconds: SECONDS,
      rounds: ROUNDS,
      baseline_rps: bare.result.rps,
      baseline_p50_ms: bare.result.p50,
      baseline_p99_ms: bare.result.p99,
      app_rps: on.result.rps,
      app_p50_ms: on.result.p50,
      app_p99_ms: on.result.p99,
      app_log_off_rps: off.result.rps,
      app_log_off_p50_ms: off.result.p50,
      app_log_off_p99_ms: off.result.p99,
      ratio_app_vs_baseline: ratio(on.result.rps, bare.result.rps),
      goal_ratio_app_vs_baseline: 0.5,
      ratio_log_on_vs_off: ratio(on.result.rps, off.result.rps),
      goal_ratio_log_on_vs_off: 0.8,
      app_request_log_off_rps: quiet.result.rps,
      ratio_request_log_on_vs_off: ratio(on.result.rps, quiet.result.rps),
      scans_answered: answered,
      scans_written: written,
      tally_total: tallied,
      app_exit_code: exitCode,
    };
    console.log(
      `means over ${ROUNDS} round(s): baseline ${bare.result.rps} req/s (p50 ${bare.result.p50} ms, p99 ${bare.result.p99} ms); app ${on.result.rps} req/s (p50 ${on.result.p50} ms, p99 ${on.result.p99} ms); app without scan log ${off.result.rps} req/s`,
    );
    console.log(`ratio app / bare baseline: ${result.ratio_app_vs_baseline} (goal ≥ 0.5)`);
    console.log(`ratio scan log on / off:   ${result.ratio_log_on_vs_off} (goal ≥ 0.8)`);
    console.log(
      `ratio request log on / off: ${result.ratio_request_log_on_vs_off} (a JSON line per scan, decision 046)`,
    );
    console.log(
      `graceful shutdown: ${result.scans_answered} scans answered with 200, ${result.scans_written} written, tally ${result.tally_total} (exit code ${exitCode})`,
    );
    console.log(JSON.stringify(result));
    return result;
  }
  const seeded = codes;
  let size = N;
  let codesNow = seeded;
  const path = () => `/v/${codesNow[Math.floor(Math.random() * codesNow.length)]}`;
  const bySize: Record<string, unknown>[] = [];
  for (const target of SIZES) {
    if (target > size) {
      const t0 = Date.now();
      console.log(`[bench:verify] growing to ${target.toLocaleString("en")} labels…`);
      await growCollectedLabels(handle.raw!, size + 1, target);
      console.log(`[bench:verify] grown in ${Math.round((Date.now() - t0) / 1000)} s`);
      size = target;
      // Random existing codes over the whole table: the first million's sample in proportion, the rest computed.
      codesNow = Array.from({ length: 20_000 }, () =>
        Math.random() < N / size
          ? seeded[Math.floor(Math.random() * seeded.length)]!
          : grownCode(N + 1 + Math.floor(Math.random() * (size - N))),
      );
    }
    const result = await measureAt(size);
    bySize.push(result);
  }
  if (SIZES.length > 1) {
    const first = bySize[0] as { app_rps: number; baseline_rps: number };
    const disk = statfsSync("/");
    const sizes = await sql<{ label: string; db: string }>`
      select pg_size_pretty(pg_total_relation_size('label')) as label, pg_size_pretty(pg_database_size(current_database())) as db`.execute(
      db,
    );
    const summary = {
      benchmark: "verify_sizes",
      sizes: SIZES.join(","),
      ...Object.fromEntries(
        bySize.flatMap((r) => {
          const x = r as { labels: number; app_rps: number; baseline_rps: number; app_p99_ms: number };
          const m = x.labels >= 1e6 ? `${Math.round(x.labels / 1e6)}m` : `${Math.round(x.labels / 1e3)}k`;
          return [
            [`app_rps_${m}`, x.app_rps],
            [`app_p99_ms_${m}`, x.app_p99_ms],
            [`baseline_rps_${m}`, x.baseline_rps],
            [`app_${m}_vs_first`, Math.round((x.app_rps / first.app_rps) * 100) / 100],
            [`baseline_${m}_vs_first`, Math.round((x.baseline_rps / first.baseline_rps) * 100) / 100],
          ];
        }),
      ),
      goal_app_largest_vs_first: 0.9,
      label_table_size: sizes.rows[0]!.label,
      database_size: sizes.rows[0]!.db,
      disk_free_gb_after: Math.round((disk.bavail * disk.bsize) / 2 ** 30),
    };
    console.log(JSON.stringify(summary));
  }
} finally {
  await handle.drop();
}
