// npm run bench:collect — one enterprise collects BENCH_LABELS (1,000,000: the documented limit)
// received labels onto a batch in one request, on PostgreSQL, while the public scan path keeps
// answering in the same process. Measures, in one run:
//   1. scans alone (the baseline): p50, p99 and the event loop's worst delay,
//   2. the same scans while the collection runs, and the collection's own time.
// Prints both, the p99 ratio during/baseline (goal: near 1) and a JSON line for bench:all.
// Before that, in the same run, "before and after" at BENCH_BEFORE_LABELS (60,000, under the
// 65,534 the old code could send at all): the collection of before issue 13
// (scripts/lib/collect-before.ts) and today's, each with scans running beside it.
// BENCH_LABELS, BENCH_BEFORE_LABELS, BENCH_SECONDS (5), BENCH_CONCURRENCY (16) adjust it.
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { sql } from "kysely";
import { createBenchDatabase } from "./lib/bench-db.ts";
import { percentile } from "./lib/load.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { loadDivisions } from "#app/division/division.server.ts";
import { encodeCode } from "#app/label-code/code.ts";
import { collectLabels } from "#app/label/collection.server.ts";
import { collectLabelsBefore } from "./lib/collect-before.ts";
import { ScanLog } from "#app/verification/scan-log.server.ts";
import { scan } from "#app/verification/verification.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";

const N = Number(process.env.BENCH_LABELS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SCANNED = 20_000;
const BEFORE_N = Number(process.env.BENCH_BEFORE_LABELS ?? 60_000);
/** Received labels: two ranges for before/after at BEFORE_N, then the N of the limit run. */
const STOCK = 2 * BEFORE_N + N;

const handle = await createBenchDatabase("gi_bench_collect");
const db = handle.db;
const round = (x: number) => Math.round(x * 100) / 100;
try {
  await migrateToLatest(db);
  await loadDivisions(db);
  console.log(`[bench:collect] seeding ${STOCK.toLocaleString("en")} received labels and ${SCANNED} collected ones…`);
  const { rows } = await sql<{ user_id: string; enterprise_id: string; batch_id: string; mark_id: string }>`
    with m as (insert into mark (slug, name, kind, division_code) values ('bench', '安化黑茶（基准）', 'gi_product', '430923') returning id),
         e as (insert into enterprise (uscc, name, division_code) values ('914309230000000010', '基准茶业有限公司', '430923') returning id),
         u as (insert into app_user (username, display_name, password_hash, role, enterprise_id) select 'bench', 'bench', 'x', 'enterprise', e.id from e returning id),
         an as (insert into announcement (number, title, division_code, status, published_on, created_by) select '基准公告〔2025〕1 号', '公告', '430923', 'published', date '2025-01-01', u.id from u returning id),
         a as (insert into "authorization" (enterprise_id, mark_id, route, status, township_code, products, annual_output, label_manager_name, label_manager_phone, active_from, entry_announcement_id)
               select e.id, m.id, 'gi_product', 'active', '430923101', '茶', '1 吨', '王', '13800000000', date '2025-01-01', an.id from e, m, an returning id, enterprise_id, mark_id),
         o as (insert into label_order (authorization_id, enterprise_id, mark_id, quantity_requested, quantity_approved, template, intended_products, status, created_by)
               select a.id, a.enterprise_id, a.mark_id, ${STOCK + SCANNED}, ${STOCK + SCANNED}, '圆形', '茶', 'received', u.id from a, u returning id, mark_id, authorization_id, enterprise_id),
         b as (insert into product_batch (enterprise_id, authorization_id, product, batch_no, production_date, quantity, created_by)
               select o.enterprise_id, o.authorization_id, '千两茶', 'QL-BENCH', date '2026-10-01', ${STOCK + SCANNED}, u.id from o, u returning id)
    select u.id as user_id, o.enterprise_id, b.id as batch_id, o.mark_id from u, o, b`.execute(db);
  const world = rows[0]!;
  await sql`
    insert into label (code, order_id, mark_id, serial_year, serial, status, batch_id)
    select decode(md5(i::text || ':' || random()::text), 'hex'), o.id, o.mark_id, 2026, i,
           case when i > ${STOCK} then 'collected' else 'received' end, case when i > ${STOCK} then ${world.batch_id}::uuid end
      from label_order o, generate_series(1, ${STOCK + SCANNED}) as i where o.mark_id = ${world.mark_id}`.execute(db);
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
  /** One collection with scans beside it: the scans' figures and the collection's seconds. */
  async function during(label: string, collect: () => Promise<number>) {
    const started = performance.now();
    const collection = collect();
    const figures = await scans(collection, SECONDS);
    const collected = await collection;
    const seconds = round((performance.now() - started) / 1000);
    console.log(
      `${label.padEnd(34)} p50 ${figures.p50_ms} ms   p99 ${figures.p99_ms} ms   max ${figures.max_ms} ms   event loop max ${figures.loop_max_ms} ms   (${figures.scans} scans, ${figures.unanswered} unanswered; ${collected.toLocaleString("en")} labels in ${seconds} s)`,
    );
    return { ...figures, labels: collected, collect_seconds: seconds };
  }
  const range = (from: number, count: number) => ({ year: 2026, from, to: from + count - 1 });
  const before = await during(`before, ${BEFORE_N.toLocaleString("en")} labels`, () =>
    collectLabelsBefore(db, user, world.batch_id, range(1, BEFORE_N)),
  );
  const after = await during(`after, ${BEFORE_N.toLocaleString("en")} labels`, () =>
    collectLabels(db, user, world.batch_id, range(BEFORE_N + 1, BEFORE_N)).then((c) => c.collected),
  );
  console.log(
    `at ${BEFORE_N.toLocaleString("en")} labels, scan p99 before / after: ${round(before.p99_ms / Math.max(after.p99_ms, 0.01))}; worst scan ${before.max_ms} ms → ${after.max_ms} ms; collection ${before.collect_seconds} s → ${after.collect_seconds} s`,
  );
  const limit = await during(`after, ${N.toLocaleString("en")} labels (the limit)`, () =>
    collectLabels(db, user, world.batch_id, range(2 * BEFORE_N + 1, N)).then((c) => c.collected),
  );
  const ratio = round(limit.p99_ms / Math.max(baseline.p99_ms, 0.01));
  console.log(`p99 during the ${N.toLocaleString("en")}-label collection / alone: ${ratio}`);
  await log.close();
  console.log(
    JSON.stringify({
      labels: limit.labels,
      collect_seconds: limit.collect_seconds,
      baseline,
      during: limit,
      p99_ratio: ratio,
      before_after: { labels: BEFORE_N, before, after },
    }),
  );
} finally {
  await handle.drop();
  process.exit(process.exitCode ?? 0);
}
