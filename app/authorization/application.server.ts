import type { Kysely, Transaction } from "kysely";
import { hasRolePermission } from "#app/accounts/role-permissions.ts";
import type { AuthorizationRoute, DB } from "#db/schema.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { DomainError } from "#app/errors.ts";
import { addWorkingDays, shanghaiDate } from "#app/calendar/working-days.ts";
import { loadWorkCalendar } from "#app/calendar/work-calendar.server.ts";
import {
  transactionWithDocuments,
  type DocumentStore,
  type DraftFile,
  type Upload,
} from "#app/document/document.server.ts";
import { documentKindOf, routeFits } from "./application-form.ts";
import { protectionAreaNames, snapshotOf, addEvent, findAuthorizationFor } from "./authorization.server.ts";

// Applying (进): an enterprise applies for a mark, and corrects and resubmits a returned application.

export interface Application {
  markId: string;
  route: AuthorizationRoute;
  townshipCode: string;
  products: string;
  annualOutput: string;
  labelManagerName: string;
  labelManagerPhone: string;
  licenceFilingNo?: string | undefined;
  licenceFilingDate?: string | undefined;
  licenceStart?: string | undefined;
  licenceEnd?: string | undefined;
  /** Files from the form, by input name (DOCUMENT_FIELDS): stored only with the submission. */
  documents?: (Upload & { field: string })[];
  /** Files kept from a refused attempt (upload-draft.server.ts): they become documents with the submission. */
  keptDrafts?: (DraftFile & { field: string })[];
}

/** The legal route must fit the mark's kind; a licence term must fit inside the trademark's. */
export async function checkApplication(db: Kysely<DB>, input: Application) {
  const mark = await db.selectFrom("mark").selectAll().where("id", "=", input.markId).executeTakeFirst();
  if (!mark) throw new DomainError("application.markUnknown", { field: "markId" });
  if (!routeFits(input.route, mark.kind)) throw new DomainError("application.routeMismatch", { field: "route" });
  const inArea = await db
    .selectFrom("mark_area")
    .select("division_code")
    .where("mark_id", "=", mark.id)
    .where("division_code", "=", input.townshipCode)
    .executeTakeFirst();
  if (!inArea) {
    const area = await protectionAreaNames(db, mark.id);
    throw new DomainError("application.outsideArea", { field: "townshipCode", params: { mark: mark.name, area } });
  }
  if (input.route === "certification_licensee") {
    if (!input.licenceFilingNo || !input.licenceFilingDate || !input.licenceStart || !input.licenceEnd) {
      throw new DomainError("application.licenceRequired", { field: "licenceFilingNo" });
    }
    if (input.licenceEnd < input.licenceStart)
      throw new DomainError("application.licenceOrder", { field: "licenceEnd" });
    if (mark.trademark_valid_until && input.licenceEnd > mark.trademark_valid_until) {
      throw new DomainError("application.licenceBeyondMark", {
        field: "licenceEnd",
        params: { until: mark.trademark_valid_until },
      });
    }
  }
  return mark;
}

/** The applicant's particulars as columns; submitting (again) restarts the review clock. */
function applicationColumns(input: Application, reviewDueOn: string) {
  return {
    township_code: input.townshipCode,
    products: input.products,
    annual_output: input.annualOutput,
    label_manager_name: input.labelManagerName,
    label_manager_phone: input.labelManagerPhone,
    licence_filing_no: input.licenceFilingNo ?? null,
    licence_filing_date: input.licenceFilingDate ?? null,
    licence_start: input.licenceStart ?? null,
    licence_end: input.licenceEnd ?? null,
    submitted_at: new Date(),
    review_due_on: reviewDueOn,
  };
}

/** An enterprise member applies (进): the application is created and submitted at once. */
export async function applyForMark(db: Kysely<DB>, user: SessionUser, input: Application) {
  if (!hasRolePermission(user, "enterprise.apply") || !user.enterpriseId)
    throw new DomainError("error.forbidden.text", { status: 403 });
  const mark = await checkApplication(db, input);
  const [today, calendar] = [shanghaiDate(), await loadWorkCalendar(db)];
  return transactionWithDocuments(db, async (trx, documents) => {
    const row = await trx
      .insertInto("authorization")
      .values({
        enterprise_id: user.enterpriseId!,
        mark_id: mark.id,
        route: input.route,
        status: "submitted",
        ...applicationColumns(input, addWorkingDays(today, mark.review_working_days, calendar)),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await attachDocuments(trx, documents, user, row.id, input.documents ?? [], input.keptDrafts ?? []);
    await addEvent(trx, user, {
      authorizationId: row.id,
      action: "submit",
      from: null,
      to: "submitted",
      effectiveOn: today,
      snapshot: snapshotOf(row),
    });
    await recordAudit(trx, actorOf(user), {
      action: "authorization.submit",
      entityType: "authorization",
      entityId: row.id,
      after: snapshotOf(row),
    });
    return row;
  });
}

/** Stores the application's files (the enterprise's own) and attaches them, in the submission's transaction. */
async function attachDocuments(
  trx: Transaction<DB>,
  documents: DocumentStore,
  user: SessionUser,
  authorizationId: string,
  files: (Upload & { field: string })[],
  drafts: (DraftFile & { field: string })[] = [],
) {
  const owner = { actor: actorOf(user), uploadedBy: user.id, enterpriseId: user.enterpriseId };
  for (const draft of drafts) {
    const doc = await documents.adopt(draft, documentKindOf(draft.field), owner);
    await trx
      .insertInto("authorization_document")
      .values({ authorization_id: authorizationId, document_id: doc.id })
      .execute();
  }
  for (const file of files) {
    const doc = await documents.store(
      file,
      documentKindOf(file.field),
      { actor: actorOf(user), uploadedBy: user.id, enterpriseId: user.enterpriseId },
      { field: file.field },
    );
    await trx
      .insertInto("authorization_document")
      .values({ authorization_id: authorizationId, document_id: doc.id })
      .execute();
  }
}

/** The applicant corrects a returned application and submits it again; the round stays in the history. */
export async function resubmitApplication(
  db: Kysely<DB>,
  user: SessionUser,
  id: string,
  version: number,
  input: Application,
) {
  const current = await findAuthorizationFor(db, user, id);
  if (!current || user.role !== "enterprise") throw new DomainError("error.notFound.text", { status: 404 });
  if (current.status !== "returned")
    throw new DomainError("transition.notAllowed", { params: { status: current.status } });
  const mark = await checkApplication(db, { ...input, markId: current.mark_id, route: current.route });
  const [today, calendar] = [shanghaiDate(), await loadWorkCalendar(db)];
  return transactionWithDocuments(db, async (trx, documents) => {
    const row = await trx
      .updateTable("authorization")
      .set({
        status: "submitted",
        ...applicationColumns(input, addWorkingDays(today, mark.review_working_days, calendar)),
        version: current.version + 1,
        updated_at: new Date(),
      })
      .where("id", "=", id)
      .where("version", "=", version)
      .where("status", "=", "returned")
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new DomainError("form.stale", { status: 409 });
    await attachDocuments(trx, documents, user, row.id, input.documents ?? []);
    await addEvent(trx, user, {
      authorizationId: id,
      action: "submit",
      from: "returned",
      to: "submitted",
      effectiveOn: today,
      snapshot: snapshotOf(row),
    });
    await recordAudit(trx, actorOf(user), {
      action: "authorization.resubmit",
      entityType: "authorization",
      entityId: id,
      before: snapshotOf(current),
      after: snapshotOf(row),
    });
    return row;
  });
}
