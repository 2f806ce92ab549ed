import { sql, type Kysely } from "kysely";

// A takedown request is withdrawn when its case closes or its platform's client is revoked
// (decision 051): a legal notice must not outlive the case that sent it. Frozen once landed.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table takedown_request drop constraint takedown_request_status_check`.execute(db);
  await sql`alter table takedown_request add constraint takedown_request_status_check
    check (status in ('pending', 'removed', 'refused', 'withdrawn'))`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
