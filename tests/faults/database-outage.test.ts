import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "#db/connection.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { loadDivisions } from "#app/division/division.server.ts";
import { ThrowawayCluster } from "#tests/support/pg-cluster.ts";
import { httpOk, startProcess, type Started } from "../../scripts/lib/processes.ts";
import { seedCollectedLabels } from "../../scripts/lib/verify-world.ts";

// The app (built, production mode) against a PostgreSQL cluster of its own, under steady scan
// traffic, while the database is hard-stopped, restarted, and the app itself is restarted.

let cluster: ThrowawayCluster;
let handle: DatabaseHandle;
let app: Started;
let appUrl = "";
let databaseUrl = "";
let codes: string[] = [];
const PORT = 3290;
const PASSWORD = "fault tests passphrase 2026";
// Its own keys and scan spool: fault files run side by side.
const DATA_DIR = mkdtempSync(join(tmpdir(), "gi-faults-outage-"));

const appEnv = () => ({
  DATABASE_URL: databaseUrl,
  PORT: String(PORT),
  HOST: "127.0.0.1",
  APP_ENV: "production",
  SESSION_SECRET: "fault-tests-secret-0123456789abcdef-0123",
  SEED: "none",
  VERIFY_RATE_LIMIT: "1000000",
  VERIFY_MISS_LIMIT: "1000000",
  DATA_DIR,
  // The log's checkpoints every 300 ms: background queries in flight whenever the database goes.
  LOG_CHECKPOINT_MS: "300",
});

async function startApp() {
  app = await startProcess("node", ["--import", "tsx", "server.ts"], appEnv(), () => httpOk(`${appUrl}/healthz`));
}

interface Sample {
  startedAt: number;
  status: number;
  ms: number;
}

