import { sql, type Kysely } from "kysely";

// "authorization" is a reserved word in PostgreSQL: quoted here; Kysely always quotes.
// The register: authorizations (one enterprise × one mark × one legal route), their
// append-only event history, announcements and uploaded documents.
const statements = [
  `alter table mark add column trademark_valid_until date`,
  `create table document (
     id uuid primary key default gen_random_uuid(),
     kind text not null check (kind in ('business_licence','inspection_report','licence_contract','site_photo','site_check_report','quality_requirements','other')),
     original_name text not null,
     stored_name text not null unique,
     content_type text not null check (content_type in ('application/pdf','image/jpeg','image/png')),
     size_bytes integer not null check (size_bytes > 0 and size_bytes <= 10485760),
     sha256 text not null,
     uploaded_by uuid references app_user(id),
     enterprise_id uuid references enterprise(id),
     created_at timestamptz not null default now()
   )`,

  `create table announcement (
     id uuid primary key default gen_random_uuid(),
     number text not null unique,
     title text not null,
     division_code text not null references division(code),
     status text not null default 'draft' check (status in ('draft','published')),
     published_on date,
     created_by uuid not null references app_user(id),
     published_by uuid references app_user(id),
     created_at timestamptz not null default now(),
     published_at timestamptz
   )`,

  `create table "authorization" (
     id uuid primary key default gen_random_uuid(),
     enterprise_id uuid not null references enterprise(id),
     mark_id uuid not null references mark(id),
     route text not null check (route in ('gi_product','collective_member','certification_licensee')),
     status text not null default 'draft' check (status in (
       'draft','submitted','accepted','not_accepted','returned','reviewed','approved','rejected',
       'active','rectifying','suspended','cancelled','withdrawn','expired')),
     township_code text not null references division(code),
     products text not null,
     annual_output text not null,
     label_manager_name text not null,
     label_manager_phone text not null,
     licence_filing_no text,
     licence_filing_date date,
     licence_start date,
     licence_end date,
     submitted_at timestamptz,
     review_due_on date,
     recommendation text,
     site_check_document_id uuid references document(id),
     active_from date,
     exited_on date,
     exit_reason text check (exit_reason in ('non_conforming','unused_24_months','licence_expired','deregistered','voluntary','violation','failed_inspection')),
     rectify_deadline date,
     entry_announcement_id uuid references announcement(id),
     exit_announcement_id uuid references announcement(id),
     pending_announcement_id uuid references announcement(id),
     version integer not null default 1,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now()
   )`,
  `create index authorization_enterprise_idx on "authorization" (enterprise_id)`,
  `create index authorization_mark_status_idx on "authorization" (mark_id, status)`,

  `create table authorization_document (
     authorization_id uuid not null references "authorization"(id),
     document_id uuid not null references document(id),
     primary key (authorization_id, document_id)
   )`,

  // Append-only history: every transition with who, when, why, document reference and the
  // date it takes effect. "Was X authorized for Y on D?" is answered from here.
  `create table authorization_event (
     id bigint generated always as identity primary key,
     authorization_id uuid not null references "authorization"(id),
     at timestamptz not null default now(),
     effective_on date not null,
     actor_user_id uuid references app_user(id),
     action text not null,
     from_status text,
     to_status text not null,
     comment text,
     document_ref text,
     announcement_id uuid references announcement(id),
     snapshot jsonb
   )`,
  `create index authorization_event_auth_idx on authorization_event (authorization_id, effective_on, id)`,
  `create function authorization_event_refuse_change() returns trigger language plpgsql as $$
   begin
     raise exception 'authorization_event is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
   end $$`,
  `create trigger authorization_event_no_change before update or delete on authorization_event
     for each row execute function authorization_event_refuse_change()`,

  // Flags are raised for a person to decide; nothing exits automatically.
  `create table flag (
     id uuid primary key default gen_random_uuid(),
     kind text not null,
     authorization_id uuid references "authorization"(id),
     enterprise_id uuid references enterprise(id),
     division_code text not null references division(code),
     detail jsonb,
     raised_at timestamptz not null default now(),
     resolved_at timestamptz,
     resolved_by uuid references app_user(id),
     resolution text
   )`,
  `create unique index flag_open_once on flag (kind, authorization_id) where resolved_at is null`,

  `create table mark_printer (
     mark_id uuid not null references mark(id),
     printer_id uuid not null references printer(id),
     primary key (mark_id, printer_id)
   )`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
