import { sql, type Kysely } from "kysely";

// A label order remembers the key its form was sent with (derived per person, as reports do), so a
// double click or a resent form finds the order it already made instead of ordering twice.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table label_order add column submission_key uuid unique`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
