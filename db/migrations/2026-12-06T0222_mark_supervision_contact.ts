import { sql, type Kysely } from "kysely";

// Issue 14 item 11: the scan page names the authority that supervises each mark and its public
// hotline, so a consumer can tell the real page from a clone and knows whom to call.
// Frozen once landed: never import app code.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table mark add column supervising_authority text check (char_length(supervising_authority) <= 200)`.execute(
    db,
  );
  await sql`alter table mark add column hotline text check (hotline ~ '^[0-9+() -]{3,40}$')`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
