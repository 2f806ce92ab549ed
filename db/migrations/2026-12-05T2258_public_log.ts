import { sql, type Kysely } from "kysely";

// The public transparency log (issue 16, decision 017): leaves, the tile hashes above them,
// signed checkpoints, cosignatures, witness state, each issued order's code-tree chunk hashes, and
// a queue that triggers fill in the transaction of every public fact. Existing facts are queued
// here in the order they happened, so a database from before the log gets its history logged.
const statements = [
  `create table log_leaf (
     idx bigint primary key check (idx >= 0),
     kind text not null,
     ref text not null,
     data bytea not null check (length(data) <= 65535),
     hash bytea not null check (length(hash) = 32),
     logged_at timestamptz not null default now(),
     unique (kind, ref)
   )`,
  // Hashes at tile levels 1, 2…: level L, index i = MTH of leaves [i·256^L, (i+1)·256^L).
  `create table log_node (
     level smallint not null check (level between 1 and 63),
     idx bigint not null check (idx >= 0),
     hash bytea not null check (length(hash) = 32),
     primary key (level, idx)
   )`,
  `create table log_checkpoint (
     size bigint primary key check (size >= 0),
     root bytea not null check (length(root) = 32),
     note text not null,
     signed_at timestamptz not null default now()
   )`,
  // Cosignatures witnesses returned for our checkpoints (one line per witness and checkpoint).
  `create table log_cosignature (
     size bigint not null references log_checkpoint(size),
     witness text not null,
     line text not null,
     received_at timestamptz not null default now(),
     primary key (size, witness)
   )`,
  // As a witness: the latest checkpoint cosigned for each log we witness (tlog-witness).
  `create table log_witnessed (
     origin text primary key,
     size bigint not null,
     root bytea not null,
     note text not null,
     updated_at timestamptz not null default now()
   )`,
  // Each issued order's code tree: the hashes of its 256-code chunks (the last one partial).
  `create table log_batch (
     order_id uuid primary key references label_order(id),
     size integer not null check (size > 0),
     chunk_hashes bytea not null
   )`,
  `create table log_pending (
     id bigserial primary key,
     kind text not null,
     ref text not null,
     xact bigint not null default txid_current(),
     queued_at timestamptz not null default now()
   )`,
  `create index log_pending_xact_idx on log_pending (xact)`,

  // Leaves, tile hashes and signed checkpoints are never changed or removed.
  `create function log_refuse_change() returns trigger language plpgsql as $$
   begin
     raise exception '% is append-only (% refused)', tg_table_name, tg_op using errcode = 'insufficient_privilege';
   end $$`,
  ...["log_leaf", "log_node", "log_checkpoint"].flatMap((t) => [
    `create trigger ${t}_no_change before update or delete on ${t} for each row execute function log_refuse_change()`,
    `create trigger ${t}_no_truncate before truncate on ${t} for each statement execute function log_refuse_change()`,
  ]),

  // The queue: every public fact, in the transaction that records it.
  `create function log_queue_fact() returns trigger language plpgsql as $$
   begin
     insert into log_pending (kind, ref) values (tg_argv[0], new.id::text);
     return null;
   end $$`,
  `create trigger authorization_event_to_log after insert on authorization_event for each row
     when (new.action in ('activate','order_rectification','restore','suspend','cancel','withdraw','expire','announce_exit'))
     execute function log_queue_fact('register')`,
  `create trigger announcement_to_log after insert on announcement for each row
     when (new.status = 'published') execute function log_queue_fact('announcement')`,
  `create trigger announcement_published_to_log after update of status on announcement for each row
     when (new.status = 'published' and old.status <> 'published') execute function log_queue_fact('announcement')`,
  `create trigger label_order_to_log after update of status on label_order for each row
     when (new.status = 'issued' and old.status <> 'issued') execute function log_queue_fact('label_order')`,
  `create trigger label_ledger_to_log after insert on label_ledger for each row
     when (new.action in ('print','spoil','collect','void')) execute function log_queue_fact('ledger')`,
  `create trigger inspection_to_log after insert on inspection for each row
     execute function log_queue_fact('inspection')`,

  // History from before the log, oldest first.
  `insert into log_pending (kind, ref)
   select kind, ref from (
     select 'register' as kind, ev.id::text as ref, ev.at as at, 1 as k, ev.id::text as tie
       from authorization_event ev
      where ev.action in ('activate','order_rectification','restore','suspend','cancel','withdraw','expire','announce_exit')
     union all
     select 'announcement', a.id::text, coalesce(a.published_at, a.created_at), 0, a.number
       from announcement a where a.status = 'published'
     union all
     select 'label_order', o.id::text, l.at, 2, o.id::text
       from label_order o join label_ledger l on l.order_id = o.id and l.action = 'issue'
     union all
     select 'ledger', l.id::text, l.at, 3, lpad(l.id::text, 20, '0')
       from label_ledger l where l.action in ('print','spoil','collect','void')
     union all
     select 'inspection', i.id::text, i.created_at, 4, i.number from inspection i
   ) facts
   order by at, k, tie`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
