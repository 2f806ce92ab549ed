// npm run bench:issue — ten consecutive orders of 1,000,000 labels issued end to end on PostgreSQL
// (approval → codes streamed with COPY inside one transaction → order updated, ledger and audit
// written), alternating with a plain COPY of 1,000,000 pre-generated rows into a twin of `label`
// (same columns, indexes, checks and foreign keys: `like … including all` copies no foreign key,
// so they are added) and, for comparison with earlier runs, into a twin without foreign keys.
// Each table grows by the same million per round. Prints the rows per second of each, the ratio
// app / twin (goal ≥ 0.8), the peak memory of this process (goal < 300 MB) and how long other
// queries waited meanwhile. BENCH_LABELS (1,000,000) and BENCH_ORDERS (10) adjust it.
// Orders alternate the public log on and off (decision 017: with it on, each code is hashed into
// its order's tree and a leaf is appended); log on / log off over the whole run is printed too
// (goal ≥ 0.9).
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sql } from "kysely";
import postgres from "postgres";
import { createBenchDatabase } from "./lib/bench-db.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { loadDivisions } from "#app/division/division.server.ts";
import { decideOrder } from "#app/label/label-order.server.ts";
import { setLogEnabled } from "#app/log/log.server.ts";
import { issueCodeBytes } from "#app/label-code/code.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";

const N = Number(process.env.BENCH_LABELS ?? 1_000_000);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 10);
if (ORDERS < 2 || ORDERS % 2) throw new Error("BENCH_ORDERS must be even: orders alternate the log on and off");
const handle = await createBenchDatabase("gi_bench_issue");
const url = new URL(handle.url);
const db = handle.db;

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

