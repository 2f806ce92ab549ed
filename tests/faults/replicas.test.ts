import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "#db/connection.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { loadDivisions } from "#app/division/division.server.ts";
import { parseCode } from "#app/label-code/code.ts";
import { ThrowawayCluster } from "#tests/support/pg-cluster.ts";
import { httpOk, startProcess, type Started } from "../../scripts/lib/processes.ts";
import { seedCollectedLabels } from "../../scripts/lib/verify-world.ts";

// The scan lookup on a real streaming standby (pg_basebackup -R) beside the primary
// (decision 022): used within the lag bound, non-genuine verdicts re-asked on the primary, the
// primary used while the replica is away, the replica used while the primary is away (scans
// kept on local disk and written when it returns), and each used again when it is back.

const PORT = 3297;
const METRICS_TOKEN = "replica-tests-metrics-token-0123";
const MAX_LAG_MS = 3000;
let primary: ThrowawayCluster;
let replica: ThrowawayCluster;
let handle: DatabaseHandle;
let app: Started;
let codes: string[] = [];
const dataDir = mkdtempSync(join(tmpdir(), "gi-faults-replicas-"));
const appUrl = `http://127.0.0.1:${PORT}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const bytesOf = (code: string) => {
  const parsed = parseCode(code);
  if (!parsed.ok) throw new Error(code);
  return Buffer.from(parsed.bytes);
};

async function verify(code: string) {
  try {
    const res = await fetch(`${appUrl}/api/v1/verify/${code}`, { signal: AbortSignal.timeout(5000) });
    const body = (await res.json()) as { verdict?: string };
    return { status: res.status, verdict: body.verdict ?? null };
  } catch {
    return { status: 0, verdict: null };
  }
}

async function sources(): Promise<Record<string, number>> {
  const res = await fetch(`${appUrl}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
  const text = await res.text();
  const found: Record<string, number> = { replica: 0, primary: 0, primary_recheck: 0 };
  for (const m of text.matchAll(/^verify_lookups_total\{source="(\w+)"\} (\d+)/gm)) found[m[1]!] = Number(m[2]);
  return found;
}

/** Scans `n` codes one after another; returns how the lookups were answered meanwhile. */
async function scanMany(n: number) {
  const before = await sources();
  const answers = [];
  for (let i = 0; i < n; i++) answers.push(await verify(codes[i % codes.length]!));
  const after = await sources();
  const delta = Object.fromEntries(Object.keys(after).map((k) => [k, after[k]! - (before[k] ?? 0)]));
  return { answers, delta };
}

async function waitFor(condition: () => Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await condition().catch(() => false)) return true;
    await sleep(250);
  }
  return false;
}

beforeAll(async () => {
  primary = await ThrowawayCluster.create();
  primary.psql("create database gi_replicas");
  const databaseUrl = primary.url.replace(/\/postgres$/, "/gi_replicas");
  handle = await openDatabase({ url: databaseUrl, max: 2 });
  await migrateToLatest(handle.db);
  await loadDivisions(handle.db);
  codes = await seedCollectedLabels(handle.db, 2000);
  replica = await primary.createStandby();
  app = await startProcess(
    "node",
    ["--import", "tsx", "server.ts"],
    {
      DATABASE_URL: databaseUrl,
      DATABASE_REPLICA_URLS: replica.url.replace(/\/postgres$/, "/gi_replicas"),
      REPLICA_MAX_LAG_MS: String(MAX_LAG_MS),
      METRICS_TOKEN,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      APP_ENV: "production",
      SESSION_SECRET: "fault-tests-secret-0123456789abcdef-0123",
      SEED: "none",
      VERIFY_RATE_LIMIT: "1000000",
      DATA_DIR: dataDir,
    },
    () => httpOk(`${appUrl}/healthz`),
  );
}, 240_000);

afterAll(async () => {
  await app?.stop("SIGKILL");
  await handle?.close().catch(() => {});
  await replica?.destroy();
  await primary?.destroy();
});

