import { sql, type Kysely } from "kysely";

// Change requests (变更): an enterprise proposes new registered particulars; a regulator decides.
// Each row keeps the version before and the version proposed, so every version stays on record.
const statements = [
  `create table change_request (
     id uuid primary key default gen_random_uuid(),
     enterprise_id uuid not null references enterprise(id),
     status text not null default 'pending' check (status in ('pending','approved','rejected')),
     before jsonb not null,
     proposed jsonb not null,
     reason text,
     requested_by uuid not null references app_user(id),
     requested_at timestamptz not null default now(),
     decided_by uuid references app_user(id),
     decided_at timestamptz,
     decision_comment text
   )`,
  `create index change_request_enterprise_idx on change_request (enterprise_id, requested_at)`,
  `create unique index change_request_one_pending on change_request (enterprise_id) where status = 'pending'`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
