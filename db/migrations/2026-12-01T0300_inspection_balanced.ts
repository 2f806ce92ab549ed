import { sql, type Kysely } from "kysely";

// Inspector assignment balanced across the pool (decision 009). Campaigns drawn before keep the
// rule they were drawn with, so their re-run still matches what was published.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table inspection add column assignment text not null default 'independent' check (assignment in ('independent', 'balanced'))`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
