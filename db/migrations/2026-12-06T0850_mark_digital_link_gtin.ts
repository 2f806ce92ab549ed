import { sql, type Kysely } from "kysely";

// A mark may opt its printed QR codes into GS1 Digital Link (issue 17 item 3, decision 056): the
// product line's GTIN-14, set by whoever manages the mark. Null keeps the short /V/<code> form.
// Frozen once landed: never import app code.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table mark add column digital_link_gtin text
    constraint mark_digital_link_gtin_format check (digital_link_gtin ~ '^[0-9]{14}$')`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
