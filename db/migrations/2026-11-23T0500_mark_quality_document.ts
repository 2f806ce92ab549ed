import { sql, type Kysely } from "kysely";

// A mark's quality requirements may be a document (the standard, 质量技术要求) besides the text.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table mark add column quality_document_id uuid references document(id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
