import { sql, type Kysely } from "kysely";

// Issue item 17: a refused form kept no files. The files that were acceptable are kept as drafts
// of the person's form (their account and session), listed on the re-rendered form and moved
// into `document` only with the change they support (decision 016). Drafts expire.
// Frozen once landed: never import app code.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table upload_draft (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references app_user(id),
      session_id text not null,
      form text not null check (char_length(form) <= 40),
      field text not null check (char_length(field) <= 40),
      original_name text not null check (char_length(original_name) <= 200),
      stored_name text not null unique,
      content_type text not null check (content_type in ('application/pdf', 'image/jpeg', 'image/png')),
      size_bytes integer not null check (size_bytes > 0),
      sha256 text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index upload_draft_owner on upload_draft (user_id, session_id, form)`.execute(db);
  await sql`create index upload_draft_created on upload_draft (created_at)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
