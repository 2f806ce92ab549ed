import { sql, type Kysely } from "kysely";

// Issue 13, items 7 and 8 (decision 015). A change of products names the one authorization it
// changes, so the regulator competent for that authorization decides it. Each change of a mark's
// protection area is kept with its document reference, for the public mark page.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table change_request add column authorization_id uuid references "authorization"(id)`.execute(db);
  await sql`create table mark_area_change (
    id uuid primary key default gen_random_uuid(),
    mark_id uuid not null references mark(id),
    added jsonb not null default '[]',
    removed jsonb not null default '[]',
    document_ref text not null,
    changed_by uuid references app_user(id),
    changed_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index mark_area_change_mark_idx on mark_area_change (mark_id, changed_at)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
