import { sql, type Kysely } from "kysely";

// Platforms and regulators report suspicious online listings into the county's case queue beside
// consumer reports, and a county sends the platform a takedown request it answers through the
// API (decision 051). Frozen once landed: never import app code.
const STATEMENTS = [
  `alter table api_client drop constraint api_client_scopes_check`,
  `alter table api_client add constraint api_client_scopes_check check (
     scopes <@ array['registry.check','webhooks','listings.report','takedowns']::text[] and cardinality(scopes) > 0)`,
  `alter table report add column kind text not null default 'consumer' check (kind in ('consumer','listing'))`,
  `alter table report drop constraint report_problem_check`,
  `alter table report add constraint report_problem_check check (
     problem in ('fake_label','wrong_information','quality','reused_label','other','unauthorized_listing'))`,
  `create table listing_report (
     report_id uuid primary key references report(id),
     platform text not null check (char_length(platform) between 1 and 100),
     shop_name text not null check (char_length(shop_name) between 1 and 200),
     seller_uscc text check (seller_uscc is null or seller_uscc ~ '^[0-9A-Z]{18}$'),
     listing_url text not null check (char_length(listing_url) between 1 and 2000),
     -- The platform the case concerns: the client that filed it, or the one a regulator named.
     client_id uuid references api_client(id),
     filed_by_client boolean not null,
     filed_by_user_id uuid references app_user(id),
     register_finding text not null check (register_finding in ('authorized','unauthorized','exited','not_checked')),
     register_status text,
     register_until date,
     check (filed_by_client = (filed_by_user_id is null)),
     check (not filed_by_client or client_id is not null)
   )`,
  `create index listing_report_client_idx on listing_report (client_id)`,
  `create table takedown_request (
     id uuid primary key default gen_random_uuid(),
     report_id uuid not null references report(id),
     client_id uuid not null references api_client(id),
     legal_basis text not null check (legal_basis in
       ('trademark_law_art57','e_commerce_law_art29','gi_special_mark_measures','gi_product_protection_measures')),
     evidence text not null check (char_length(evidence) between 1 and 4000),
     status text not null default 'pending' check (status in ('pending','removed','refused')),
     answer_note text check (answer_note is null or char_length(answer_note) <= 2000),
     requested_by uuid not null references app_user(id),
     requested_at timestamptz not null default now(),
     answered_at timestamptz,
     check ((status = 'pending') = (answered_at is null)),
     check (status <> 'refused' or char_length(answer_note) > 0)
   )`,
  `create index takedown_request_client_idx on takedown_request (client_id, status, requested_at)`,
  `create index takedown_request_report_idx on takedown_request (report_id)`,
  // One open request per case and platform: a double click or a second tab cannot send two.
  `create unique index takedown_request_one_pending on takedown_request (report_id, client_id) where status = 'pending'`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
