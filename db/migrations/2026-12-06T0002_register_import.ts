import { sql, type Kysely } from "kysely";

// Importing an existing register (issue 17): each imported file is kept with its SHA-256 (one
// import per file, ever), and the events it writes name it as their source. Frozen once landed:
// never import app code.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table register_import (
    id uuid primary key default gen_random_uuid(),
    file_name text not null,
    sha256 text not null unique check (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes integer not null check (size_bytes > 0),
    content bytea not null,
    imported_by uuid not null references app_user(id),
    imported_at timestamptz not null default now(),
    summary jsonb not null
  )`.execute(db);
  await sql`alter table authorization_event add column import_id uuid references register_import(id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
