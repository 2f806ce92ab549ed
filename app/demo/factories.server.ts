import type { Transaction } from "kysely";
import type { DB, MarkKind } from "#db/schema.ts";
import { recordAudit, SYSTEM_ACTOR, type Actor } from "#app/audit/audit.server.ts";

// One factory module: the demo seed and the tests write the register's starting rows (marks with
// their protection area, enterprises, a printer's designation) through these functions, so a
// column added to one of those tables is filled in one place and both stay in step. Each writes
// inside the caller's transaction and audits what it wrote, as a person's act would be audited.

/** Who the audit log names for the demo data. */
export const SEED_ACTOR: Actor = { ...SYSTEM_ACTOR, label: "demo seed" };

export interface MarkRecord {
  slug: string;
  name: string;
  kind: MarkKind;
  divisionCode: string;
  approvingLevel: "county" | "province";
  legalBasis?: string | null;
  standardCode?: string | null;
  registrant?: string | null;
  targetUsers?: number | null;
  targetYear?: number | null;
  trademarkValidUntil?: string | null;
}

/**
 * A mark and its protection area. `townships` names the area; left out, the area is every
 * township of the mark's county (or, with a number, the first that many by code).
 */
export async function insertMarkWithArea(
  trx: Transaction<DB>,
  actor: Actor,
  mark: MarkRecord,
  townships?: string[] | { first: number },
) {
  const row = await trx
    .insertInto("mark")
    .values({
      slug: mark.slug,
      name: mark.name,
      kind: mark.kind,
      division_code: mark.divisionCode,
      approving_level: mark.approvingLevel,
      legal_basis: mark.legalBasis ?? null,
      standard_code: mark.standardCode ?? null,
      registrant: mark.registrant ?? null,
      target_users: mark.targetUsers ?? null,
      target_year: mark.targetYear ?? null,
      trademark_valid_until: mark.trademarkValidUntil ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const area = Array.isArray(townships)
    ? townships
    : (
        await trx
          .selectFrom("division")
          .select("code")
          .where("parent_code", "=", mark.divisionCode)
          .where("level", "=", "township")
          .orderBy("code")
          .$if(townships !== undefined, (q) => q.limit(townships!.first))
          .execute()
      ).map((t) => t.code);
  if (area.length) {
    await trx
      .insertInto("mark_area")
      .values(area.map((code) => ({ mark_id: row.id, division_code: code })))
      .execute();
  }
  await recordAudit(trx, actor, {
    action: "mark.create",
    entityType: "mark",
    entityId: row.id,
    after: { ...mark, protectionArea: area },
  });
  return { ...row, townships: area };
}

export interface EnterpriseRecord {
  uscc: string;
  name: string;
  divisionCode: string;
  legalRepresentative?: string | null;
  contactName: string;
  contactPhone: string;
}

/** An enterprise already on the register (self-registration has its own path with its checks). */
export async function insertEnterpriseRecord(trx: Transaction<DB>, actor: Actor, enterprise: EnterpriseRecord) {
  const row = await trx
    .insertInto("enterprise")
    .values({
      uscc: enterprise.uscc,
      name: enterprise.name,
      legal_representative: enterprise.legalRepresentative ?? null,
      division_code: enterprise.divisionCode,
      contact_name: enterprise.contactName,
      contact_phone: enterprise.contactPhone,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx, actor, {
    action: "enterprise.register",
    entityType: "enterprise",
    entityId: row.id,
    after: enterprise,
  });
  return row;
}

/** Designates printers for marks (the mark's settings page does this for a person). */
export async function designatePrinters(
  trx: Transaction<DB>,
  actor: Actor,
  pairs: { markId: string; printerId: string }[],
) {
  if (!pairs.length) return;
  await trx
    .insertInto("mark_printer")
    .values(pairs.map((p) => ({ mark_id: p.markId, printer_id: p.printerId })))
    .execute();
  for (const p of pairs)
    await recordAudit(trx, actor, {
      action: "mark.update",
      entityType: "mark",
      entityId: p.markId,
      after: { designatedPrinter: p.printerId },
    });
}
