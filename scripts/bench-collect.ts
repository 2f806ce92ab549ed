// npm run bench:collect — one enterprise collects BENCH_LABELS (1,000,000: the documented limit)
// received labels onto a batch in one request, on PostgreSQL, while the public scan path keeps
// answering in the same process. Measures, in one run:
//   1. scans alone (the baseline): p50, p99 and the event loop's worst delay,
//   2. the same scans while the collection runs, and the collection's own time.
// Prints both, the p99 ratio during/baseline (goal: near 1; the quadratic collection of before
// froze the process, a scan waiting ~40 s behind 65,000 labels) and a JSON line for bench:all.
// BENCH_LABELS, BENCH_SECONDS (5), BENCH_CONCURRENCY (16) adjust it.
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { sql } from "kysely";
import { createBenchDatabase } from "./lib/bench-db.ts";
import { percentile } from "./lib/load.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { loadDivisions } from "#app/division/division.server.ts";
import { encodeCode } from "#app/label-code/code.ts";
import { collectLabels } from "#app/label/label-stock.server.ts";
import { ScanLog } from "#app/verification/scan-log.server.ts";
import { scan } from "#app/verification/verification.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";

const N = Number(process.env.BENCH_LABELS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SCANNED = 20_000;

const handle = await createBenchDatabase("gi_bench_collect");
const db = handle.db;
const round = (x: number) => Math.round(x * 100) / 100;
try {
  await migrateToLatest(db);
  await loadDivisions(db);
  console.log(`[bench:collect] seeding ${N.toLocaleString("en")} received labels and ${SCANNED} collected ones…`);
  const { rows } = await sql<{ user_id: string; enterprise_id: string; batch_id: string; mark_id: string }>`
    with m as (insert into mark (slug, name, kind, division_code) values ('bench', '安化黑茶（基准）', 'gi_product', '430923') returning id),
         e as (insert into enterprise (uscc, name, division_code) values ('914309230000000010', '基准茶业有限公司', '430923') returning id),
         u as (insert into app_user (username, display_name, password_hash, role, enterprise_id) select 'bench', 'bench', 'x', 'enterprise', e.id from e returning id),
         an as (insert into announcement (number, title, division_code, status, published_on, created_by) select '基准公告〔2025〕1 号', '公告', '430923', 'published', date '2025-01-01', u.id from u returning id),
         a as (insert into "authorization" (enterprise_id, mark_id, route, status, township_code, products, annual_output, label_manager_name, label_manager_phone, active_from, entry_announcement_id)
               select e.id, m.id, 'gi_product', 'active', '430923101', '茶', '1 吨', '王', '13800000000', date '2025-01-01', an.id from e, m, an returning id, enterprise_id, mark_id),
         o as (insert into label_order (authorization_id, enterprise_id, mark_id, quantity_requested, quantity_approved, template, intended_products, status, created_by)
               select a.id, a.enterprise_id, a.mark_id, ${N + SCANNED}, ${N + SCANNED}, '圆形', '茶', 'received', u.id from a, u returning id, mark_id, authorization_id, enterprise_id),
         b as (insert into product_batch (enterprise_id, authorization_id, product, batch_no, production_date, quantity, created_by)
               select o.enterprise_id, o.authorization_id, '千两茶', 'QL-BENCH', date '2026-10-01', ${N + SCANNED}, u.id from o, u returning id)
    select u.id as user_id, o.enterprise_id, b.id as batch_id, o.mark_id from u, o, b`.execute(db);
  const world = rows[0]!;
  await sql`
    insert into label (code, order_id, mark_id, serial_year, serial, status, batch_id)
    select decode(md5(i::text || ':' || random()::text), 'hex'), o.id, o.mark_id, 2026, i,
           case when i > ${N} then 'collected' else 'received' end, case when i > ${N} then ${world.batch_id}::uuid end
      from label_order o, generate_series(1, ${N + SCANNED}) as i where o.mark_id = ${world.mark_id}`.execute(db);
  await sql`analyze`.execute(db);
  const codes = (
    await sql<{ code: Uint8Array }>`select code from label where status = 'collected'`.execute(db)
  ).rows.map((r) => encodeCode(new Uint8Array(r.code)));

  const user: SessionUser = {
    id: world.user_id,
    username: "bench",
    displayName: "bench",
    role: "enterprise",
    divisionCode: null,
    divisionName: null,
    isApprover: false,
    enterpriseId: world.enterprise_id,
    printerId: null,
    sessionId: "bench",
  };
  const log = new ScanLog(async () => db, { flushIntervalMs: 200 });
  let net = 0;

  /** Closed-loop scans until `until` resolves or `seconds` pass: latencies and the loop's worst delay. */
  async function scans(until: Promise<unknown> | null, seconds: number) {
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const latencies: number[] = [];
    let unanswered = 0;
    let done = false;
    void until?.finally(() => (done = true));
    const deadline = performance.now() + seconds * 1000;
    const worker = async () => {
      while (!done && (until || performance.now() < deadline)) {
        const started = performance.now();
        const network = `10.${(++net >> 8) & 255}.${net & 255}.0/24`;
        const a = await scan(
          db,
          { input: codes[net % codes.length]!, channel: "api", network, userAgent: "bench" },
          { log, raw: handle.raw },
        );
        // "unavailable" is what a consumer gets when the lookup misses its deadline: counted.
        if (a.kind !== "answer") unanswered++;
        latencies.push(performance.now() - started);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    loop.disable();
    latencies.sort((x, y) => x - y);
    return {
      scans: latencies.length,
      unanswered,
      max_ms: round(latencies.at(-1) ?? 0),
      p50_ms: round(percentile(latencies, 50)),
      p99_ms: round(percentile(latencies, 99)),
      loop_max_ms: round(loop.max / 1e6),
    };
  }

  await scans(null, 1); // warm-up
  const baseline = await scans(null, SECONDS);
  console.log(
    `scans alone                 p50 ${baseline.p50_ms} ms   p99 ${baseline.p99_ms} ms   max ${baseline.max_ms} ms   event loop max ${baseline.loop_max_ms} ms   (${baseline.scans} scans, ${baseline.unanswered} unanswered)`,
  );
  const started = performance.now();
  const collection = collectLabels(db, user, world.batch_id, { year: 2026, from: 1, to: N });
  const during = await scans(collection, SECONDS);
  const collected = await collection;
  const collectSeconds = round((performance.now() - started) / 1000);
  console.log(
    `scans during the collection p50 ${during.p50_ms} ms   p99 ${during.p99_ms} ms   max ${during.max_ms} ms   event loop max ${during.loop_max_ms} ms   (${during.scans} scans, ${during.unanswered} unanswered)`,
  );
  console.log(`collection of ${collected.toLocaleString("en")} labels: ${collectSeconds} s`);
  const ratio = round(during.p99_ms / Math.max(baseline.p99_ms, 0.01));
  console.log(`p99 during / alone: ${ratio}`);
  await log.close();
  console.log(
    JSON.stringify({
      labels: collected,
      collect_seconds: collectSeconds,
      baseline,
      during,
      p99_ratio: ratio,
    }),
  );
} finally {
  await handle.drop();
  process.exit(process.exitCode ?? 0);
}
