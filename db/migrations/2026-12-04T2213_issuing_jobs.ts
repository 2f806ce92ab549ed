import { sql, type Kysely } from "kysely";

// Issuing jobs (decision 012): an approved order's codes are issued by whichever live process
// claims the job; a failed or interrupted attempt is retried with backoff, and the order page
// shows the job's state. Orders approved before this migration and still without codes get one.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table issuing_job (
    order_id uuid primary key references label_order(id),
    state text not null default 'pending' check (state in ('pending', 'running', 'retrying', 'done')),
    attempts integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    claimed_by text,
    heartbeat_at timestamptz,
    done_count integer not null default 0,
    last_error text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index issuing_job_due_idx on issuing_job (next_attempt_at) where state <> 'done'`.execute(db);
  await sql`insert into issuing_job (order_id) select id from label_order where status = 'approved'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
