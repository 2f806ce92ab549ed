import { sql, type Kysely } from "kysely";

// Public verification: the scan log (partitioned by month, Asia/Shanghai), a per-code tally the
// scan page reads in its one lookup, and consumer reports (举报) with their history and photos.
const statements = [
  `create sequence scan_id_seq`,
  // Keyed by code, not by label: well-formed unknown codes are logged and counted too.
  `create table scan (
     id bigint not null default nextval('scan_id_seq'),
     scanned_at timestamptz not null,
     code bytea check (code is null or octet_length(code) = 16),
     raw_input text check (raw_input is null or length(raw_input) <= 64),
     mark_id uuid,
     enterprise_id uuid,
     verdict text not null check (verdict in ('genuine','genuine_exited','not_activated','voided','suspended_user','not_found','invalid')),
     channel text not null check (channel in ('page','api')),
     network text not null,
     user_agent text check (user_agent is null or length(user_agent) <= 200),
     ref text,
     latitude numeric(5,2) check (latitude between -90 and 90),
     longitude numeric(5,2) check (longitude between -180 and 180)
   ) partition by range (scanned_at)`,
  // No primary key on purpose: nothing refers to a scan row, and every index is paid for on the
  // hot path's writes. Scans are found by code or by mark and time.
  `alter sequence scan_id_seq owned by scan.id`,
  `create index scan_code_idx on scan (code, scanned_at)`,
  `create index scan_mark_idx on scan (mark_id, scanned_at)`,
  `create table scan_default partition of scan default`,
  // Creates the month partitions from months_back before to months_ahead after the current
  // month; rows that landed in the default partition for such a month are moved into it.
  `create function ensure_scan_partitions(months_back integer, months_ahead integer) returns integer
   language plpgsql as $$
   declare
     this_month date := date_trunc('month', now() at time zone 'Asia/Shanghai')::date;
     m date;
     lo timestamptz;
     hi timestamptz;
     part text;
     created integer := 0;
   begin
     for i in -months_back..months_ahead loop
       m := (this_month + make_interval(months => i))::date;
       part := 'scan_p' || to_char(m, 'YYYYMM');
       continue when to_regclass(part) is not null;
       lo := m::timestamp at time zone 'Asia/Shanghai';
       hi := (m + interval '1 month')::timestamp at time zone 'Asia/Shanghai';
       if exists (select 1 from scan_default where scanned_at >= lo and scanned_at < hi) then
         alter table scan detach partition scan_default;
         execute format('create table %I partition of scan for values from (%L) to (%L)', part, lo, hi);
         execute format('insert into %I select * from scan_default where scanned_at >= %L and scanned_at < %L', part, lo, hi);
         delete from scan_default where scanned_at >= lo and scanned_at < hi;
         alter table scan attach partition scan_default default;
       else
         execute format('create table %I partition of scan for values from (%L) to (%L)', part, lo, hi);
       end if;
       created := created + 1;
     end loop;
     return created;
   end $$`,
  `select ensure_scan_partitions(1, 3)`,
  `create table scan_tally (
     code bytea primary key check (octet_length(code) = 16),
     scan_count bigint not null check (scan_count > 0),
     first_scanned_at timestamptz not null,
     last_scanned_at timestamptz not null
   )`,
  `alter table document drop constraint document_kind_check`,
  `alter table document add constraint document_kind_check check (kind in ('business_licence','inspection_report','licence_contract','site_photo','site_check_report','quality_requirements','report_photo','other'))`,
  `create table report (
     id uuid primary key default gen_random_uuid(),
     ticket text not null unique,
     -- One per form shown: a double click or a resent form finds the first report, not a second.
     submission_key uuid unique,
     code bytea check (code is null or octet_length(code) = 16),
     code_input text not null check (length(code_input) <= 64),
     mark_id uuid references mark(id),
     enterprise_id uuid references enterprise(id),
     division_code text not null,
     problem text not null check (problem in ('fake_label','wrong_information','quality','reused_label','other')),
     description text not null check (length(description) <= 2000),
     place_kind text not null check (place_kind in ('shop','online')),
     place text not null check (length(place) <= 500),
     contact text check (contact is null or length(contact) <= 100),
     status text not null default 'received' check (status in ('received','assigned','investigating','closed')),
     assignee_id uuid references app_user(id),
     outcome text check (outcome in ('confirmed_fake','not_substantiated','transferred')),
     outcome_note text,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now(),
     closed_at timestamptz,
     version integer not null default 1,
     check ((status = 'closed') = (outcome is not null))
   )`,
  `create index report_queue_idx on report (division_code, status, created_at)`,
  `create index report_code_idx on report (code) where code is not null`,
  `create table report_photo (
     report_id uuid not null references report(id),
     document_id uuid not null references document(id),
     position integer not null check (position between 1 and 3),
     primary key (report_id, position)
   )`,
  `create table report_event (
     id bigint generated always as identity primary key,
     report_id uuid not null references report(id),
     at timestamptz not null default now(),
     actor_user_id uuid references app_user(id),
     action text not null check (action in ('receive','assign','investigate','close')),
     from_status text,
     to_status text not null,
     note text
   )`,
  `create index report_event_report_idx on report_event (report_id, id)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
