import { sql, type Kysely } from "kysely";

// Keeps `label` ready to be distributed by its code (Citus, decision 021): a unique index on a
// distributed table must carry the distribution column, and (mark, year, serial) does not. Serials
// stay unique because each order's range comes from one atomic update of label_serial_counter and
// every label of an order lies in its range; a serial range is now found through its orders
// (label_order_serial_idx). Every label COPY also stops maintaining a third unique index.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table label drop constraint label_mark_id_serial_year_serial_key`.execute(db);
  await sql`create index label_order_serials_idx on label_order (mark_id, serial_year, serial_from)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
