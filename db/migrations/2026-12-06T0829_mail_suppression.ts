import { sql, type Kysely } from "kysely";

// A consumer who left an address with a report can stop the mails about it from the link in each
// one, without an account (decision 052). Only a hash of the address is kept: the list must not
// become a second copy of people's addresses. Frozen once landed: never import app code.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table mail_suppression (
      address_hash text primary key check (char_length(address_hash) = 64),
      created_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
