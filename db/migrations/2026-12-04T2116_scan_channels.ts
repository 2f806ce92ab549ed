import { sql, type Kysely } from "kysely";

// Link previews and crawlers are logged too, as channel 'preview' (decision 014, issue 13 item 13).
// Every existing row passed the stricter rule, so the new one is added NOT VALID: new rows are
// checked at once, and no full scan of the scan log runs under this transaction's exclusive lock.
// `alter table scan validate constraint scan_channel_check` may be run at any time (it does not
// block inserts) to mark it validated.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table scan drop constraint scan_channel_check`.execute(db);
  await sql`alter table scan add constraint scan_channel_check check (channel in ('page', 'api', 'preview')) not valid`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
