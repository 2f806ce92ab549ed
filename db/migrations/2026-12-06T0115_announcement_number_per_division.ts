import { sql, type Kysely } from "kysely";

// Issue 13: announcement numbers were unique across the country, so one county could publish
// "安化县公告〔2026〕第 1 号" first and 安化 could no longer use its own number. A number is
// unique within the division that publishes it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table announcement drop constraint announcement_number_key`.execute(db);
  await sql`alter table announcement add constraint announcement_division_number_key unique (division_code, number)`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