/** Steady traffic: `concurrency` loops scanning random known codes until stopped. */
function steadyLoad(concurrency = 6) {
  const samples: Sample[] = [];
  let running = true;
  const loops = Array.from({ length: concurrency }, async () => {
    while (running) {
      const startedAt = Date.now();
      let status = 0;
      try {
        const res = await fetch(`${appUrl}/v/${codes[Math.floor(Math.random() * codes.length)]}`, {
          signal: AbortSignal.timeout(5000),
        });
        await res.arrayBuffer();
        status = res.status;
      } catch {
        status = 0; // no answer within 5 s, or the connection was refused
      }
      samples.push({ startedAt, status, ms: Date.now() - startedAt });
    }
  });
  return {
    samples,
    async stop() {
      running = false;
      await Promise.all(loops);
      return samples;
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(condition: () => boolean, ms: number) {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await sleep(100);
  return condition();
}
const ok200 = (samples: Sample[]) => samples.filter((s) => s.status === 200).length;

beforeAll(async () => {
  cluster = await ThrowawayCluster.create();
  cluster.psql("create database gi_faults");
  databaseUrl = cluster.url.replace(/\/postgres$/, "/gi_faults");
  appUrl = `http://127.0.0.1:${PORT}`;
  handle = await openDatabase({ url: databaseUrl, max: 2 });
  await migrateToLatest(handle.db);
  await loadDivisions(handle.db);
  codes = await seedCollectedLabels(handle.db, 5000);
  execFileSync(
    "node",
    ["--import", "tsx", "scripts/user-create.ts", "--username", "chief", "--name", "故障测试管理员"],
    { env: { ...process.env, ...appEnv(), USER_PASSWORD: PASSWORD }, stdio: "pipe" },
  );
  await startApp();
}, 180_000);

afterAll(async () => {
  // A process that died says why in the test output, not only "connection refused".
  if (app && app.child.exitCode !== null) console.error(`app exited with ${app.child.exitCode}:\n${app.output()}`);
  await app?.stop("SIGKILL");
  await handle?.close().catch(() => {});
  await cluster?.destroy();
});

function assertHealthyProcess() {
  expect(app.child.exitCode).toBeNull();
  expect(app.output()).not.toMatch(/unhandled rejection|unhandled error|uncaughtException/i);
}

describe("database outages under steady load", () => {
  it("a hard stop gives 503 within 2 seconds, never a hang or a crash, and success returns without restarting the app", async () => {
    const load = steadyLoad();
    expect(await until(() => ok200(load.samples) > 50, 10_000)).toBe(true);
    const stoppedAt = Date.now();
    await cluster.stop("immediate");
    await sleep(4000);
    const during = load.samples.filter((s) => s.startedAt > stoppedAt + 200);
    // Once the first lookups fail, the rest are told "try again" at once instead of queueing.
    expect(during.length).toBeGreaterThan(100);
    expect(new Set(during.map((s) => s.status))).toEqual(new Set([503]));
    expect(Math.max(...during.map((s) => s.ms))).toBeLessThan(2000);
    const restartedAt = Date.now();
    await cluster.start();
    expect(await until(() => load.samples.some((s) => s.startedAt > restartedAt && s.status === 200), 15_000)).toBe(
      true,
    );
    const samples = await load.stop();
    expect(samples.filter((s) => s.status !== 200 && s.status !== 503)).toEqual([]);
    assertHealthyProcess();
  }, 60_000);

  it("a restart under load answers every request (200 or 503, within 2 s) and recovers by itself", async () => {
    const load = steadyLoad();
    await until(() => ok200(load.samples) > 50, 10_000);
    const restartedAt = Date.now();
    await cluster.stop("fast");
    await cluster.start();
    const upAt = Date.now();
    expect(await until(() => load.samples.some((s) => s.startedAt > upAt && s.status === 200), 15_000)).toBe(true);
    const samples = await load.stop();
    const after = samples.filter((s) => s.startedAt >= restartedAt);
    expect(after.every((s) => s.status === 200 || s.status === 503)).toBe(true);
    expect(Math.max(...after.map((s) => s.ms))).toBeLessThan(2000);
    assertHealthyProcess();
  }, 60_000);
  // postgres.js queues small writes for the next tick; a socket that closed meanwhile used to
  // throw from that tick and end the process (porsager/postgres#1154, patched in patches/).
  it("the database stopping and starting again and again, at any moment, never ends the process", async () => {
    const load = steadyLoad();
    for (let round = 0; round < 8; round++) {
      const from = load.samples.length;
      expect(await until(() => ok200(load.samples.slice(from)) > 5, 15_000)).toBe(true);
      await sleep(Math.random() * 1500);
      await cluster.stop(round % 2 ? "fast" : "immediate");
      await sleep(Math.random() * 1500);
      await cluster.start();
      expect(app.child.exitCode).toBeNull();
    }
    const after = load.samples.length;
    expect(await until(() => ok200(load.samples.slice(after)) > 5, 15_000)).toBe(true);
    const samples = await load.stop();
    expect(samples.filter((s) => s.status !== 200 && s.status !== 503)).toEqual([]);
    assertHealthyProcess();
  }, 120_000);
});

describe("app restarts", () => {
  it("a graceful shutdown loses no answered scan, and a signed-in session survives the restart", async () => {
    const login = await fetch(`${appUrl}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: appUrl },
      body: new URLSearchParams({ username: "chief", password: PASSWORD }),
      redirect: "manual",
    });
    expect(login.status).toBe(302);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    expect(cookie).toMatch(/^__Host-/);

    // Only this test's scans are counted: scans the earlier outages left in memory may still be
    // retried and land at any moment, with their own (earlier) scan times.
    const since = new Date();
    const load = steadyLoad(8);
    await until(() => ok200(load.samples) > 300, 15_000);
    const samples = await load.stop();
    expect(await app.stop("SIGTERM")).toBe(0);
    const stopped = app.output();
    // Written at shutdown, or, when the database did not take them in time (after the outages
    // above, a flush can hang on a connection for its 10 s deadline), kept on disk and written by
    // the next start: never dropped.
    expect(stopped).not.toMatch(/scan\(s\) unwritten/);
    await startApp();
    const written = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from scan where scanned_at >= ${since}`.execute(handle.db))
        .rows[0]!.n;
    const deadline = Date.now() + 15_000;
    while ((await written()) < ok200(samples) && Date.now() < deadline) await sleep(200);
    if ((await written()) !== ok200(samples)) console.error(stopped);
    expect(await written()).toBe(ok200(samples));

    const account = await fetch(`${appUrl}/account`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(account.status).toBe(200);
    assertHealthyProcess();
  }, 90_000);
});
