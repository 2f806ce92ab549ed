import type { Kysely } from "kysely";
import type { DB, MarkKind } from "#db/schema.ts";
import { isUniqueViolation } from "#db/errors.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { findDivision, levelOfCode } from "#app/division/division.server.ts";
import { DomainError } from "#app/errors.ts";
import { coversDivision, markManagedBy, NIL } from "#app/accounts/scope.server.ts";
import { isUuid } from "#app/ids.ts";
import { transactionWithDocuments, type Upload } from "#app/document/document.server.ts";
import { parseGtin } from "#app/label/gtin.ts";

export interface MarkInput {
  slug: string;
  name: string;
  kind: MarkKind;
  divisionCode: string;
  legalBasis?: string | undefined;
  standardCode?: string | undefined;
  registrant?: string | undefined;
  trademarkValidUntil?: string | undefined;
  approvingLevel: "county" | "province";
  reviewWorkingDays: number;
  qualityRequirements?: string | undefined;
  targetUsers?: number | undefined;
  targetYear?: number | undefined;
  scanWarnThreshold: number;
  printOrdersNeedApproval: boolean;
  annualLabelQuota?: number | undefined;
  allowSelfPrint: boolean;
  supervisingAuthority?: string | undefined;
  hotline?: string | undefined;
  digitalLinkGtin?: string | undefined;
  printerIds: string[];
}

/** Administrators manage every mark; regulators the marks of their division and below (markManagedBy). */
export function assertMayManage(user: SessionUser, divisionCode: string) {
  if (!coversDivision(user, divisionCode)) throw new DomainError("error.forbidden.text", { status: 403 });
}

/**
 * Who approves a mark's applications, and its legal kind, are set by the administrator or a
 * provincial regulator: a county that could lower "province" to "county" would approve what only
 * the province may (issue 13).
 */
export function maySetLegalFrame(user: SessionUser): boolean {
  return user.role === "admin" || (user.role === "regulator" && levelOfCode(user.divisionCode ?? "") === "province");
}

export async function manageableMarks(db: Kysely<DB>, user: SessionUser) {
  const query = db
    .selectFrom("mark")
    .innerJoin("division", "division.code", "mark.division_code")
    .select(["mark.id", "mark.slug", "mark.name", "mark.kind", "division.full_name as division_name"])
    .select((eb) =>
      eb
        .selectFrom("mark_area")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("mark_area.mark_id", "=", "mark.id")
        .as("townships"),
    );
  return query.where(markManagedBy(user)).orderBy("mark.division_code").orderBy("mark.name").execute();
}

export async function markForEditing(db: Kysely<DB>, user: SessionUser, slug: string) {
  const mark = await db.selectFrom("mark").selectAll().where("slug", "=", slug).executeTakeFirst();
  if (!mark) return undefined;
  try {
    assertMayManage(user, mark.division_code);
  } catch {
    return undefined;
  }
  const [area, printers, allPrinters] = await Promise.all([
    db
      .selectFrom("mark_area")
      .innerJoin("division", "division.code", "mark_area.division_code")
      .select(["division.code", "division.full_name"])
      .where("mark_area.mark_id", "=", mark.id)
      .orderBy("division.code")
      .execute(),
    db.selectFrom("mark_printer").select("printer_id").where("mark_id", "=", mark.id).execute(),
    db.selectFrom("printer").select(["id", "name"]).orderBy("name").execute(),
  ]);
  return { mark, area, printerIds: printers.map((p) => p.printer_id), allPrinters };
}

async function checkDivision(db: Kysely<DB>, code: string) {
  const division = await findDivision(db, code);
  if (!division || levelOfCode(code) === "township")
    throw new DomainError("division.unknown", { field: "divisionCode", params: { code } });
}

function columns(input: MarkInput) {
  return {
    name: input.name,
    kind: input.kind,
    division_code: input.divisionCode,
    legal_basis: input.legalBasis ?? null,
    standard_code: input.standardCode ?? null,
    registrant: input.registrant ?? null,
    trademark_valid_until: input.trademarkValidUntil ?? null,
    approving_level: input.approvingLevel,
    review_working_days: input.reviewWorkingDays,
    quality_requirements: input.qualityRequirements ?? null,
    target_users: input.targetUsers ?? null,
    target_year: input.targetYear ?? null,
    scan_warn_threshold: input.scanWarnThreshold,
    print_orders_need_approval: input.printOrdersNeedApproval,
    annual_label_quota: input.annualLabelQuota ?? null,
    allow_self_print: input.allowSelfPrint,
    supervising_authority: input.supervisingAuthority ?? null,
    hotline: input.hotline ?? null,
    digital_link_gtin: digitalLinkGtin(input.digitalLinkGtin),
  };
}

