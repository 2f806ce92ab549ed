// npm run bench:issue — issue 1,000,000 labels end to end on PostgreSQL (approval → codes streamed
// with COPY inside one transaction → order updated, ledger and audit written), and in the same run
// a plain COPY of 1,000,000 pre-generated 16-byte keys into an identical empty table. Prints both
// rows per second, their ratio (goal ≥ 0.5), the peak memory of this process (goal < 300 MB) and
// how long other queries waited meanwhile. The same issue is also run with the public log off
// (no code tree hashed, no leaf appended): log on / log off is printed too (goal ≥ 0.9).
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sql } from "kysely";
import postgres from "postgres";
import { createBenchDatabase } from "./lib/bench-db.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { loadDivisions } from "#app/division/division.server.ts";
import { decideOrder } from "#app/label/label-order.server.ts";
import { issueCodes } from "#app/label-code/code.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { setLogEnabled } from "#app/log/log.server.ts";

const N = Number(process.env.BENCH_LABELS ?? 1_000_000);
const handle = await createBenchDatabase("gi_bench_issue");
const url = new URL(handle.url);
const db = handle.db;

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

try {
  await migrateToLatest(db);
  await loadDivisions(db);
  // The smallest world in which an order can be approved: a mark, an enterprise, an active authorization.
  const ids = await sql<{ user_id: string; order_id: string; version: number }>`
    with u as (insert into app_user (username, display_name, password_hash, role, division_code) values ('bench', 'bench', 'x', 'regulator', '430923') returning id),
         m as (insert into mark (slug, name, kind, division_code) values ('bench', '基准', 'gi_product', '430923') returning id),
         e as (insert into enterprise (uscc, name, division_code) values ('914309230000000010', '基准企业', '430923') returning id),
         a as (insert into "authorization" (enterprise_id, mark_id, route, status, township_code, products, annual_output, label_manager_name, label_manager_phone, active_from)
               select e.id, m.id, 'gi_product', 'active', '430923101', '茶', '1 吨', '王', '13800000000', date '2025-01-01' from e, m returning id, enterprise_id, mark_id),
         o as (insert into label_order (authorization_id, enterprise_id, mark_id, quantity_requested, template, intended_products, created_by)
               select a.id, a.enterprise_id, a.mark_id, ${N}, '圆形', '茶', u.id from a, u, generate_series(1, 2) returning id, version)
    select u.id as user_id, o.id as order_id, o.version from u, o`.execute(db);
  const { user_id, order_id, version } = ids.rows[0]!;
  const logOff = ids.rows[1]!;
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
  await sql`create table label_baseline (like label including all)`.execute(db);

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

  // The same issue with the public log off, into an empty label table as the measured run is
  // (a table already holding a million random keys inserts slower, whichever run comes second).
  setLogEnabled(false);
  const offStart = performance.now();
  await decideOrder(db, regulator, logOff.order_id, { approve: true, quantity: N, version: logOff.version }, { raw: handle.raw });
  const offSeconds = (performance.now() - offStart) / 1000;
  setLogEnabled(true);
  await sql`truncate label`.execute(db);
  await sql`vacuum analyze label`.execute(db);

  // Peak memory is sampled from here: the issuing itself, not the setup or the baseline's keys.
  peakRss = process.memoryUsage().rss;
  const rssBefore = peakRss;
  const appStart = performance.now();
  await decideOrder(db, regulator, order_id, { approve: true, quantity: N, version }, { raw: handle.raw });
  const appSeconds = (performance.now() - appStart) / 1000;
  const peakDuringIssue = peakRss;
  probing = false;
  await probeLoop;
  await probe.end();

  // Baseline: the same number of 16-byte keys, generated beforehand, COPY'd into an identical empty table.
  const keys = issueCodes(N);
  const lines: string[] = [];
  for (let offset = 0; offset < N; offset += 10_000) {
    let chunk = "";
    for (let i = offset; i < Math.min(N, offset + 10_000); i++)
      chunk += `\\\\x${Buffer.from(keys[i]!.buffer, keys[i]!.byteOffset, 16).toString("hex")}\t${order_id}\t${"00000000-0000-0000-0000-000000000000"}\t2026\t${i + 1}\n`;
    lines.push(chunk);
  }
  const markId = (await db.selectFrom("mark").select("id").executeTakeFirstOrThrow()).id;
  const baselineStart = performance.now();
  await handle.raw!.begin(async (tx) => {
    const writable = await tx`copy label_baseline (code, order_id, mark_id, serial_year, serial) from stdin`.writable();
    await pipeline(
      Readable.from(lines.map((l) => l.replaceAll("00000000-0000-0000-0000-000000000000", markId))),
      writable,
    );
  });
  const baselineSeconds = (performance.now() - baselineStart) / 1000;

  const issued = await sql<{ n: number }>`select count(*)::int as n from label where order_id = ${order_id}`.execute(
    db,
  );
  const copied = await sql<{ n: number }>`select count(*)::int as n from label_baseline`.execute(db);
  const appRate = Math.round(issued.rows[0]!.n / appSeconds);
  const offRate = Math.round(N / offSeconds);
  const baseRate = Math.round(copied.rows[0]!.n / baselineSeconds);
  const result = {
    benchmark: "issue",
    backend: "postgres",
    labels: issued.rows[0]!.n,
    app_rows_per_s: appRate,
    baseline_copy_rows_per_s: baseRate,
    ratio: Math.round((appRate / baseRate) * 100) / 100,
    goal_ratio: 0.5,
    log_off_rows_per_s: offRate,
    ratio_log_on_vs_off: Math.round((appRate / offRate) * 100) / 100,
    goal_ratio_log_on_vs_off: 0.9,
    peak_rss_mb: Math.round(peakDuringIssue / 1048576),
    rss_before_issue_mb: Math.round(rssBefore / 1048576),
    goal_peak_rss_mb: 300,
    worst_other_query_ms_while_issuing: Math.round(worstProbeMs),
  };
  console.log(`issued ${result.labels} labels through the app: ${appRate} rows/s (${appSeconds.toFixed(1)} s)`);
  console.log(`the same with the public log off:       ${offRate} rows/s (${offSeconds.toFixed(1)} s)`);
  console.log(`ratio log on / log off: ${result.ratio_log_on_vs_off} (goal ≥ 0.9)`);
  console.log(
    `plain COPY of ${copied.rows[0]!.n} pre-generated keys:     ${baseRate} rows/s (${baselineSeconds.toFixed(1)} s)`,
  );
  console.log(
    `ratio app / plain COPY: ${result.ratio} (goal ≥ 0.5); peak RSS ${result.peak_rss_mb} MB (goal < 300 MB; ${result.rss_before_issue_mb} MB before issuing)`,
  );
  console.log(`worst latency of another query while issuing: ${result.worst_other_query_ms_while_issuing} ms`);
  console.log(JSON.stringify(result));
} finally {
  clearInterval(sampler);
  await handle.drop();
}
