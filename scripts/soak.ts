// npm run soak — not part of CI. Seeds 1,000,000 labels, measures the scan page's maximum rate
// for 10 s (closed loop), then sends half that rate at a steady pace for SOAK_MINUTES (10) and
// prints the app's memory growth (goal ≤ 10 %) and event-loop delay p99 (goal ≤ 50 ms), both read
// from the app's own /metrics, plus the answers' status counts and p99 latency.
import { Agent, request } from "node:http";
import { createBenchDatabase } from "./lib/bench-db.ts";
import { drive, percentile } from "./lib/load.ts";
import { httpOk, startProcess } from "./lib/processes.ts";
import { seedCollectedLabels } from "./lib/verify-world.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { loadDivisions } from "#app/division/division.server.ts";

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const PORT = Number(process.env.SOAK_PORT ?? 3410);
const TOKEN = "soak-metrics-token-0123456789";

const handle = await createBenchDatabase("gi_soak");
try {
  await migrateToLatest(handle.db);
  await loadDivisions(handle.db);
  const codes = await seedCollectedLabels(handle.db, Number(process.env.SOAK_LABELS ?? 1_000_000));
  const path = () => `/v/${codes[Math.floor(Math.random() * codes.length)]}`;
  const app = await startProcess(
    "node",
    ["--import", "tsx", "server.ts"],
    {
      DATABASE_URL: handle.url,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      APP_ENV: "production",
      SESSION_SECRET: "soak-secret-0123456789abcdef-0123456789",
      SEED: "none",
      VERIFY_RATE_LIMIT: "1000000000",
      VERIFY_MISS_LIMIT: "1000000000",
      METRICS_TOKEN: TOKEN,
    },
    () => httpOk(`http://127.0.0.1:${PORT}/healthz`),
  );
  const metric = async (name: string) => {
    const text = await (
      await fetch(`http://127.0.0.1:${PORT}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    ).text();
    return Number(text.match(new RegExp(`^${name} ([0-9.e+-]+)$`, "m"))?.[1] ?? NaN);
  };

  const max = await drive({ port: PORT, path, concurrency: 32, seconds: 10, warmupSeconds: 3 });
  const rate = Math.max(1, Math.round(max.rps / 2));
  console.log(`maximum ${max.rps} req/s → soaking at ${rate} req/s for ${MINUTES} min`);

  // Open loop: one request every 1/rate s whatever the answers do (at most 256 in flight).
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let inFlight = 0;
  const send = () => {
    if (inFlight >= 256) return void (statuses.skipped = (statuses.skipped ?? 0) + 1);
    inFlight += 1;
    const t0 = performance.now();
    const req = request({ host: "127.0.0.1", port: PORT, path: path(), agent }, (res) => {
      res.resume();
      res.on("end", () => {
        inFlight -= 1;
        latencies.push(performance.now() - t0);
        statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
      });
    });
    req.on("error", () => {
      inFlight -= 1;
      statuses.error = (statuses.error ?? 0) + 1;
    });
    req.end();
  };
  const started = performance.now();
  let sent = 0;
  const warmupUntil = started + 60_000;
  let rssAfterWarmup = NaN;
  const samples: { minute: number; rss: number; loopP99: number }[] = [];
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.floor(((performance.now() - started) / 1000) * rate);
      while (sent < due) {
        send();
        sent += 1;
      }
      if (performance.now() > started + MINUTES * 60_000) {
        clearInterval(tick);
        resolve();
      }
    }, 5);
    const sampler = setInterval(async () => {
      const rss = await metric("process_resident_memory_bytes");
      const loopP99 = await metric("nodejs_eventloop_lag_p99_seconds");
      if (Number.isNaN(rssAfterWarmup) && performance.now() > warmupUntil) rssAfterWarmup = rss;
      samples.push({ minute: Math.round((performance.now() - started) / 6000) / 10, rss, loopP99 });
      console.log(
        `t=${samples.at(-1)!.minute} min  rss ${Math.round(rss / 1048576)} MB  event-loop p99 ${(loopP99 * 1000).toFixed(1)} ms  answered ${latencies.length}`,
      );
      if (performance.now() > started + MINUTES * 60_000) clearInterval(sampler);
    }, 30_000);
  });
  await new Promise((r) => setTimeout(r, 2000));
  const rssEnd = await metric("process_resident_memory_bytes");
  const loopP99 = await metric("nodejs_eventloop_lag_p99_seconds");
  agent.destroy();
  await app.stop("SIGTERM");
  latencies.sort((a, b) => a - b);
  const base = Number.isNaN(rssAfterWarmup) ? (samples[0]?.rss ?? rssEnd) : rssAfterWarmup;
  const result = {
    benchmark: "soak",
    minutes: MINUTES,
    max_rps: max.rps,
    soak_rps: rate,
    answered: latencies.length,
    statuses,
    p99_ms: Math.round(percentile(latencies, 99) * 10) / 10,
    rss_after_warmup_mb: Math.round(base / 1048576),
    rss_end_mb: Math.round(rssEnd / 1048576),
    memory_growth_pct: Math.round(((rssEnd - base) / base) * 1000) / 10,
    goal_memory_growth_pct: 10,
    event_loop_p99_ms: Math.round(loopP99 * 10000) / 10,
    goal_event_loop_p99_ms: 50,
  };
  console.log(
    `memory growth ${result.memory_growth_pct} % (goal ≤ 10 %), event-loop delay p99 ${result.event_loop_p99_ms} ms (goal ≤ 50 ms), answer p99 ${result.p99_ms} ms`,
  );
  console.log(JSON.stringify(result));
} finally {
  await handle.drop();
}
