import { sql, type Kysely } from "kysely";
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
