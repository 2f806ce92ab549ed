import { sql, type Kysely } from "kysely";

// Scan batches kept on an app server's disk while the primary was away are written back once:
// each batch's id is recorded in the transaction that writes it (decision 022).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table scan_spool_batch (
    id uuid primary key,
    written_at timestamptz not null default now()
  )`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
