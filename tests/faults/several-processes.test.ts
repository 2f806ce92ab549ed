import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "#db/connection.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { loadDivisions } from "#app/division/division.server.ts";
import { encodeCode, issueCodes, parseCode } from "#app/label-code/code.ts";
import { ThrowawayCluster } from "#tests/support/pg-cluster.ts";
import { httpOk, startProcess, type Started } from "../../scripts/lib/processes.ts";
import { seedCollectedLabels } from "../../scripts/lib/verify-world.ts";

// Several app processes on one PostgreSQL and the machine's Redis (decision 021): scan numbers
// exact across them, rate-limit windows shared, `npm run serve` with WEB_CONCURRENCY workers,
// and a clear line when Redis is not there.

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const PORTS = [3292, 3293, 3294, 3295];
const MISS_LIMIT = 10;
let cluster: ThrowawayCluster;
let handle: DatabaseHandle;
let databaseUrl = "";
let codes: string[] = [];
const started: Started[] = [];
// Every run its own keys in the shared Redis.
const prefix = `gi-faults-${randomBytes(4).toString("hex")}:`;

const appEnv = (port: number, extra: Record<string, string> = {}) => ({
  DATABASE_URL: databaseUrl,
  PORT: String(port),
  HOST: "127.0.0.1",
  APP_ENV: "production",
  SESSION_SECRET: "fault-tests-secret-0123456789abcdef-0123",
  SEED: "none",
  VERIFY_RATE_LIMIT: "1000000",
  VERIFY_MISS_LIMIT: String(MISS_LIMIT),
  VERIFY_MISS_FLOOR_MS: "0",
  REDIS_URL,
  REDIS_PREFIX: prefix,
  DATA_DIR: "/tmp/gi-faults-processes",
  ...extra,
});

async function startApp(port: number, extra: Record<string, string> = {}) {
  const app = await startProcess("node", ["--import", "tsx", "server.ts"], appEnv(port, extra), () =>
    httpOk(`http://127.0.0.1:${port}/healthz`),
  );
  started.push(app);
  return app;
}

const until = async (condition: () => boolean, ms: number) => {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return condition();
};

async function verify(port: number, code: string) {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/verify/${code}`);
  const body = (await res.json()) as { verdict?: string; scans?: { count: number } | null };
  return { status: res.status, verdict: body.verdict, count: body.scans?.count ?? null };
}

function bytesOf(code: string): Buffer {
  const parsed = parseCode(code);
  if (!parsed.ok) throw new Error(`not a code: ${code}`);
  return Buffer.from(parsed.bytes);
}

async function tallyOf(code: string) {
  const { rows } = await sql<{ n: number | null }>`
    select (select scan_count from scan_tally where code = ${bytesOf(code)})::int as n`.execute(handle.db);
  return rows[0]!.n;
}

beforeAll(async () => {
  cluster = await ThrowawayCluster.create();
  cluster.psql("create database gi_processes");
  databaseUrl = cluster.url.replace(/\/postgres$/, "/gi_processes");
  handle = await openDatabase({ url: databaseUrl, max: 2 });
  await migrateToLatest(handle.db);
  await loadDivisions(handle.db);
  codes = await seedCollectedLabels(handle.db, 2000);
}, 180_000);

afterAll(async () => {
  for (const app of started) await app.stop("SIGKILL");
  await handle?.close().catch(() => {});
  await cluster?.destroy();
});

describe("two app processes and Redis", () => {
  let a: Started;
  let b: Started;
  beforeAll(async () => {
    [a, b] = await Promise.all([startApp(PORTS[0]!), startApp(PORTS[1]!)]);
    expect(
      await until(() => /\[redis\] connected/.test(a.output()) && /\[redis\] connected/.test(b.output()), 10_000),
    ).toBe(true);
  }, 120_000);

  it("numbers the scans of one code 1…40 exactly once across both, and the tally agrees", async () => {
    const code = codes[0]!;
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => verify(PORTS[i % 2]!, code)));
    expect(answers.every((x) => x.status === 200 && x.verdict === "genuine")).toBe(true);
    expect(answers.map((x) => x.count).sort((p, q) => p! - q!)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // A later scan on either process goes on from 40, whichever wrote its tally first.
    expect((await verify(PORTS[1]!, code)).count).toBe(41);
    expect((await verify(PORTS[0]!, code)).count).toBe(42);
    await new Promise((r) => setTimeout(r, 1500)); // both processes flush within 500 ms
    expect(await tallyOf(code)).toBe(42);
  });

  it("shares the unknown-code window: the limit holds for the network whichever process it asks", async () => {
    const unknown = issueCodes(2 * MISS_LIMIT).map((c) => encodeCode(c));
    const statuses: number[] = [];
    for (const [i, code] of unknown.entries()) statuses.push((await verify(PORTS[i % 2]!, code)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(MISS_LIMIT);
    expect(statuses.slice(MISS_LIMIT)).toEqual(Array(MISS_LIMIT).fill(429));
    // A label that exists is still answered from that network (decision 014).
    expect((await verify(PORTS[1]!, codes[1]!)).status).toBe(200);
  });
});

describe("npm run serve with WEB_CONCURRENCY=2", () => {
  it("runs two workers that agree on every number, and a SIGTERM writes every scan", async () => {
    const app = await startApp(PORTS[2]!, { WEB_CONCURRENCY: "2" });
    expect(await until(() => (app.output().match(/\[cluster\] worker \d+ started/g) ?? []).length === 2, 20_000)).toBe(
      true,
    );
    const since = new Date();
    const code = codes[2]!;
    const answers = await Promise.all(Array.from({ length: 40 }, () => verify(PORTS[2]!, code)));
    expect(answers.map((x) => x.count).sort((p, q) => p! - q!)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // Both workers are up and share Redis (each logs its own connection).
    expect((app.output().match(/\[redis\] connected/g) ?? []).length).toBe(2);
    expect(await app.stop("SIGTERM")).toBe(0);
    const written = await sql<{ n: number }>`
      select count(*)::int as n from scan where scanned_at >= ${since} and code = ${bytesOf(code)}`.execute(handle.db);
    expect(written.rows[0]!.n).toBe(40);
  }, 90_000);
});

describe("without Redis", () => {
  it("says so in the log and keeps answering with per-process windows", async () => {
    const app = await startApp(PORTS[3]!, { REDIS_URL: "redis://127.0.0.1:1" });
    expect(await until(() => /\[redis\] unavailable .*falling back to per-process/.test(app.output()), 10_000)).toBe(
      true,
    );
    expect(await verify(PORTS[3]!, codes[3]!)).toMatchObject({ status: 200, verdict: "genuine", count: 1 });
  }, 60_000);
});
