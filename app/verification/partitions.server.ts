import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema.ts";

/**
 * Month partitions of the scan log (Asia/Shanghai months), made ahead of time. The SQL function
 * lives in the database (migration 0600) so every process and the CLI make them the same way;
 * scans for a month without a partition land in `scan_default` and are moved when it is made.
 */
export async function ensureScanPartitions(db: Kysely<DB>, monthsAhead = 3, monthsBack = 0): Promise<number> {
  const { rows } = await sql<{
    created: number;
  }>`select ensure_scan_partitions(${monthsBack}::int, ${monthsAhead}::int) as created`.execute(db);
  return Number(rows[0]?.created ?? 0);
}

export async function listScanPartitions(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i
      join pg_class c on c.oid = i.inhrelid
      join pg_class p on p.oid = i.inhparent
     where p.relname = 'scan' order by c.relname`.execute(db);
  return rows.map((r) => r.name);
}