describe("scan lookups with a streaming replica", () => {
  it("reads the replica while it is within the lag bound", async () => {
    expect(await waitFor(async () => (await scanMany(5)).delta.replica === 5, 15_000)).toBe(true);
    const { answers, delta } = await scanMany(50);
    expect(answers.every((a) => a.status === 200 && a.verdict === "genuine")).toBe(true);
    expect(delta).toEqual({ replica: 50, primary: 0, primary_recheck: 0 });
  });

  it("asks the primary when the replica's verdict is not genuine: a label collected a moment ago is genuine", async () => {
    const code = codes[0]!;
    await sql`update label set status = 'received' where code = ${bytesOf(code)}`.execute(handle.db);
    expect(
      await waitFor(
        async () => replica.psql(`select count(*) from label where status = 'received'`, "gi_replicas").trim() === "1",
        10_000,
      ),
    ).toBe(true);
    // The replica stops replaying: what the primary does next, it does not see.
    replica.psql("select pg_wal_replay_pause()");
    await sql`update label set status = 'collected' where code = ${bytesOf(code)}`.execute(handle.db);
    const before = await sources();
    expect(await verify(code)).toEqual({ status: 200, verdict: "genuine" });
    const after = await sources();
    expect(after.primary_recheck! - before.primary_recheck!).toBe(1);

    // Past the lag bound the replica is not asked at all, whatever its verdict would be.
    await sleep(MAX_LAG_MS + 1000);
    const stale = await scanMany(20);
    expect(stale.answers.every((a) => a.status === 200 && a.verdict === "genuine")).toBe(true);
    expect(stale.delta).toEqual({ replica: 0, primary: 20, primary_recheck: 0 });

    // Replaying again, it catches up and is used again.
    replica.psql("select pg_wal_replay_resume()");
    expect(await waitFor(async () => (await scanMany(5)).delta.replica === 5, 15_000)).toBe(true);
  });

  it("answers from the primary while the replica is stopped, and uses the replica again when it is back, without a restart", async () => {
    await replica.stop("immediate");
    const { answers, delta } = await scanMany(30);
    expect(answers.every((a) => a.status === 200 && a.verdict === "genuine")).toBe(true);
    expect(delta.replica).toBe(0);
    expect(delta.primary).toBe(30);
    await replica.start();
    expect(await waitFor(async () => (await scanMany(5)).delta.replica === 5, 20_000)).toBe(true);
  });

  it("answers from the replica while the primary is stopped, keeps the scans on disk and writes every one when it returns", async () => {
    await primary.stop("immediate");
    // Counted from the stop on: flushes acknowledged just before a crash may be lost by the
    // primary itself (synchronous_commit = off, decision 007), which is not this test's subject.
    const since = new Date();
    const answers: { status: number; verdict: string | null }[] = [];
    const until = Date.now() + 4000;
    while (Date.now() < until) answers.push(await verify(codes[answers.length % codes.length]!));
    const answered = answers.filter((a) => a.status === 200);
    if (answered.length <= answers.length * 0.8)
      console.error(JSON.stringify(answers.map((a) => a.status).slice(0, 40)), app.output().slice(-3000));
    // After the first failures are noticed, every scan is answered from the replica.
    expect(answered.length).toBeGreaterThan(answers.length * 0.8);
    expect(answered.every((a) => a.verdict === "genuine")).toBe(true);
    expect(answers.every((a) => a.status === 200 || a.status === 503)).toBe(true);
    expect(
      await waitFor(async () => readdirSync(join(dataDir, "scan-spool")).some((f) => f.endsWith(".json")), 5000),
    ).toBe(true);

    await primary.start();
    const drained = await waitFor(
      async () => !readdirSync(join(dataDir, "scan-spool")).some((f) => f.endsWith(".json")),
      30_000,
    );
    if (!drained) console.error(app.output());
    expect(drained).toBe(true);
    // The scans of the last moments, still in memory, follow within a flush interval or two.
    const count = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from scan where scanned_at >= ${since}`.execute(handle.db))
        .rows[0]!.n;
    await waitFor(async () => (await count()) === answered.length, 10_000);
    expect(await count()).toBe(answered.length);
    expect(app.child.exitCode).toBeNull();
    expect(app.output()).not.toMatch(/unhandled rejection|unhandled error|uncaughtException/i);
  }, 90_000);
});