/** The opt-in's GTIN as stored (14 digits), or null; a wrong one is refused with its reason. */
function digitalLinkGtin(text: string | undefined): string | null {
  if (!text?.trim()) return null;
  const parsed = parseGtin(text);
  if (!parsed.ok) throw new DomainError(`gtin.${parsed.problem}`, { field: "digitalLinkGtin" });
  return parsed.gtin;
}

export async function saveMark(db: Kysely<DB>, user: SessionUser, input: MarkInput, existingSlug?: string) {
  assertMayManage(user, input.divisionCode);
  await checkDivision(db, input.divisionCode);
  if ((input.kind === "collective_mark" || input.kind === "certification_mark") && !input.registrant) {
    throw new DomainError("mark.registrantRequired", { field: "registrant" });
  }
  const printerIds = [...new Set(input.printerIds)];
  const knownPrinters = printerIds.every(isUuid)
    ? await db
        .selectFrom("printer")
        .select("id")
        .where("id", "in", printerIds.length ? printerIds : [NIL])
        .execute()
    : [];
  if (knownPrinters.length !== printerIds.length) throw new DomainError("mark.printerUnknown", { field: "printerIds" });
  input = { ...input, printerIds };
  try {
    return await db.transaction().execute(async (trx) => {
      let id: string;
      let before: unknown = null;
      if (existingSlug) {
        const current = await trx
          .selectFrom("mark")
          .selectAll()
          .where("slug", "=", existingSlug)
          .forUpdate()
          .executeTakeFirst();
        if (!current) throw new DomainError("error.notFound.text", { status: 404 });
        assertMayManage(user, current.division_code);
        if (!maySetLegalFrame(user) && current.approving_level !== input.approvingLevel)
          throw new DomainError("mark.approvingLevelNotYours", { field: "approvingLevel" });
        if (!maySetLegalFrame(user) && current.kind !== input.kind)
          throw new DomainError("mark.kindNotYours", { field: "kind" });
        before = current;
        await trx
          .updateTable("mark")
          .set({ ...columns(input), updated_at: new Date() })
          .where("id", "=", current.id)
          .execute();
        id = current.id;
      } else {
        id = (
          await trx
            .insertInto("mark")
            .values({ slug: input.slug, ...columns(input) })
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id;
      }
      await trx.deleteFrom("mark_printer").where("mark_id", "=", id).execute();
      if (input.printerIds.length) {
        await trx
          .insertInto("mark_printer")
          .values(input.printerIds.map((printer_id) => ({ mark_id: id, printer_id })))
          .execute();
      }
      await recordAudit(trx, actorOf(user), {
        action: existingSlug ? "mark.update" : "mark.create",
        entityType: "mark",
        entityId: id,
        before,
        after: { ...columns(input), slug: existingSlug ?? input.slug, printerIds: input.printerIds },
      });
      return { id, slug: existingSlug ?? input.slug };
    });
  } catch (error) {
    if (isUniqueViolation(error, "mark_slug_key")) throw new DomainError("mark.slugTaken", { field: "slug" });
    throw error;
  }
}

/** Publishes the mark's quality-requirements document: stored only by someone who may manage the mark. */
export async function setQualityDocument(db: Kysely<DB>, user: SessionUser, slug: string, file: Upload) {
  const mark = await db
    .selectFrom("mark")
    .select(["id", "division_code", "quality_document_id"])
    .where("slug", "=", slug)
    .executeTakeFirst();
  if (!mark) throw new DomainError("error.notFound.text", { status: 404 });
  assertMayManage(user, mark.division_code);
  await transactionWithDocuments(db, async (trx, documents) => {
    const doc = await documents.store(file, "quality_requirements", {
      actor: actorOf(user),
      uploadedBy: user.id,
      enterpriseId: null,
    });
    await trx
      .updateTable("mark")
      .set({ quality_document_id: doc.id, updated_at: new Date() })
      .where("id", "=", mark.id)
      .execute();
    await recordAudit(trx, actorOf(user), {
      action: "mark.quality_document",
      entityType: "mark",
      entityId: mark.id,
      before: { documentId: mark.quality_document_id },
      after: { documentId: doc.id },
    });
  });
}

/** The mark's published quality requirements document: public, like the mark itself. */
export async function publicQualityDocument(db: Kysely<DB>, slug: string) {
  return db
    .selectFrom("mark")
    .innerJoin("document", "document.id", "mark.quality_document_id")
    .selectAll("document")
    .where("mark.slug", "=", slug)
    .executeTakeFirst();
}
