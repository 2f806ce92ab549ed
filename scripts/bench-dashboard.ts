// npm run bench:dashboard — the regulator's dashboard at county scale, on PostgreSQL.
// Seeds 1,000,000 labels (1,000 orders with their ledger over the last year) and 5,000,000 scans
// (the last 90 days) into a throwaway database, lets the anomaly job read the scan log once (timed:
// the one-off backfill an upgrade pays), then times the dashboard's server work for a county
// regulator and for the national view. Baseline, same run: counting the same 30 days of scans per
// day and verdict straight from the scan log — what the page would cost without the job's rollup.
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { createBenchDatabase, reuseBenchDatabase } from "./lib/bench-db.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { loadDivisions } from "#app/division/division.server.ts";
import { processNewScans } from "#app/alert/anomalies.server.ts";
import { dashboard } from "#app/oversight/dashboard.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";

const LABELS = Number(process.env.BENCH_LABELS ?? 1_000_000);
const SCANS = Number(process.env.BENCH_SCANS ?? 5_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const PER_ORDER = 1000;
const ORDERS = Math.ceil(LABELS / PER_ORDER);
const ENTERPRISES = 2000;
// BENCH_REUSE_DB names a database this benchmark seeded earlier (a run stopped after seeding):
// seeding is skipped and the database kept. At 50M scans seeding alone takes over an hour.
const reuse = process.env.BENCH_REUSE_DB;
const handle = reuse ? await reuseBenchDatabase(reuse) : await createBenchDatabase("gi_bench_dashboard");
const db = handle.db;
const ms = (n: number) => Math.round(n * 10) / 10;
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const step = async (label: string, run: () => Promise<unknown>) => {
  const t0 = performance.now();
  await run();
  console.log(`[bench:dashboard] ${label}: ${ms((performance.now() - t0) / 1000)} s`);
};

try {
  if (reuse) console.log(`[bench:dashboard] reusing the seeded database ${reuse}`);
  else {
    await migrateToLatest(db);
    await loadDivisions(db);
    const township = (
      await db
        .selectFrom("division")
        .select("code")
        .where("parent_code", "=", "430923")
        .orderBy("code")
        .executeTakeFirstOrThrow()
    ).code;
    await step("marks, enterprises, authorizations and their history", async () => {
      await sql`insert into app_user (username, display_name, password_hash, role, division_code) values ('bench.regulator', '基准监管', 'x', 'regulator', '430923')`.execute(
        db,
      );
      // A high scan threshold: this benchmark is about the dashboard, not about raising 100,000 alerts.
      await sql`insert into mark (slug, name, kind, division_code, target_users, target_year, scan_warn_threshold)
                select 'bench-m-' || g, '基准标志' || g, 'gi_product', '430923', 500, 2026, 100000 from generate_series(0, 4) g`.execute(
        db,
      );
      await sql`insert into mark_area (mark_id, division_code) select id, ${township} from mark`.execute(db);
      await sql`insert into enterprise (uscc, name, division_code) select '91430923' || lpad(g::text, 9, '0') || '0', '基准企业' || g, '430923' from generate_series(1, ${sql.lit(ENTERPRISES)}) g`.execute(
        db,
      );
      await sql`
        insert into "authorization" (enterprise_id, mark_id, route, status, township_code, products, annual_output, label_manager_name, label_manager_phone, active_from, exited_on, exit_reason)
        select e.id, (select id from mark where slug = 'bench-m-' || (e.rn % 5)), 'gi_product',
               case when e.rn % 10 = 0 then 'cancelled' else 'active' end, ${township}, '茶', '100 吨', '王', '13800000000',
               date '2022-01-01' + (e.rn % 1700)::int, case when e.rn % 10 = 0 then date '2026-06-01' + (e.rn % 150)::int end, case when e.rn % 10 = 0 then 'voluntary' end
          from (select id, row_number() over (order by uscc) as rn from enterprise) e`.execute(db);
      await sql`insert into authorization_event (authorization_id, effective_on, action, from_status, to_status)
                select id, active_from, 'activate', 'approved', 'active' from "authorization"`.execute(db);
      await sql`insert into authorization_event (authorization_id, effective_on, action, from_status, to_status)
                select id, exited_on, 'cancel', 'active', 'cancelled' from "authorization" where exited_on is not null`.execute(
        db,
      );
    });
    await step(`${ORDERS} label orders and their ledger`, async () => {
      // An order's age in days: its labels are printed three days after it and scanned only after that.
      await sql`create table bench_order (o int primary key, order_id uuid, mark_id uuid, enterprise_id uuid, authorization_id uuid, age_days int)`.execute(
        db,
      );
      await sql`
        with active as (select a.id, a.mark_id, a.enterprise_id, row_number() over (order by a.id) - 1 as k from "authorization" a where a.status = 'active'),
             picked as (select g as o, a.* from generate_series(0, ${sql.lit(ORDERS - 1)}) g join active a on a.k = g % (select count(*) from active))
        insert into bench_order (o, authorization_id, mark_id, enterprise_id, order_id, age_days) select o, id, mark_id, enterprise_id, gen_random_uuid(), 360 - o % 350 from picked`.execute(
        db,
      );
      await sql`
        insert into label_order (id, authorization_id, enterprise_id, mark_id, quantity_requested, quantity_approved, template, intended_products, status,
                                 serial_year, serial_from, serial_to, issued_count, printed_count, spoiled_count, received_count, created_by, created_at)
        select b.order_id, b.authorization_id, b.enterprise_id, b.mark_id, ${sql.lit(PER_ORDER)}, ${sql.lit(PER_ORDER)}, '方形', '茶', 'received',
               2026, b.o * ${sql.lit(PER_ORDER)} + 1, (b.o + 1) * ${sql.lit(PER_ORDER)}, ${sql.lit(PER_ORDER)}, ${sql.lit(PER_ORDER)}, 0, ${sql.lit(PER_ORDER)},
               (select id from app_user limit 1), now() - make_interval(days => b.age_days)
          from bench_order b`.execute(db);
      // Each order: ordered, approved, issued, printed, shipped, received, then collected in three
      // rounds over the following weeks and 50 voided.
      await sql`
        insert into label_ledger (order_id, at, action, count)
        select o.id, o.created_at + make_interval(days => s.day), s.action, s.n
          from label_order o
          cross join (values ('order', 0, ${sql.lit(PER_ORDER)}), ('approve', 1, ${sql.lit(PER_ORDER)}), ('issue', 1, ${sql.lit(PER_ORDER)}), ('print', 3, ${sql.lit(PER_ORDER)}), ('ship', 3, ${sql.lit(PER_ORDER)}),
                             ('receive', 5, ${sql.lit(PER_ORDER)}), ('collect', 8, 300), ('collect', 20, 300), ('collect', 35, 100), ('void', 36, 50)) as s(action, day, n)`.execute(
        db,
      );
    });
    await step(`${LABELS.toLocaleString()} labels`, async () => {
      await sql`
        insert into label (code, order_id, mark_id, serial_year, serial, status)
        select decode(md5('bench-label-' || g), 'hex'), b.order_id, b.mark_id, 2026, g + 1,
               case when g % 20 = 0 then 'voided' when g % 20 < 6 then 'received' else 'collected' end
          from generate_series(0, ${sql.lit(LABELS - 1)}) g join bench_order b on b.o = g / ${sql.lit(PER_ORDER)}`.execute(
        db,
      );
    });
    await step(`${SCANS.toLocaleString()} scans over 90 days`, async () => {
      await sql`select ensure_scan_partitions(4, 1)`.execute(db);
      // A bulk load into an indexed log pays a random insert into the code index per row: the
      // indexes are dropped, the scans loaded, and the indexes built once afterwards, as a restore
      // does. (Not the app's path: that writes in batches of a thousand.)
      const indexes = await sql<{ name: string; def: string }>`
        select indexname as name, indexdef as def from pg_indexes where schemaname = 'public' and tablename = 'scan'`.execute(
        db,
      );
      for (const i of indexes.rows) await sql`drop index ${sql.id(i.name)}`.execute(db);
      const chunk = 1_000_000;
      for (let from = 0; from < SCANS; from += chunk) {
        const to = Math.min(SCANS, from + chunk) - 1;
        // 95% of scans read a known label, almost always a collected one (each verdict follows the
        // label's status; one scan in a thousand finds a label in stock or voided), 5% unknown codes.
        await sql`
          insert into scan (scanned_at, code, mark_id, enterprise_id, verdict, channel, network, user_agent)
          select now() - make_interval(secs => (g * 7727) % (least(90, b.age_days - 4) * 86400)),
                 case when g % 20 = 0 then decode(md5('bench-miss-' || g), 'hex') else decode(md5('bench-label-' || l), 'hex') end,
                 case when g % 20 = 0 then null else b.mark_id end,
                 case when g % 20 = 0 then null else b.enterprise_id end,
                 case when g % 20 = 0 then 'not_found' when l % 20 = 0 then 'voided' when l % 20 < 6 then 'not_activated' else 'genuine' end,
                 'page', '36.' || (g % 200) || '.' || (g % 250) || '.0/24', 'bench'
            from (select g, case when r % 20 < 6 and g % 997 <> 3 then r + 6 - r % 20 else r end as l
                    from (select g, (g * 7919) % ${sql.lit(LABELS - 20)} as r from generate_series(${sql.lit(from)}::bigint, ${sql.lit(to)}::bigint) g) y) x
            join bench_order b on b.o = x.l / ${sql.lit(PER_ORDER)}`.execute(db);
      }
      await db.transaction().execute(async (trx) => {
        await sql`set local maintenance_work_mem = '1GB'`.execute(trx);
        // The parent's definition says ON ONLY; built without it, every partition gets its index.
        for (const i of indexes.rows) await sql.raw(i.def.replace(" ON ONLY ", " ON ")).execute(trx);
      });
      await sql`insert into scan_tally (code, scan_count, first_scanned_at, last_scanned_at)
                select code, count(*), min(scanned_at), max(scanned_at) from scan group by code`.execute(db);
    });
  }
  // What autovacuum does to a log written over months: besides the statistics, vacuum summarizes
  // the BRIN ranges over scan ids that the anomaly job reads by. Straight after a bulk load none
  // is summarized, and each 50,000-scan chunk then reads the whole log (at 50M: 80 s a chunk).
  await step("vacuum and analyze the scan log", () => sql`vacuum (analyze) scan`.execute(db));
  await sql`analyze`.execute(db);

  let backfill = 0;
  await step("anomaly job reads the whole scan log once (backfill)", async () => {
    const t0 = performance.now();
    const result = await processNewScans(db, { settle: true });
    backfill = (performance.now() - t0) / 1000;
    console.log(`[bench:dashboard]   ${result.scans.toLocaleString()} scans read, ${result.raised} alerts raised`);
  });
  await sql`analyze`.execute(db);

  const regulator = await db
    .selectFrom("app_user")
    .selectAll()
    .where("username", "=", "bench.regulator")
    .executeTakeFirstOrThrow();
  const county: SessionUser = {
    id: regulator.id,
    username: regulator.username,
    displayName: regulator.display_name,
    role: "regulator",
    divisionCode: "430923",
    divisionName: "安化县",
    isApprover: false,
    enterpriseId: null,
    printerId: null,
    sessionId: "bench",
  };
  const nation: SessionUser = { ...county, role: "admin", divisionCode: null };
  const baselineQuery = () =>
    sql<{ day: string; verdict: string; n: number }>`
      select (scanned_at at time zone 'Asia/Shanghai')::date as day, verdict, count(*)::bigint as n
        from scan where scanned_at >= now() - interval '30 days' group by 1, 2`.execute(db);
  const time = async (run: () => Promise<unknown>) => {
    const t0 = performance.now();
    await run();
    return performance.now() - t0;
  };
  // Warm up both, then alternate so both see the same machine.
  await dashboard(db, county);
  await baselineQuery();
  const countyTimes: number[] = [];
  const nationTimes: number[] = [];
  const baselineTimes: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    countyTimes.push(await time(() => dashboard(db, county)));
    nationTimes.push(await time(() => dashboard(db, nation)));
    baselineTimes.push(await time(baselineQuery));
  }
  // The figures agree with the raw log (the day before yesterday: complete, and inside the 30 days).
  const d = (await dashboard(db, nation))!;
  const raw = (await baselineQuery()).rows;
  const check = d.days.at(-3)!;
  const rawTotal = raw.filter((r) => r.day === check.day).reduce((s, r) => s + Number(r.n), 0);
  if (rawTotal !== check.total)
    throw new Error(`dashboard says ${check.total} scans on ${check.day}, the scan log ${rawTotal}`);

  const p50 = percentile(countyTimes, 50);
  const result = {
    benchmark: "dashboard",
    labels: LABELS,
    scans: SCANS,
    county_p50_ms: ms(p50),
    county_p95_ms: ms(percentile(countyTimes, 95)),
    national_p50_ms: ms(percentile(nationTimes, 50)),
    baseline_raw_scan_count_p50_ms: ms(percentile(baselineTimes, 50)),
    dashboard_over_baseline: Math.round((p50 / percentile(baselineTimes, 50)) * 1000) / 1000,
    backfill_seconds: ms(backfill),
    goal_county_p50_ms: 300,
  };
  console.log(
    `[bench:dashboard] county dashboard p50 ${result.county_p50_ms} ms (p95 ${result.county_p95_ms}), national p50 ${result.national_p50_ms} ms`,
  );
  console.log(
    `[bench:dashboard] baseline (30 days of scans counted from the log) p50 ${result.baseline_raw_scan_count_p50_ms} ms → dashboard/baseline ${result.dashboard_over_baseline}`,
  );
  console.log(JSON.stringify(result));
} finally {
  await handle.drop();
}
