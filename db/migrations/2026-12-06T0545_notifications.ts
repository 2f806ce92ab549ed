import { sql, type Kysely } from "kysely";

// Issue "people hear what happened": an inbox per account, a mail queue in PostgreSQL that
// survives restarts (decision 046), each person's address, language and e-mail choices, and one
// row per scheduled job and day so the reminder job runs once per working day however many
// processes start it. Frozen once landed: never import app code.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table app_user
      add column email text check (email is null or char_length(email) <= 254),
      add column email_confirmed_at timestamptz,
      add column email_confirm_hash text,
      add column lang text not null default 'zh-CN' check (lang in ('zh-CN', 'en')),
      add column mail_opt_out text[] not null default '{}'`.execute(db);
  // A consumer who leaves an e-mail address with a report hears each change in the language they wrote in.
  await sql`
    alter table report add column contact_lang text not null default 'zh-CN' check (contact_lang in ('zh-CN', 'en'))`.execute(
    db,
  );
  await sql`
    create table notification (
      id uuid primary key default gen_random_uuid(),
      event_key text not null check (char_length(event_key) <= 200),
      user_id uuid not null references app_user(id),
      kind text not null check (char_length(kind) <= 60),
      params jsonb not null default '{}',
      link text not null check (char_length(link) <= 300),
      created_at timestamptz not null default now(),
      read_at timestamptz,
      unique (event_key, user_id)
    )`.execute(db);
  await sql`create index notification_inbox on notification (user_id, created_at desc)`.execute(db);
  await sql`
    create table mail_outbox (
      id uuid primary key default gen_random_uuid(),
      event_key text not null check (char_length(event_key) <= 200),
      recipient text not null check (char_length(recipient) <= 300),
      user_id uuid references app_user(id),
      to_address text not null check (char_length(to_address) <= 254),
      lang text not null check (lang in ('zh-CN', 'en')),
      kind text not null check (char_length(kind) <= 60),
      params jsonb not null default '{}',
      link text not null check (char_length(link) <= 300),
      state text not null default 'pending' check (state in ('pending', 'sending', 'sent', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_error text,
      sent_at timestamptz,
      created_at timestamptz not null default now(),
      unique (event_key, recipient)
    )`.execute(db);
  await sql`create index mail_outbox_due on mail_outbox (next_attempt_at) where state in ('pending', 'sending')`.execute(
    db,
  );
  await sql`
    create table job_run (
      job text not null check (char_length(job) <= 60),
      run_on date not null,
      started_at timestamptz not null default now(),
      finished_at timestamptz,
      summary jsonb,
      primary key (job, run_on)
    )`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
