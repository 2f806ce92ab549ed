import { sql, type Kysely } from "kysely";

// Platforms enforce with us (decision 047): API clients with hashed tokens, webhook subscriptions,
// and a queue of register changes filled by triggers in the transaction that makes the change, so
// no change is lost and none is sent from a request. Frozen once landed: never import app code.
const STATEMENTS = [
  `create table api_client (
     id uuid primary key default gen_random_uuid(),
     name text not null check (char_length(name) between 1 and 200),
     contact text not null check (char_length(contact) between 1 and 200),
     scopes text[] not null check (scopes <@ array['registry.check','webhooks']::text[] and cardinality(scopes) > 0),
     mark_ids uuid[],
     token_hash bytea not null unique,
     token_hint text not null,
     webhook_secret text not null,
     created_by uuid references app_user(id),
     created_at timestamptz not null default now(),
     rotated_at timestamptz,
     revoked_at timestamptz
   )`,
  `create table webhook_subscription (
     id uuid primary key default gen_random_uuid(),
     client_id uuid not null references api_client(id),
     mark_id uuid references mark(id),
     url text not null check (char_length(url) <= 2000),
     created_at timestamptz not null default now(),
     removed_at timestamptz
   )`,
  `create index webhook_subscription_client_idx on webhook_subscription (client_id)`,
  `create table webhook_event (
     id bigint generated always as identity primary key,
     type text not null,
     mark_id uuid not null references mark(id),
     authorization_id uuid references "authorization"(id),
     data jsonb not null,
     created_at timestamptz not null default now()
   )`,
  `create index webhook_event_mark_idx on webhook_event (mark_id, id)`,
  `create table webhook_delivery (
     subscription_id uuid not null references webhook_subscription(id),
     event_id bigint not null references webhook_event(id),
     attempts integer not null default 0,
     next_attempt_at timestamptz not null default now(),
     delivered_at timestamptz,
     failed_at timestamptz,
     last_status integer,
     last_error text,
     primary key (subscription_id, event_id)
   )`,
  `create index webhook_delivery_due_idx on webhook_delivery (next_attempt_at)
     where delivered_at is null and failed_at is null`,

  // Fan one event out to every live subscription that covers its mark, within the client's marks.
  `create function webhook_fan_out(ev_id bigint, ev_mark uuid) returns void language sql as $$
     insert into webhook_delivery (subscription_id, event_id)
     select s.id, ev_id
       from webhook_subscription s join api_client c on c.id = s.client_id
      where s.removed_at is null and c.revoked_at is null and 'webhooks' = any(c.scopes)
        and (s.mark_id is null or s.mark_id = ev_mark)
        and (c.mark_ids is null or ev_mark = any(c.mark_ids))
   $$`,
  `create function webhook_queue_register_change() returns trigger language plpgsql as $$
   declare
     ev_type text;
     ev_id bigint;
     a record;
   begin
     ev_type := case new.action
       when 'activate' then 'authorization.activated'
       when 'order_rectification' then 'authorization.rectification_ordered'
       when 'suspend' then 'authorization.suspended'
       when 'restore' then 'authorization.restored'
       when 'cancel' then 'authorization.cancelled'
       when 'withdraw' then 'authorization.withdrawn'
       when 'expire' then 'authorization.expired'
     end;
     if ev_type is null then return null; end if;
     -- A withdrawn application was never on the public register: nothing to tell.
     if new.action = 'withdraw' and coalesce(new.from_status, '') not in ('active','rectifying','suspended') then
       return null;
     end if;
     select au.mark_id, m.slug, e.uscc, e.name, an.number
       into a
       from "authorization" au
       join mark m on m.id = au.mark_id
       join enterprise e on e.id = au.enterprise_id
       left join announcement an on an.id = new.announcement_id
      where au.id = new.authorization_id;
     insert into webhook_event (type, mark_id, authorization_id, data)
     values (ev_type, a.mark_id, new.authorization_id, jsonb_build_object(
       'authorization_id', new.authorization_id,
       'mark', a.slug,
       'uscc', a.uscc,
       'enterprise_name', a.name,
       'from_status', new.from_status,
       'status', new.to_status,
       'effective_on', new.effective_on,
       'announcement', a.number,
       'register_event_id', new.id))
     returning id into ev_id;
     perform webhook_fan_out(ev_id, a.mark_id);
     return null;
   end $$`,
  `create trigger authorization_event_to_webhooks after insert on authorization_event for each row
     execute function webhook_queue_register_change()`,
  `create function webhook_queue_rename() returns trigger language plpgsql as $$
   declare
     a record;
     ev_id bigint;
   begin
     for a in
       select au.id, au.mark_id, m.slug
         from "authorization" au join mark m on m.id = au.mark_id
        where au.enterprise_id = new.id and au.active_from is not null
        order by au.id
     loop
       insert into webhook_event (type, mark_id, authorization_id, data)
       values ('enterprise.renamed', a.mark_id, a.id, jsonb_build_object(
         'authorization_id', a.id,
         'mark', a.slug,
         'uscc', new.uscc,
         'enterprise_name', new.name,
         'previous_name', old.name))
       returning id into ev_id;
       perform webhook_fan_out(ev_id, a.mark_id);
     end loop;
     return null;
   end $$`,
  `create trigger enterprise_rename_to_webhooks after update of name on enterprise for each row
     when (new.name is distinct from old.name) execute function webhook_queue_rename()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
