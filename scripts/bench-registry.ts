// npm run bench:registry — public register searches at county-wide scale, on PostgreSQL.
// Seeds 100,000 enterprises and 150,000 authorizations into a throwaway database, then times
// register searches by name fragment and by credit code through the app's own query, against a
// same-run baseline: a bare single-row index lookup on the same server with the same driver.
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import postgres from "postgres";
import { createBenchDatabase } from "./lib/bench-db.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { loadDivisions } from "#app/division/division.server.ts";
import { registerOfMark } from "#app/authorization/register.server.ts";

const ENTERPRISES = Number(process.env.BENCH_ENTERPRISES ?? 100_000);
const SECOND_ROUTES = Math.round(ENTERPRISES / 2); // 150,000 authorizations in all
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 400);
const handle = await createBenchDatabase("gi_bench_registry");
const url = new URL(handle.url);
const db = handle.db;

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const ms = (n: number) => Math.round(n * 100) / 100;

try {
  const t0 = performance.now();
  await migrateToLatest(db);
  await loadDivisions(db);
  const marks = await db
    .selectFrom("division")
    .select("code")
    .where("parent_code", "=", "430923")
    .orderBy("code")
    .execute();
  await sql`insert into app_user (username, display_name, password_hash, role) values ('bench', 'bench', 'x', 'admin')`.execute(
    db,
  );
  await sql`insert into announcement (number, title, division_code, status, published_on, created_by)
            select 'BENCH-' || g, '基准公告', '430923', 'published', date '2025-01-01' + g, (select id from app_user limit 1)
            from generate_series(1, 20) g`.execute(db);
  for (let i = 0; i < 8; i++) {
    await sql`insert into mark (slug, name, kind, division_code) values (${`bench-mark-${i}`}, ${`基准标志${i}`}, 'gi_product', '430923')`.execute(
      db,
    );
  }
  await sql`insert into mark_area (mark_id, division_code) select m.id, ${marks[0]!.code} from mark m`.execute(db);
  // Names built from common words of real enterprise names, so fragments hit realistic sets.
  await sql`
    insert into enterprise (uscc, name, division_code, contact_name, contact_phone)
    select '91430923' || lpad(g::text, 9, '0') || '0',
           (array['安化','资江','梅山','云台','雪峰','柘溪','东坪','黄沙','奎溪','渠江'])[1 + g % 10]
           || (array['云','雾','溪','峰','岭','泉','林','春','香','源','茗','福','祥','瑞','丰'])[1 + (g / 10) % 15]
           || (array['茶业','农业','食品','生态','黑茶','茶叶','农产品','电子商务'])[1 + (g / 150) % 8]
           || (array['有限公司','专业合作社','有限责任公司','茶厂'])[1 + (g / 1200) % 4]
           || g::text,
           '430923', '联系人', '13800000000'
    from generate_series(1, ${ENTERPRISES}) g`.execute(db);
  const insertAuthorizations = (offset: number, count: number, route: string) => sql`
    insert into "authorization" (enterprise_id, mark_id, route, status, township_code, products, annual_output,
      label_manager_name, label_manager_phone, active_from, exited_on, exit_reason, entry_announcement_id)
    select e.id,
           (select id from mark where slug = 'bench-mark-' || ((e.rn + ${offset}) % 8)),
           ${route},
           case when e.rn % 10 = 0 then 'cancelled' when e.rn % 37 = 0 then 'suspended' else 'active' end,
           ${marks[0]!.code}, '茶', '10 吨', '王', '13800000000',
           date '2025-01-01' + (e.rn % 300)::int,
           case when e.rn % 10 = 0 then date '2026-06-01' end,
           case when e.rn % 10 = 0 then 'violation' end,
           (select id from announcement where number = 'BENCH-' || (1 + e.rn % 20)::int)
    from (select id, row_number() over (order by uscc) as rn from enterprise) e
    where e.rn <= ${count}`;
  await insertAuthorizations(0, ENTERPRISES, "gi_product").execute(db);
  await insertAuthorizations(3, SECOND_ROUTES, "collective_member").execute(db);
  await sql`analyze`.execute(db);
  const seedSeconds = (performance.now() - t0) / 1000;
  const counts = await sql<{
    e: number;
    a: number;
  }>`select (select count(*) from enterprise)::int as e, (select count(*) from "authorization")::int as a`.execute(db);
  console.log(
    `seeded ${counts.rows[0]!.e} enterprises and ${counts.rows[0]!.a} authorizations in ${seedSeconds.toFixed(1)} s`,
  );

  const markIds = (await db.selectFrom("mark").select("id").execute()).map((m) => m.id);
  const fragments = ["资江", "云峰", "黑茶", "茶业", "梅山泉", "专业合作社", "雪峰茗", "农产品", "渠江福", "生态"];
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
  const code = () => `91430923${String(1 + Math.floor(Math.random() * ENTERPRISES)).padStart(9, "0")}0`;

  const time = async (fn: () => Promise<unknown>) => {
    const start = performance.now();
    await fn();
    return performance.now() - start;
  };
  // Warm up caches and the pool on every kind of query first.
  for (let i = 0; i < 30; i++) {
    await registerOfMark(db, pick(markIds), { q: pick(fragments), limit: 50, offset: 0 });
    await registerOfMark(db, pick(markIds), { q: code(), limit: 50, offset: 0 });
  }
  const raw = postgres(url.toString(), { max: 1, onnotice: () => {} });
  const baseline: number[] = [];
  const byName: number[] = [];
  const byCode: number[] = [];
  const browse: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    baseline.push(await time(() => raw`select id from enterprise where uscc = ${code()}`));
    byName.push(await time(() => registerOfMark(db, pick(markIds), { q: pick(fragments), limit: 50, offset: 0 })));
    byCode.push(await time(() => registerOfMark(db, pick(markIds), { q: code(), limit: 50, offset: 0 })));
    browse.push(
      await time(() => registerOfMark(db, pick(markIds), { limit: 50, offset: 50 * Math.floor(Math.random() * 20) })),
    );
  }
  await raw.end();

  const result = {
    benchmark: "registry",
    backend: "postgres",
    enterprises: counts.rows[0]!.e,
    authorizations: counts.rows[0]!.a,
    samples: SAMPLES,
    baseline_lookup_p95_ms: ms(percentile(baseline, 95)),
    name_fragment_p50_ms: ms(percentile(byName, 50)),
    name_fragment_p95_ms: ms(percentile(byName, 95)),
    code_p50_ms: ms(percentile(byCode, 50)),
    code_p95_ms: ms(percentile(byCode, 95)),
    browse_p95_ms: ms(percentile(browse, 95)),
    goal_p95_ms: 50,
  };
  const ratio = (x: number) => Math.round((x / result.baseline_lookup_p95_ms) * 10) / 10;
  console.log(`baseline (bare indexed lookup, same driver)   p95 ${result.baseline_lookup_p95_ms} ms`);
  console.log(
    `register search by name fragment  p50 ${result.name_fragment_p50_ms} ms  p95 ${result.name_fragment_p95_ms} ms  (${ratio(result.name_fragment_p95_ms)}× baseline; goal < 50 ms)`,
  );
  console.log(
    `register search by credit code    p50 ${result.code_p50_ms} ms  p95 ${result.code_p95_ms} ms  (${ratio(result.code_p95_ms)}× baseline; goal < 50 ms)`,
  );
  console.log(
    `register page browse              p95 ${result.browse_p95_ms} ms  (${ratio(result.browse_p95_ms)}× baseline)`,
  );
  console.log(
    JSON.stringify({
      ...result,
      name_fragment_vs_baseline: ratio(result.name_fragment_p95_ms),
      code_vs_baseline: ratio(result.code_p95_ms),
    }),
  );
} finally {
  await handle.drop();
}