try {
  await migrateToLatest(db);
  await loadDivisions(db);
  // The smallest world in which orders can be approved: a mark, an enterprise, an active authorization.
  const ids = await sql<{ user_id: string; mark_id: string }>`
    with u as (insert into app_user (username, display_name, password_hash, role, division_code) values ('bench', 'bench', 'x', 'regulator', '430923') returning id),
         m as (insert into mark (slug, name, kind, division_code) values ('bench', '基准', 'gi_product', '430923') returning id),
         e as (insert into enterprise (uscc, name, division_code) values ('914309230000000010', '基准企业', '430923') returning id),
         a as (insert into "authorization" (enterprise_id, mark_id, route, status, township_code, products, annual_output, label_manager_name, label_manager_phone, active_from)
               select e.id, m.id, 'gi_product', 'active', '430923101', '茶', '1 吨', '王', '13800000000', date '2025-01-01' from e, m returning id, enterprise_id, mark_id),
         o as (insert into label_order (authorization_id, enterprise_id, mark_id, quantity_requested, template, intended_products, created_by)
               select a.id, a.enterprise_id, a.mark_id, ${N}, '圆形', '茶', u.id from a, u, generate_series(1, ${ORDERS}) returning id)
    select u.id as user_id, m.id as mark_id from u, m`.execute(db);
  const { user_id, mark_id } = ids.rows[0]!;
  const orders = await db.selectFrom("label_order").select(["id", "version"]).orderBy("created_at").execute();
  const regulator: SessionUser = {
    id: user_id,
    username: "bench",
    displayName: "bench",
    role: "regulator",
    divisionCode: "430923",
    divisionName: null,
    isApprover: false,
    enterpriseId: null,
    printerId: null,
    sessionId: "bench",
  };
  // The twin: what `label` is, foreign keys included; and the earlier runs' twin without them.
  await sql`create table label_twin (like label including all)`.execute(db);
  await sql`alter table label_twin add foreign key (order_id) references label_order(id),
                                   add foreign key (mark_id) references mark(id),
                                   add foreign key (batch_id) references product_batch(id)`.execute(db);
  await sql`create table label_twin_no_fk (like label including all)`.execute(db);

  // Other traffic while issuing: a query every 50 ms on another connection; record the worst wait.
  const probe = postgres(url.toString(), { max: 1, onnotice: () => {} });
  let probing = true;
  let worstProbeMs = 0;
  const probeLoop = (async () => {
    while (probing) {
      const start = performance.now();
      await probe`select count(*) from label_order`;
      worstProbeMs = Math.max(worstProbeMs, performance.now() - start);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();

  /** A plain COPY of N pre-generated rows (generated before the clock starts) into `table`. */
  const plainCopy = async (table: "label_twin" | "label_twin_no_fk", orderId: string, round: number) => {
    const keys = Buffer.from(issueCodeBytes(N)).toString("hex");
    const chunks: string[] = [];
    for (let offset = 0; offset < N; offset += 10_000) {
      let chunk = "";
      for (let i = offset; i < Math.min(N, offset + 10_000); i++)
        chunk += `\\\\x${keys.slice(i * 32, i * 32 + 32)}\t${orderId}\t${mark_id}\t2026\t${round * N + i + 1}\n`;
      chunks.push(chunk);
    }
    const started = performance.now();
    await handle.raw!.begin(async (tx) => {
      const writable = await tx
        .unsafe(`copy ${table} (code, order_id, mark_id, serial_year, serial) from stdin`)
        .writable();
      await pipeline(Readable.from(chunks), writable);
    });
    return N / ((performance.now() - started) / 1000);
  };

  const rounds: { app: number; twin: number; twinNoFk: number; log: boolean }[] = [];
  let rssBefore = 0;
  let peakDuringIssue = 0;
  let peakFirstOrder = 0;
  for (const [round, order] of orders.entries()) {
    // Peak memory is sampled over the issuing itself, not the setup or the baselines' keys.
    peakRss = process.memoryUsage().rss;
    if (!round) rssBefore = peakRss;
    const log = round % 2 === 0;
    setLogEnabled(log);
    const appStart = performance.now();
    await decideOrder(
      db,
      regulator,
      order.id,
      { approve: true, quantity: N, version: order.version },
      { raw: handle.raw },
    );
    const app = N / ((performance.now() - appStart) / 1000);
    // The database still queues the facts of an order issued with the log off; a deployment
    // without the log has none. Left queued, the next log-on order logged them, reading the
    // million codes back to hash them, and paid for both (the 0.79 of earlier runs).
    if (!log) await sql`delete from log_pending`.execute(db);
    peakDuringIssue = Math.max(peakDuringIssue, peakRss);
    // The first order runs before any baseline has allocated its pre-generated rows.
    if (!round) peakFirstOrder = peakRss;
    const twin = await plainCopy("label_twin", order.id, round);
    const twinNoFk = await plainCopy("label_twin_no_fk", order.id, round);
    setLogEnabled(true);
    rounds.push({ app, twin, twinNoFk, log });
    console.log(
      `order ${round + 1}/${ORDERS} (log ${log ? "on" : "off"}): app ${Math.round(app)} rows/s, plain COPY into the twin ${Math.round(twin)} rows/s (ratio ${(app / twin).toFixed(2)}), into the twin without foreign keys ${Math.round(twinNoFk)} rows/s (ratio ${(app / twinNoFk).toFixed(2)})`,
    );
  }
  probing = false;
  await probeLoop;
  await probe.end();

  const counts = await sql<{ app: number; twin: number; twin_no_fk: number }>`
    select (select count(*)::int from label) as app, (select count(*)::int from label_twin) as twin,
           (select count(*)::int from label_twin_no_fk) as twin_no_fk`.execute(db);
  // Total rows over total time: the rate of the whole run of ten.
  const overall = (rates: number[]) => Math.round((rates.length * N) / rates.reduce((t, r) => t + N / r, 0));
  const appRate = overall(rounds.map((r) => r.app));
  const twinRate = overall(rounds.map((r) => r.twin));
  const noFkRate = overall(rounds.map((r) => r.twinNoFk));
  const ratios = rounds.map((r) => r.app / r.twin);
  const logOn = overall(rounds.filter((r) => r.log).map((r) => r.app));
  const logOff = overall(rounds.filter((r) => !r.log).map((r) => r.app));
  const round2 = (x: number) => Math.round(x * 100) / 100;
  const result = {
    benchmark: "issue",
    backend: "postgres",
    orders: ORDERS,
    labels_per_order: N,
    labels_issued: counts.rows[0]!.app,
    app_rows_per_s: appRate,
    baseline_copy_rows_per_s: twinRate,
    ratio: round2(appRate / twinRate),
    goal_ratio: 0.8,
    worst_order_ratio: round2(Math.min(...ratios)),
    best_order_ratio: round2(Math.max(...ratios)),
    baseline_copy_without_foreign_keys_rows_per_s: noFkRate,
    ratio_vs_copy_without_foreign_keys: round2(appRate / noFkRate),
    peak_rss_mb: Math.round(peakFirstOrder / 1048576),
    peak_rss_any_order_mb: Math.round(peakDuringIssue / 1048576),
    rss_before_issue_mb: Math.round(rssBefore / 1048576),
    goal_peak_rss_mb: 300,
    worst_other_query_ms_while_issuing: Math.round(worstProbeMs),
    log_on_rows_per_s: logOn,
    log_off_rows_per_s: logOff,
    ratio_log_on_vs_off: round2(logOn / logOff),
    goal_ratio_log_on_vs_off: 0.9,
  };
  if (counts.rows[0]!.twin !== ORDERS * N || counts.rows[0]!.app !== ORDERS * N) throw new Error("row counts differ");
  console.log(
    `${ORDERS} orders of ${N}: app ${appRate} rows/s; plain COPY into the twin ${twinRate} rows/s; ratio ${result.ratio} (goal ≥ 0.8; per order ${result.worst_order_ratio}…${result.best_order_ratio})`,
  );
  console.log(
    `without foreign keys on the twin (earlier runs' baseline): ${noFkRate} rows/s, ratio ${result.ratio_vs_copy_without_foreign_keys}`,
  );
  console.log(
    `peak RSS ${result.peak_rss_mb} MB (goal < 300 MB; ${result.rss_before_issue_mb} MB before issuing); worst latency of another query while issuing: ${result.worst_other_query_ms_while_issuing} ms`,
  );
  console.log(`public log on ${logOn} rows/s, off ${logOff} rows/s: ratio ${result.ratio_log_on_vs_off} (goal ≥ 0.9)`);
  console.log(JSON.stringify(result));
} finally {
  clearInterval(sampler);
  await handle.drop();
}
