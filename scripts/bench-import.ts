// npm run bench:import — importing a 10,000-row register (.xlsx) on PostgreSQL, dry run and
// confirmation through the app's own functions, against a same-run baseline: the same rows read
// from the same workbook and written by one bare INSERT … SELECT FROM jsonb_to_recordset into a
// scratch table on the same server. Goal: 10,000 rows in under a minute.
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { createBenchDatabase } from "./lib/bench-db.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { loadDivisions } from "#app/division/division.server.ts";
import { makeUscc } from "#app/enterprise/uscc.ts";
import { confirmImport } from "#app/register-import/confirm-import.server.ts";
import { planImport } from "#app/register-import/register-import.server.ts";
import { TEMPLATE_HEADER } from "#app/register-import/template.ts";
import { readTable } from "#app/spreadsheet/read-table.server.ts";
import { measureColumns, xlsxStream } from "#app/spreadsheet/xlsx.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const handle = await createBenchDatabase("gi_bench_import");
const db = handle.db;
const seconds = (ms: number) => Math.round(ms / 10) / 100;

try {
  await migrateToLatest(db);
  await loadDivisions(db);
  const towns = await db.selectFrom("division").select(["code", "name"]).where("parent_code", "=", "430923").execute();
  await sql`insert into mark (slug, name, kind, division_code) values ('bench-tea', '基准黑茶', 'gi_product', '430923')`.execute(
    db,
  );
  await sql`insert into mark_area (mark_id, division_code) select m.id, d.code from mark m, division d where d.parent_code = '430923'`.execute(
    db,
  );
  const admin = await db
    .insertInto("app_user")
    .values({ username: "bench", display_name: "bench", password_hash: "x", role: "admin" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const user: SessionUser = {
    id: admin.id,
    username: "bench",
    displayName: "bench",
    role: "admin",
    divisionCode: null,
    divisionName: null,
    isApprover: false,
    enterpriseId: null,
    printerId: null,
    sessionId: "bench",
  };
  // A county's register as it comes: 2024年3月5日 dates, full-width digits, trailing spaces, exits.
  const statuses = ["使用中", "使用中", "使用中", "已注销", "暂停使用"];
  const rows = Array.from({ length: ROWS }, (_, i) => {
    const status = statuses[i % statuses.length]!;
    const town = towns[i % towns.length]!;
    const uscc = makeUscc("91", "430923", `MA${String(i).padStart(6, "0")}`);
    return [
      `基准茶业${i}有限公司 `,
      i % 3 ? uscc : [...uscc].map((c) => (/\d/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join(""),
      "基准黑茶",
      "地理标志保护产品",
      town.name,
      `湘〔2019〕${i}号`,
      `2019年3月${1 + (i % 28)}日`,
      `2019-${i}`,
      `2019年4月${1 + (i % 28)}日`,
      status,
      status === "使用中" ? "" : "2024年1月5日",
      status === "已注销" ? "违规使用" : "",
      "联系人",
      "13800000000",
      "黑茶",
    ];
  });
  const chunks: Buffer[] = [];
  for await (const c of xlsxStream("名录", measureColumns(TEMPLATE_HEADER, rows), rows)) chunks.push(c as Buffer);
  const file = { name: "bench.xlsx", bytes: new Uint8Array(Buffer.concat(chunks)) };

  // Baseline: read the same workbook, write the same rows with one bare statement.
  const b0 = performance.now();
  const read = await readTable(file.bytes);
  if (!read.ok) throw new Error("unreadable");
  await sql`create table bench_baseline (row_no int, name text, uscc text, town text, status text)`.execute(db);
  const records = read.rows.slice(1).map((r, i) => ({ row_no: i, name: r[0], uscc: r[1], town: r[4], status: r[9] }));
  await sql`insert into bench_baseline select * from jsonb_to_recordset(${JSON.stringify(records)}::text::jsonb)
    as r(row_no int, name text, uscc text, town text, status text)`.execute(db);
  const baselineMs = performance.now() - b0;

  const p0 = performance.now();
  const plan = await planImport(db, user, file);
  const planMs = performance.now() - p0;
  if (plan.issues.length) throw new Error(`bench file has issues: ${JSON.stringify(plan.issues.slice(0, 3))}`);
  const c0 = performance.now();
  const result = await confirmImport(db, user, file, plan.sha256);
  const confirmMs = performance.now() - c0;
  if (result.outcome !== "imported") throw new Error(`import ${result.outcome}`);
  const events = await db
    .selectFrom("authorization_event")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const totalMs = planMs + confirmMs;
  const out = {
    rows: ROWS,
    file_kb: Math.round(file.bytes.length / 1024),
    baseline_s: seconds(baselineMs),
    dry_run_s: seconds(planMs),
    confirm_s: seconds(confirmMs),
    total_s: seconds(totalMs),
    rows_per_s: Math.round(ROWS / (totalMs / 1000)),
    baseline_rows_per_s: Math.round(ROWS / (baselineMs / 1000)),
    vs_baseline: Math.round((totalMs / baselineMs) * 10) / 10,
    events: Number(events.n),
    goal_s: 60,
  };
  console.log(
    `baseline (read the workbook, one bare INSERT of the rows)  ${out.baseline_s} s  ${out.baseline_rows_per_s} rows/s`,
  );
  console.log(
    `register import ${ROWS} rows: dry run ${out.dry_run_s} s + confirm ${out.confirm_s} s = ${out.total_s} s, ${out.rows_per_s} rows/s (${out.vs_baseline}× baseline; goal < 60 s)`,
  );
  console.log(JSON.stringify(out));
} finally {
  await handle.drop();
}
