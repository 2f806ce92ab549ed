// npm run bench:checks — platforms' bulk seller check (POST /api/v1/registry/checks) against the
// single-row API (GET /api/v1/registry/authorizations) measured in the same run on the same
// database: seeds BENCH_ENTERPRISES enterprises with register histories, then times one
// 10,000-row bulk check (best of BENCH_RUNS) and BENCH_SINGLE single-row calls, through the
// routes' own handlers. Embedded PGlite by default; BENCH_DATABASE_URL for a PostgreSQL server.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { openDatabase, type DatabaseHandle } from "#db/connection.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { loadDivisions } from "#app/division/division.server.ts";
import { makeUscc } from "#app/enterprise/uscc.ts";
import { createBenchDatabase } from "./lib/bench-db.ts";

const ENTERPRISES = Number(process.env.BENCH_ENTERPRISES ?? 20_000);
const ROWS = 10_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SINGLE = Number(process.env.BENCH_SINGLE ?? 300);

const dataDir = mkdtempSync(join(tmpdir(), "gi-bench-checks-"));
process.env.DATA_DIR = dataDir;
process.env.API_CLIENT_RATE_LIMIT = "1000000";
const server = process.env.BENCH_DATABASE_URL ? await createBenchDatabase("gi_bench_checks") : null;
const handle: DatabaseHandle = server ?? (await openDatabase({ dataDir: join(dataDir, "pglite") }));
const db = handle.db;
(globalThis as Record<symbol, unknown>)[Symbol.for("gi-mark-registry.db")] = Promise.resolve(handle);

try {
  const t0 = performance.now();
  await migrateToLatest(db);
  await loadDivisions(db);
  const township = await db
    .selectFrom("division")
    .select("code")
    .where("parent_code", "=", "430923")
    .orderBy("code")
    .executeTakeFirstOrThrow();
  const admin = await db
    .insertInto("app_user")
    .values({ username: "bench", display_name: "bench", password_hash: "x", role: "admin" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("mark")
    .values({ slug: "bench-tea", name: "基准标志", kind: "gi_product", division_code: "430923" })
    .execute();
  await sql`insert into announcement (number, title, division_code, status, published_on, created_by)
            values ('BENCH-1', '基准公告', '430923', 'published', date '2025-01-01', ${admin.id})`.execute(db);
  const usccs = Array.from({ length: ENTERPRISES }, (_, i) =>
    makeUscc("91", "430923", `MB${String(i).padStart(6, "0")}`),
  );
  await sql`insert into enterprise (uscc, name, division_code, contact_name, contact_phone)
            select u, '基准企业' || n, '430923', '联系人', '13800000000'
              from unnest(${usccs}::text[]) with ordinality as x(u, n)`.execute(db);
  await sql`insert into "authorization" (enterprise_id, mark_id, route, status, township_code, products, annual_output,
              label_manager_name, label_manager_phone, active_from, entry_announcement_id)
            select e.id, (select id from mark), 'gi_product',
                   case when row_number() over () % 5 = 0 then 'cancelled' else 'active' end,
                   ${township.code}, '茶', '1 吨', '王', '13800000000', date '2025-01-01',
                   (select id from announcement)
              from enterprise e`.execute(db);
  await sql`insert into authorization_event (authorization_id, effective_on, action, from_status, to_status)
            select id, date '2024-12-01', 'submit', null, 'submitted' from "authorization"
            union all
            select id, date '2025-01-01', 'activate', 'approved', 'active' from "authorization"
            union all
            select id, date '2025-08-01', 'cancel', 'active', 'cancelled' from "authorization" where status = 'cancelled'`.execute(
    db,
  );
  await sql`analyze`.execute(db);
  console.log(`seeded ${ENTERPRISES} enterprises with histories in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const { createApiClient } = await import("#app/api-client/clients.server.ts");
  const { action: checks } = await import("#app/routes/api.v1.registry.checks.ts");
  const { loader: single } = await import("#app/routes/api.v1.registry.authorizations.ts");
  const { token } = await createApiClient(
    db,
    { userId: admin.id, label: "bench" },
    {
      name: "bench",
      contact: "bench",
      scopes: ["registry.check"],
      markIds: null,
    },
  );
  const pick = () => usccs[Math.floor(Math.random() * usccs.length)]!;
  const dates = ["2024-12-15", "2025-03-01", "2025-09-01"];
  const rows = Array.from({ length: ROWS }, (_, i) => ({ uscc: pick(), mark: "bench-tea", date: dates[i % 3] }));
  const body = JSON.stringify({ rows });

  const bulkOnce = async () => {
    const response = (await checks({
      request: new Request("http://bench/api/v1/registry/checks", {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body,
      }),
      params: {},
      context: { clientIp: "127.0.0.1", cspNonce: "" },
    })) as Response;
    const answer = (await response.json()) as { count: number };
    if (answer.count !== ROWS) throw new Error(`bulk check answered ${answer.count} rows`);
  };
  const singleOnce = async (i: number) => {
    const r = rows[i % ROWS]!;
    const response = (await single({
      request: new Request(`http://bench/api/v1/registry/authorizations?uscc=${r.uscc}&mark=${r.mark}&date=${r.date}`),
      params: {},
      context: { clientIp: "127.0.0.1", cspNonce: "" },
    })) as Response;
    await response.json();
  };
  await bulkOnce();
  for (let i = 0; i < 20; i++) await singleOnce(i);

  let best = Infinity;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    await bulkOnce();
    best = Math.min(best, performance.now() - start);
  }
  const start = performance.now();
  for (let i = 0; i < SINGLE; i++) await singleOnce(i);
  const singleMs = performance.now() - start;

  const bulkRate = ROWS / (best / 1000);
  const singleRate = SINGLE / (singleMs / 1000);
  console.log(`backend: ${server ? "postgresql" : "pglite"}`);
  console.log(`bulk check:  ${ROWS} rows in ${best.toFixed(0)} ms (best of ${RUNS}) = ${bulkRate.toFixed(0)} rows/s`);
  console.log(`single-row:  ${SINGLE} calls in ${singleMs.toFixed(0)} ms = ${singleRate.toFixed(0)} rows/s`);
  console.log(`ratio bulk / single-row: ${(bulkRate / singleRate).toFixed(1)}×`);
} finally {
  if (server) await server.drop();
  else await handle.close();
  rmSync(dataDir, { recursive: true, force: true });
}
