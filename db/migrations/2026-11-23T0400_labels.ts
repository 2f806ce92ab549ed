import { sql, type Kysely } from "kysely";

// The label ledger: orders, one row per label (16-byte code), product batches, and an
// append-only ledger of every step by serial range.
const statements = [
  `create table label_serial_counter (
     mark_id uuid not null references mark(id),
     year integer not null,
     next_serial bigint not null default 1,
     primary key (mark_id, year)
   )`,
  `create table label_order (
     id uuid primary key default gen_random_uuid(),
     authorization_id uuid not null references "authorization"(id),
     enterprise_id uuid not null references enterprise(id),
     mark_id uuid not null references mark(id),
     printer_id uuid references printer(id),
     quantity_requested integer not null check (quantity_requested between 1 and 10000000),
     quantity_approved integer check (quantity_approved >= 0),
     template text not null,
     intended_products text not null,
     status text not null default 'submitted' check (status in ('submitted','approved','rejected','issued','shipped','received')),
     decision_reason text,
     serial_year integer,
     serial_from bigint,
     serial_to bigint,
     issued_count integer not null default 0,
     printed_count integer,
     spoiled_count integer,
     received_count integer,
     version integer not null default 1,
     created_by uuid not null references app_user(id),
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now()
   )`,
  `create index label_order_enterprise_idx on label_order (enterprise_id, created_at)`,
  `create index label_order_printer_idx on label_order (printer_id, status)`,
  `create table product_batch (
     id uuid primary key default gen_random_uuid(),
     enterprise_id uuid not null references enterprise(id),
     authorization_id uuid not null references "authorization"(id),
     product text not null,
     specification text,
     batch_no text not null,
     production_date date not null,
     quantity integer not null check (quantity > 0),
     inspection_document_id uuid references document(id),
     created_by uuid not null references app_user(id),
     created_at timestamptz not null default now(),
     unique (enterprise_id, batch_no)
   )`,
  // The code itself is the key: verification looks labels up by it, and a distributed
  // deployment can shard labels by it (see docs/decisions).
  `create table label (
     code bytea primary key check (octet_length(code) = 16),
     order_id uuid not null references label_order(id),
     mark_id uuid not null references mark(id),
     serial_year integer not null,
     serial bigint not null,
     status text not null default 'issued' check (status in ('issued','printed','spoiled','received','collected','voided')),
     batch_id uuid references product_batch(id),
     void_reason text,
     updated_at timestamptz not null default now(),
     unique (mark_id, serial_year, serial)
   )`,
  `create index label_order_serial_idx on label (order_id, serial)`,
  `create index label_batch_idx on label (batch_id) where batch_id is not null`,
  `create table label_ledger (
     id bigint generated always as identity primary key,
     order_id uuid not null references label_order(id),
     at timestamptz not null default now(),
     actor_user_id uuid references app_user(id),
     action text not null check (action in ('order','approve','reject','issue','print','spoil','ship','receive','collect','void')),
     serial_from bigint,
     serial_to bigint,
     count integer not null default 0,
     batch_id uuid references product_batch(id),
     reason text
   )`,
  `create index label_ledger_order_idx on label_ledger (order_id, id)`,
  `create function label_ledger_refuse_change() returns trigger language plpgsql as $$
   begin
     raise exception 'label_ledger is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
   end $$`,
  `create trigger label_ledger_no_change before update or delete on label_ledger
     for each row execute function label_ledger_refuse_change()`,
  `alter table mark add column serial_prefix text check (serial_prefix ~ '^[A-Z0-9]{2,8}$')`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
