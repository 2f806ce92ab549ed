import { sql, type Kysely } from "kysely";

// GS1 Digital Link (issue 17, decision 020): a product batch may carry a GTIN (always stored as
// its 14 digits, check digit verified by the app).
// Frozen once landed: never import app code.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table product_batch add column gtin text check (gtin ~ '^[0-9]{14}$')`.execute(db);
  await sql`create index product_batch_gtin_idx on product_batch (gtin) where gtin is not null`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
