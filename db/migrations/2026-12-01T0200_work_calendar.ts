import { sql, type Kysely } from "kysely";

// Working days follow the State Council's yearly holiday notice (国务院办公厅关于部分节假日安排的
// 通知): public holidays are days off, and the make-up weekends (调休) are working days. A row is
// an exception to "Monday to Friday"; administrators add next year's rows when the notice comes
// out (/admin/calendar). The rows below are the 2025 and 2026 notices.
const HOLIDAYS: [from: string, to: string, name: string][] = [
  ["2025-01-01", "2025-01-01", "元旦"],
  ["2025-01-28", "2025-02-04", "春节"],
  ["2025-04-04", "2025-04-06", "清明节"],
  ["2025-05-01", "2025-05-05", "劳动节"],
  ["2025-05-31", "2025-06-02", "端午节"],
  ["2025-10-01", "2025-10-08", "国庆节、中秋节"],
  ["2026-01-01", "2026-01-03", "元旦"],
  ["2026-02-15", "2026-02-23", "春节"],
  ["2026-04-04", "2026-04-06", "清明节"],
  ["2026-05-01", "2026-05-05", "劳动节"],
  ["2026-06-19", "2026-06-21", "端午节"],
  ["2026-09-25", "2026-09-27", "中秋节"],
  ["2026-10-01", "2026-10-07", "国庆节"],
];
const MAKE_UP_DAYS: [day: string, name: string][] = [
  ["2025-01-26", "春节调休上班"],
  ["2025-02-08", "春节调休上班"],
  ["2025-04-27", "劳动节调休上班"],
  ["2025-09-28", "国庆节、中秋节调休上班"],
  ["2025-10-11", "国庆节、中秋节调休上班"],
  ["2026-01-04", "元旦调休上班"],
  ["2026-02-14", "春节调休上班"],
  ["2026-02-28", "春节调休上班"],
  ["2026-05-09", "劳动节调休上班"],
  ["2026-09-20", "国庆节调休上班"],
  ["2026-10-10", "国庆节调休上班"],
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table calendar_day (
    day date primary key,
    working boolean not null,
    name text not null check (length(name) between 1 and 100),
    updated_by uuid references app_user(id),
    updated_at timestamptz not null default now()
  )`.execute(db);
  for (const [from, to, name] of HOLIDAYS) {
    await sql`insert into calendar_day (day, working, name)
      select d::date, false, ${name} from generate_series(${from}::date, ${to}::date, interval '1 day') as d`.execute(
      db,
    );
  }
  for (const [day, name] of MAKE_UP_DAYS)
    await sql`insert into calendar_day (day, working, name) values (${day}::date, true, ${name})`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
