import { sql, type Kysely } from "kysely";

// Credit events (信用记录): entries on 经营异常名录, 严重违法失信名单 and administrative penalties,
// recorded by hand or imported, keyed by the credit code so they can arrive before the enterprise
// registers here. One row per list entry (its document number).
const statements = [
  `create table credit_event (
     id uuid primary key default gen_random_uuid(),
     uscc text not null check (uscc ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
     enterprise_id uuid references enterprise(id),
     list text not null check (list in ('abnormal_operation','serious_dishonesty','administrative_penalty')),
     decided_on date not null,
     authority text not null check (length(authority) between 1 and 100),
     document_no text not null check (length(document_no) between 1 and 100),
     reason text not null check (length(reason) between 1 and 1000),
     source text not null check (source in ('manual','import')),
     created_by uuid not null references app_user(id),
     created_at timestamptz not null default now(),
     unique (uscc, list, document_no)
   )`,
  `create index credit_event_enterprise_idx on credit_event (enterprise_id) where enterprise_id is not null`,
  `create index credit_event_uscc_idx on credit_event (uscc)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
