import { sql, type Kysely } from "kysely";

// Oversight (issue #6): anomaly alerts share the flag queue (decision 008), the scan log gets the
// rollups the dashboard and the alert job read, and the registers of annual usage reports and
// double-random inspection campaigns.
const statements = [
  // Alerts are flags. Scan alerts are about a code or a network (the subject), and one that cannot
  // be placed in a division (an unknown code) belongs to no division.
  `alter table flag alter column division_code drop not null`,
  `alter table flag add column subject text`,
  `alter table flag add column mark_id uuid references mark(id)`,
  `alter table flag add column occurrences integer not null default 1 check (occurrences >= 1)`,
  `alter table flag add column last_seen_at timestamptz`,
  `alter table flag add column acknowledged_at timestamptz`,
  `alter table flag add column acknowledged_by uuid references app_user(id)`,
  `drop index flag_open_once`,
  `create unique index flag_open_once on flag (kind, authorization_id) where resolved_at is null and subject is null`,
  `create unique index flag_open_subject on flag (kind, subject) where resolved_at is null and subject is not null`,
  `create index flag_queue_idx on flag (raised_at) where resolved_at is null`,
  `create index flag_authorization_idx on flag (authorization_id)`,

  // The alert job reads new scans by id range. A BRIN index is a few pages per partition and costs
  // the scan log's writes nothing: new rows land in unsummarised ranges, which are always read.
  `create index scan_id_brin on scan using brin (id)`,
  // Scans per Shanghai day, mark, county of the label's user and verdict, added by the alert job
  // exactly once per scan. mark_id is the nil uuid and county_code '' for codes nobody issued.
  `create table scan_daily (
     day date not null,
     mark_id uuid not null,
     county_code text not null,
     verdict text not null,
     scans bigint not null check (scans > 0),
     primary key (day, mark_id, county_code, verdict)
   )`,
  // Not-found scans per network and five-minute bucket, for burst alerts; kept for a day.
  `create table scan_window (
     network text not null,
     bucket timestamptz not null,
     not_found integer not null,
     primary key (network, bucket)
   )`,

  // 年度使用报告: one per authorization and year; label figures are copied from the ledger at filing.
  `create table annual_report (
     id uuid primary key default gen_random_uuid(),
     authorization_id uuid not null references "authorization"(id),
     enterprise_id uuid not null references enterprise(id),
     mark_id uuid not null references mark(id),
     year integer not null check (year between 2000 and 2100),
     labels_collected integer not null check (labels_collected >= 0),
     labels_voided integer not null check (labels_voided >= 0),
     output_quantity numeric(14,2) not null check (output_quantity >= 0),
     output_unit text not null check (length(output_unit) between 1 and 10),
     sales_amount numeric(14,2) not null check (sales_amount >= 0),
     markets text not null check (length(markets) between 1 and 500),
     note text check (note is null or length(note) <= 1000),
     due_on date not null,
     filed_by uuid not null references app_user(id),
     filed_at timestamptz not null default now(),
     amended_at timestamptz,
     version integer not null default 1,
     unique (authorization_id, year)
   )`,
  `create index annual_report_year_idx on annual_report (year, mark_id)`,

  // 双随机一公开: a campaign records its seed, the population it drew from and the inspector pool,
  // so anyone can run the draw again and get the same targets and inspectors.
  `create table inspection (
     id uuid primary key default gen_random_uuid(),
     number text not null unique,
     title text not null check (length(title) between 1 and 200),
     division_code text not null references division(code),
     sample_size integer check (sample_size > 0),
     sample_ratio numeric(5,4) check (sample_ratio > 0 and sample_ratio <= 1),
     inspectors_per_target integer not null check (inspectors_per_target between 1 and 5),
     seed text not null check (seed ~ '^[0-9A-Za-z_-]{4,64}$'),
     population jsonb not null,
     pool jsonb not null,
     created_by uuid not null references app_user(id),
     created_at timestamptz not null default now(),
     -- One per form shown: a double click or a resent form finds the first campaign, not a second draw.
     submission_key uuid unique,
     check ((sample_size is null) <> (sample_ratio is null))
   )`,
  `create index inspection_division_idx on inspection (division_code text_pattern_ops)`,
  `create table inspection_mark (
     inspection_id uuid not null references inspection(id),
     mark_id uuid not null references mark(id),
     primary key (inspection_id, mark_id)
   )`,
  `create table inspection_target (
     id uuid primary key default gen_random_uuid(),
     inspection_id uuid not null references inspection(id),
     position integer not null check (position >= 1),
     authorization_id uuid not null references "authorization"(id),
     enterprise_id uuid not null references enterprise(id),
     result text check (result in ('conforming','non_conforming')),
     failed_items jsonb,
     note text check (note is null or length(note) <= 2000),
     rectify_deadline date,
     inspected_on date,
     recorded_by uuid references app_user(id),
     recorded_at timestamptz,
     unique (inspection_id, position),
     unique (inspection_id, authorization_id),
     check ((result is null) = (recorded_at is null)),
     check (result is distinct from 'non_conforming' or rectify_deadline is not null)
   )`,
  `create index inspection_target_authorization_idx on inspection_target (authorization_id)`,
  `create table inspection_inspector (
     target_id uuid not null references inspection_target(id),
     user_id uuid not null references app_user(id),
     position integer not null check (position >= 1),
     primary key (target_id, user_id)
   )`,
  `create index inspection_inspector_user_idx on inspection_inspector (user_id)`,
  `create table inspection_photo (
     target_id uuid not null references inspection_target(id),
     document_id uuid not null references document(id),
     position integer not null check (position between 1 and 3),
     primary key (target_id, position)
   )`,
  `alter table document drop constraint document_kind_check`,
  `alter table document add constraint document_kind_check check (kind in ('business_licence','inspection_report','licence_contract','site_photo','site_check_report','quality_requirements','report_photo','inspection_photo','other'))`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
