import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here; fix forward with a new migration.
const statements = [
  `create table app_meta (
     key text primary key,
     value text not null,
     updated_at timestamptz not null default now()
   )`,

  // GB/T 2260 divisions down to township level, loaded from a versioned dataset.
  `create table division (
     code text primary key check (code ~ '^[0-9]{6}([0-9]{3})?$'),
     name text not null,
     full_name text not null,
     level text not null check (level in ('province','city','county','township')),
     parent_code text references division(code),
     data_version text not null
   )`,
  `create index division_parent_idx on division (parent_code)`,
  `create index division_code_prefix_idx on division (code text_pattern_ops)`,
  `create index division_name_idx on division (name text_pattern_ops)`,

  `create table enterprise (
     id uuid primary key default gen_random_uuid(),
     uscc text not null unique check (uscc ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-Z]{9}[0-9A-HJ-NPQRTUWXY]$'),
     name text not null check (length(name) between 2 and 200),
     legal_representative text,
     address text,
     division_code text not null references division(code),
     contact_name text,
     contact_phone text,
     org_code_check_failed boolean not null default false,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now()
   )`,
  `create index enterprise_division_idx on enterprise (division_code text_pattern_ops)`,

  `create table printer (
     id uuid primary key default gen_random_uuid(),
     name text not null,
     uscc text unique,
     division_code text not null references division(code),
     created_at timestamptz not null default now()
   )`,

  `create table app_user (
     id uuid primary key default gen_random_uuid(),
     username text not null unique check (username = lower(username)),
     display_name text not null,
     password_hash text not null,
     role text not null check (role in ('admin','regulator','enterprise','printer')),
     division_code text references division(code),
     is_approver boolean not null default false,
     enterprise_id uuid references enterprise(id),
     printer_id uuid references printer(id),
     is_demo boolean not null default false,
     disabled_at timestamptz,
     password_changed_at timestamptz not null default now(),
     created_at timestamptz not null default now(),
     constraint app_user_binding check (
       (role = 'admin' and division_code is null and enterprise_id is null and printer_id is null)
       or (role = 'regulator' and division_code is not null and enterprise_id is null and printer_id is null)
       or (role = 'enterprise' and enterprise_id is not null and division_code is null and printer_id is null and not is_approver)
       or (role = 'printer' and printer_id is not null and division_code is null and enterprise_id is null and not is_approver)
     )
   )`,
  `create index app_user_enterprise_idx on app_user (enterprise_id)`,

  // The cookie carries a random token; only its keyed hash is stored here.
  `create table user_session (
     id text primary key,
     user_id uuid not null references app_user(id),
     created_at timestamptz not null default now(),
     last_seen_at timestamptz not null default now(),
     expires_at timestamptz not null,
     revoked_at timestamptz,
     revoked_reason text,
     ip_network text,
     user_agent text
   )`,
  `create index user_session_user_idx on user_session (user_id) where revoked_at is null`,

  `create table mark (
     id uuid primary key default gen_random_uuid(),
     slug text not null unique check (slug ~ '^[a-z0-9-]{2,64}$'),
     name text not null,
     kind text not null check (kind in ('gi_product','collective_mark','certification_mark','regional_brand')),
     division_code text not null references division(code),
     legal_basis text,
     standard_code text,
     registrant text,
     approving_level text not null default 'county' check (approving_level in ('county','province')),
     review_working_days integer not null default 10 check (review_working_days between 1 and 120),
     quality_requirements text,
     target_users integer check (target_users >= 0),
     target_year integer,
     scan_warn_threshold integer not null default 5 check (scan_warn_threshold >= 1),
     print_orders_need_approval boolean not null default true,
     annual_label_quota integer check (annual_label_quota >= 0),
     allow_self_print boolean not null default false,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now()
   )`,
  `create table mark_area (
     mark_id uuid not null references mark(id),
     division_code text not null references division(code),
     primary key (mark_id, division_code)
   )`,

  // Append-only, hash-chained audit log. seq is dense; the chain is walked in seq order.
  `create table audit_entry (
     seq bigint primary key,
     at timestamptz not null,
     actor_user_id uuid,
     actor_label text not null,
     action text not null,
     entity_type text not null,
     entity_id text,
     before jsonb,
     after jsonb,
     reason text,
     prev_hash text not null,
     hash text not null unique
   )`,
  `create index audit_entry_entity_idx on audit_entry (entity_type, entity_id)`,
  `create index audit_entry_actor_idx on audit_entry (actor_user_id)`,
  `create index audit_entry_at_idx on audit_entry (at)`,
  `create function audit_entry_refuse_change() returns trigger language plpgsql as $$
   begin
     raise exception 'audit_entry is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
   end $$`,
  `create trigger audit_entry_no_update before update or delete on audit_entry
     for each row execute function audit_entry_refuse_change()`,
  `create trigger audit_entry_no_truncate before truncate on audit_entry
     for each statement execute function audit_entry_refuse_change()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
