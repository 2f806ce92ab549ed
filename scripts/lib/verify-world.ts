import { createHash } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type postgres from "postgres";
import type { DB } from "#db/schema.ts";
import { encodeCode } from "#app/label-code/code.ts";

/**
 * One mark, one active user, one batch and `n` collected labels, inserted by the database itself
 * (generate_series); returns up to 20,000 of their codes, drawn at random, for a load driver.
 */
export async function seedCollectedLabels(db: Kysely<DB>, n: number): Promise<string[]> {
  await sql`
    with u as (insert into app_user (username, display_name, password_hash, role, division_code) values ('bench', 'bench', 'x', 'regulator', '430923') returning id),
         m as (insert into mark (slug, name, kind, division_code) values ('bench', '安化黑茶（基准）', 'gi_product', '430923') returning id),
         e as (insert into enterprise (uscc, name, division_code) values ('914309230000000010', '基准茶业有限公司', '430923') returning id),
         an as (insert into announcement (number, title, division_code, status, published_on, created_by) select '基准公告〔2025〕1 号', '公告', '430923', 'published', date '2025-01-01', u.id from u returning id),
         a as (insert into "authorization" (enterprise_id, mark_id, route, status, township_code, products, annual_output, label_manager_name, label_manager_phone, active_from, entry_announcement_id)
               select e.id, m.id, 'gi_product', 'active', '430923101', '茶', '1 吨', '王', '13800000000', date '2025-01-01', an.id from e, m, an returning id, enterprise_id, mark_id),
         o as (insert into label_order (authorization_id, enterprise_id, mark_id, quantity_requested, quantity_approved, template, intended_products, status, created_by)
               select a.id, a.enterprise_id, a.mark_id, ${n}, ${n}, '圆形', '茶', 'received', u.id from a, u returning id, mark_id, authorization_id, enterprise_id),
         b as (insert into product_batch (enterprise_id, authorization_id, product, specification, batch_no, production_date, quantity, created_by)
               select o.enterprise_id, o.authorization_id, '千两茶', '1000g', 'QL-2026-001', date '2026-10-01', ${n}, u.id from o, u returning id)
    insert into label (code, order_id, mark_id, serial_year, serial, status, batch_id)
    select decode(md5(i::text || ':' || random()::text), 'hex'), o.id, o.mark_id, 2026, i, 'collected', b.id
      from o, b, generate_series(1, ${n}) as i`.execute(db);
  await sql`analyze`.execute(db);
  const sample = await sql<{ code: Uint8Array }>`select code from label tablesample bernoulli (3) limit 20000`.execute(
    db,
  );
  const codes = sample.rows.map((r) => encodeCode(new Uint8Array(r.code)));
  return codes;
}

/** The code of the `i`-th label added by growCollectedLabels (md5 of a fixed text, as the database computes it). */
export function grownCode(i: number): string {
  return encodeCode(new Uint8Array(createHash("md5").update(`grow:${i}`).digest()));
}

/**
 * Adds collected labels numbered `from`…`to` to the world seedCollectedLabels made (same order,
 * same batch), as a bulk load: foreign-key triggers off for this session (the rows point at the
 * one order and batch) and the label indexes rebuilt afterwards, as an operator would load
 * archived data. Codes are md5('grow:' || i), so a driver can draw any of them without a scan.
 */
export async function growCollectedLabels(raw: postgres.Sql, from: number, to: number): Promise<void> {
  await raw.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx`set local maintenance_work_mem = '1GB'`;
    await tx`alter table label drop constraint label_pkey`;
    await tx`drop index label_order_serial_idx`;
    await tx`drop index label_batch_idx`;
    await tx`
      insert into label (code, order_id, mark_id, serial_year, serial, status, batch_id)
      select decode(md5('grow:' || i), 'hex'), o.id, o.mark_id, 2026, i, 'collected', b.id
        from (select id, mark_id from label_order limit 1) o, (select id from product_batch limit 1) b,
             generate_series(${from}::bigint, ${to}::bigint) as i`;
    await tx`alter table label add primary key (code)`;
    await tx`create index label_order_serial_idx on label (order_id, serial)`;
    await tx`create index label_batch_idx on label (batch_id) where batch_id is not null`;
  });
  await raw`analyze label`;
}
