import { sql, type Kysely } from "kysely";
import type { DB } from "./schema.ts";

/**
 * How the schema spreads over a Citus cluster (docs/operations.md, "Past one primary: Citus";
 * decision 021). Labels, their tallies and their scans are distributed by the code the QR
 * carries, so a scan's lookup and its writes stay on one shard; the small tables the lookup joins
 * (and everything they refer to) are reference tables, copied to every node; the rest stays on
 * the coordinator. Every table has exactly one place: a new table must be given one here.
 */
export interface CitusPlan {
  distributed: Record<string, string>;
  reference: readonly string[];
  coordinator: readonly string[];
}

export const CITUS_PLAN: CitusPlan = {
  distributed: { label: "code", scan_tally: "code", scan: "code" },
  reference: [
    "mark",
    "division",
    "label_order",
    "product_batch",
    "authorization",
    "enterprise",
    "announcement",
    "printer",
    "app_user",
    "document",
  ],
  coordinator: [
    "annual_report",
    "api_client",
    "app_meta",
    "audit_entry",
    "authorization_document",
    "authorization_event",
    "calendar_day",
    "change_request",
    "credit_event",
    "flag",
    "inspection",
    "inspection_inspector",
    "inspection_mark",
    "inspection_photo",
    "inspection_target",
    "issuing_job",
    "kysely_migration",
    "kysely_migration_lock",
    "label_ledger",
    "label_serial_counter",
    "log_batch",
    "log_checkpoint",
    "log_cosignature",
    "log_leaf",
    "log_node",
    "log_pending",
    "log_witnessed",
    "mark_area",
    "mark_area_change",
    "mark_printer",
    "register_import",
    "report",
    "report_event",
    "report_photo",
    "scan_daily",
    "scan_spool_batch",
    "scan_window",
    "upload_draft",
    "user_session",
    "webhook_delivery",
    "webhook_event",
    "webhook_subscription",
    "notification",
    "mail_outbox",
    "mail_suppression",
    "job_run",
    "listing_report",
    "takedown_request",
  ],
};

type Place = "distributed" | "reference" | "coordinator";

/**
 * Everything in the live schema that Citus would refuse under `plan` (an empty list when it is
 * ready): Citus's rules for distributed tables (a unique index, primary key or exclusion
 * constraint must carry the distribution column; a foreign key between distributed tables must
 * join them on it; reference and coordinator tables may not refer to a distributed table), plus
 * ours: reference tables refer only to reference tables, co-located distribution columns share
 * one type, and every table has a place in the plan. Partitions are judged as their root.
 */
export async function citusViolations(db: Kysely<DB>, plan: CitusPlan = CITUS_PLAN): Promise<string[]> {
  const problems: string[] = [];
  const placeOf = new Map<string, Place>();
  for (const t of Object.keys(plan.distributed)) placeOf.set(t, "distributed");
  for (const t of plan.reference) placeOf.set(t, "reference");
  for (const t of plan.coordinator) placeOf.set(t, "coordinator");

  const tables = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
     order by 1`.execute(db);
  const live = new Set(tables.rows.map((r) => r.name));
  for (const name of live) if (!placeOf.has(name)) problems.push(`table ${name} has no place in the Citus plan`);
  for (const name of placeOf.keys())
    if (!live.has(name)) problems.push(`the Citus plan names ${name}, which does not exist`);

  // Distribution columns: present, and one type for all (co-location needs it).
  const columns = await sql<{ table_name: string; column_name: string; type: string }>`
    select c.relname as table_name, a.attname as column_name, format_type(a.atttypid, a.atttypmod) as type
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and a.attnum > 0 and not a.attisdropped`.execute(db);
  const typeOf = new Map(columns.rows.map((r) => [`${r.table_name}.${r.column_name}`, r.type]));
  const distTypes = new Set<string>();
  for (const [table, column] of Object.entries(plan.distributed)) {
    const type = typeOf.get(`${table}.${column}`);
    if (!type) problems.push(`distributed table ${table} has no column ${column}`);
    else distTypes.add(type);
  }
  if (distTypes.size > 1)
    problems.push(`distribution columns differ in type (${[...distTypes].join(", ")}): not co-locatable`);

  // Unique indexes (primary keys and unique constraints included) and exclusion constraints,
  // partitions' own indexes judged by their root table.
  const uniques = await sql<{ table_name: string; index_name: string; key_columns: string[] }>`
    select root.relname as table_name, ic.relname as index_name,
           array(select a.attname from unnest((i.indkey::int2[])[0:i.indnkeyatts - 1]) with ordinality as k(attnum, n)
                   join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum order by k.n)::text[] as key_columns
      from pg_index i
      join pg_class ic on ic.oid = i.indexrelid
      join pg_class t on t.oid = i.indrelid
      join pg_namespace n on n.oid = t.relnamespace
      join pg_class root on root.oid = coalesce(pg_partition_root(t.oid), t.oid)
      left join pg_constraint x on x.conindid = i.indexrelid and x.contype = 'x'
     where n.nspname = 'public' and (i.indisunique or x.oid is not null)
       -- a partition's copy of its parent's index is judged once, as the parent's
       and not exists (select 1 from pg_inherits h where h.inhrelid = i.indexrelid)
     order by 1, 2`.execute(db);
  for (const u of uniques.rows) {
    const column = plan.distributed[u.table_name];
    if (column && !u.key_columns.includes(column))
      problems.push(
        `unique index ${u.index_name} on distributed table ${u.table_name} (${u.key_columns.join(", ") || "an expression"}) does not carry its distribution column ${column}`,
      );
  }

  const foreignKeys = await sql<{
    name: string;
    source: string;
    target: string;
    columns: string[];
    referenced: string[];
  }>`
    select con.conname as name, src.relname as source, dst.relname as target,
           array(select a.attname from unnest(con.conkey) with ordinality as k(attnum, i)
                   join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.i)::text[] as columns,
           array(select a.attname from unnest(con.confkey) with ordinality as k(attnum, i)
                   join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum order by k.i)::text[] as referenced
      from pg_constraint con
      join pg_class s on s.oid = con.conrelid
      join pg_class d on d.oid = con.confrelid
      join pg_namespace n on n.oid = s.relnamespace
      join pg_class src on src.oid = coalesce(pg_partition_root(s.oid), s.oid)
      join pg_class dst on dst.oid = coalesce(pg_partition_root(d.oid), d.oid)
     where n.nspname = 'public' and con.contype = 'f' and con.conparentid = 0
     order by 1`.execute(db);
  for (const fk of foreignKeys.rows) {
    const from = placeOf.get(fk.source);
    const to = placeOf.get(fk.target);
    if (!from || !to) continue; // already reported as unplaced
    const what = `foreign key ${fk.name} (${fk.source} → ${fk.target})`;
    if (from === "distributed" && to === "distributed") {
      const position = fk.columns.indexOf(plan.distributed[fk.source]!);
      if (position < 0 || fk.referenced[position] !== plan.distributed[fk.target])
        problems.push(`${what} does not join the two distributed tables on their distribution columns`);
    } else if (from === "distributed" && to === "coordinator") {
      problems.push(`${what} points from a distributed table to a coordinator table`);
    } else if (from !== "distributed" && to === "distributed") {
      problems.push(`${what} points from a ${from} table to a distributed table`);
    } else if (from === "reference" && to !== "reference") {
      problems.push(`${what} points from a reference table to a ${to} table`);
    }
  }
  return problems;
}
