import { execFileSync } from "node:child_process";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "#db/connection.ts";
import { Bouncer } from "#tests/support/pgbouncer.ts";
import { ThrowawayCluster } from "#tests/support/pg-cluster.ts";
import { httpOk, startProcess, type Started } from "../../scripts/lib/processes.ts";
import { seedCollectedLabels } from "../../scripts/lib/verify-world.ts";

// The app behind PgBouncer in transaction pooling with two server connections (decision 021):
// migrations, sign-in, a state change, the scan lookup, scan logging and a COPY issuing job all
// go through it. The database is created empty: the app migrates it through the pooler.

const PORT = 3296;
const PASSWORD = "pgbouncer tests passphrase 2026";
let cluster: ThrowawayCluster;
let bouncer: Bouncer;
let direct: DatabaseHandle;
let app: Started;
const appUrl = `http://127.0.0.1:${PORT}`;

beforeAll(async () => {
  cluster = await ThrowawayCluster.create();
  cluster.psql("create database gi_bouncer");
  bouncer = await Bouncer.start({ port: cluster.port, database: "gi_bouncer" });
  const env = {
    DATABASE_URL: bouncer.url("gi_bouncer"),
    DATABASE_POOLER: "transaction",
    PORT: String(PORT),
    HOST: "127.0.0.1",
    APP_ENV: "production",
    SESSION_SECRET: "fault-tests-secret-0123456789abcdef-0123",
    SEED: "none",
    VERIFY_RATE_LIMIT: "1000000",
    DATA_DIR: "/tmp/gi-faults-bouncer",
  };
  app = await startProcess("node", ["--import", "tsx", "server.ts"], env, () => httpOk(`${appUrl}/healthz`));
  direct = await openDatabase({ url: cluster.url.replace(/\/postgres$/, "/gi_bouncer"), max: 2 });
  execFileSync("node", ["--import", "tsx", "scripts/user-create.ts", "--username", "chief", "--name", "连接池测试"], {
    env: { ...process.env, ...env, USER_PASSWORD: PASSWORD },
    stdio: "pipe",
  });
}, 240_000);

afterAll(async () => {
  await app?.stop("SIGKILL");
  await direct?.close().catch(() => {});
  bouncer?.stop();
  await cluster?.destroy();
});

it("works behind PgBouncer in transaction pooling: sign-in, scans on the lookup's statement, scan log, an issuing COPY", async () => {
  // The app migrated the empty database through the pooler.
  const migrations = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(direct.db);
  expect(migrations.rows[0]!.n).toBeGreaterThan(10);

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
  expect((await fetch(`${appUrl}/account`, { headers: { Cookie: cookie } })).status).toBe(200);

  // 400 scans, 40 at a time, over two server connections: every lookup is answered.
  const codes = await seedCollectedLabels(direct.db, 2000);
  const since = new Date();
  const statuses: number[] = [];
  for (let round = 0; round < 10; round++) {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => codes[(round * 40 + i) % codes.length]!).map(async (code) => {
        const res = await fetch(`${appUrl}/api/v1/verify/${code}`);
        const body = (await res.json()) as { verdict?: string };
        return res.status === 200 && body.verdict === "genuine" ? 200 : res.status;
      }),
    );
    statuses.push(...answers);
  }
  expect(statuses).toHaveLength(400);
  expect(statuses.filter((s) => s !== 200)).toEqual([]);

  // An approved order's codes are issued by the app's job (COPY inside one transaction).
  const order = await sql<{ id: string }>`
    insert into label_order (authorization_id, enterprise_id, mark_id, quantity_requested, quantity_approved, template, intended_products, status, created_by)
    select authorization_id, enterprise_id, mark_id, 5000, 5000, '圆形', '茶', 'approved', created_by from label_order limit 1
    returning id`.execute(direct.db);
  const orderId = order.rows[0]!.id;
  await sql`insert into issuing_job (order_id) values (${orderId})`.execute(direct.db);
  const deadline = Date.now() + 30_000;
  let issued = 0;
  while (Date.now() < deadline && issued !== 5000) {
    await new Promise((r) => setTimeout(r, 500));
    const n = await sql<{ n: number }>`select count(*)::int as n from label where order_id = ${orderId}`.execute(
      direct.db,
    );
    issued = n.rows[0]!.n;
  }
  expect(issued).toBe(5000);

  // A graceful stop writes every answered scan through the pooler.
  expect(await app.stop("SIGTERM")).toBe(0);
  const written = await sql<{ n: number }>`select count(*)::int as n from scan where scanned_at >= ${since}`.execute(
    direct.db,
  );
  expect(written.rows[0]!.n).toBe(400);
  expect(app.output()).not.toMatch(/prepared statement|unhandled|database unavailable/i);
}, 120_000);
