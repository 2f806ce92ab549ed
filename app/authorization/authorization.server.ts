import type { Kysely, Transaction } from "kysely";
import type { Authorization, AuthorizationRoute, AuthorizationStatus, DB, ExitReason } from "#db/schema.ts";
import { jsonb } from "#db/json.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import { authorizationVisibleTo } from "#app/accounts/scope.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { DomainError } from "#app/errors.ts";
import { EXITED_STATUSES, TRANSITIONS, actorMay, canTransition, type AuthorizationAction } from "./lifecycle.ts";
import { settleFlagsIn } from "#app/alert/flags.server.ts";
import { addWorkingDays, shanghaiDate } from "#app/calendar/working-days.ts";
import { loadWorkCalendar } from "#app/calendar/work-calendar.server.ts";
import { isUuid } from "#app/ids.ts";
import { isRealDate, type FieldMessage } from "#app/forms/form.ts";
import type { ActSummary } from "#app/forms/confirmation.ts";
import {
  transactionWithDocuments,
  type DocumentStore,
  type DraftFile,
  type Upload,
} from "#app/document/document.server.ts";
import { documentKindOf, routeFits } from "./application-form.ts";
import { checkEffectiveDate, DATED_ACTIONS } from "./effective-date.ts";
import { authorizationChanged } from "#app/notification/events.server.ts";
import { logFacts } from "#app/log/log.server.ts";

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

export async function protectionAreaNames(db: Kysely<DB>, markId: string): Promise<string> {
  const rows = await db
    .selectFrom("mark_area")
    .innerJoin("division", "division.code", "mark_area.division_code")
    .select(["division.name", "division.parent_code"])
    .where("mark_area.mark_id", "=", markId)
    .orderBy("division.code")
    .execute();
  const county = rows[0]?.parent_code
    ? await db.selectFrom("division").select("full_name").where("code", "=", rows[0].parent_code).executeTakeFirst()
    : undefined;
  return `${county?.full_name ?? ""}${rows.map((r) => r.name).join("、")}`;
}

function snapshotOf(a: Record<string, unknown>) {
  const { created_at: _c, updated_at: _u, ...rest } = a;
  return rest;
}

async function addEvent(
  trx: Transaction<DB>,
  user: SessionUser | null,
  e: {
    authorizationId: string;
    action: string;
    from: AuthorizationStatus | null;
    to: AuthorizationStatus;
    effectiveOn: string;
    comment?: string | null;
    documentRef?: string | null;
    announcementId?: string | null;
    snapshot?: unknown;
  },
) {
  await trx
    .insertInto("authorization_event")
    .values({
      authorization_id: e.authorizationId,
      effective_on: e.effectiveOn,
      actor_user_id: user?.id ?? null,
      action: e.action,
      from_status: e.from,
      to_status: e.to,
      comment: e.comment ?? null,
      document_ref: e.documentRef ?? null,
      announcement_id: e.announcementId ?? null,
      snapshot: jsonb(e.snapshot ?? null),
    })
    .execute();
}

/** An enterprise member applies (进): the application is created and submitted at once. */
export async function applyForMark(db: Kysely<DB>, user: SessionUser, input: Application) {
  if (user.role !== "enterprise" || !user.enterpriseId) throw new DomainError("error.forbidden.text", { status: 403 });
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

/**
 * For each authorization, the Shanghai date it was (last) submitted and the effective date of its
 * latest recorded step: a legal act about it cannot take effect before either (effective-date.ts).
 */
export async function priorSteps(db: Kysely<DB>, ids: string[]) {
  const steps = new Map<string, { submittedOn: string | null; lastOn: string | null }>();
  if (!ids.length) return steps;
  const rows = await db
    .selectFrom("authorization")
    .leftJoin("authorization_event as ev", "ev.authorization_id", "authorization.id")
    .select((eb) => ["authorization.id", "authorization.submitted_at", eb.fn.max("ev.effective_on").as("last_on")])
    .where("authorization.id", "in", ids)
    .groupBy(["authorization.id", "authorization.submitted_at"])
    .execute();
  for (const r of rows)
    steps.set(r.id, {
      submittedOn: r.submitted_at ? shanghaiDate(r.submitted_at) : null,
      lastOn: (r.last_on as string | null) ?? null,
    });
  return steps;
}

export async function findAuthorizationFor(db: Kysely<DB>, user: SessionUser, id: string) {
  if (!isUuid(id)) return undefined;
  return db
    .selectFrom("authorization")
    .selectAll()
    .where("id", "=", id)
    .where(authorizationVisibleTo(user))
    .executeTakeFirst();
}

export interface TransitionInput {
  action: AuthorizationAction;
  version: number;
  comment?: string | undefined;
  deadline?: string | undefined;
  exitReason?: ExitReason | undefined;
  documentRef?: string | undefined;
  /** The file an action needs (the site-check report of a review): stored only if the action happens. */
  document?: Upload | undefined;
  /** For a regulator's exit (DATED_ACTIONS): the date on the decision; today when not given. */
  effectiveOn?: string | undefined;
}

/**
 * One transition of the lifecycle, by the right person, from the state the form was showing
 * (version): a stale form or a second click changes nothing and says so.
 */
export async function transition(db: Kysely<DB>, user: SessionUser, id: string, input: TransitionInput) {
  const { current, needs } = await checkTransition(db, user, id, input);
  return transactionWithDocuments(db, async (trx, documents) => {
    const report =
      needs.includes("document") && input.document
        ? await documents.store(
            input.document,
            "site_check_report",
            { actor: actorOf(user), uploadedBy: user.id, enterpriseId: current.enterprise_id },
            { field: "document" },
          )
        : null;
    return applyTransitionIn(trx, user, current, input, report?.id);
  });
}

/**
 * What a transition would do, in words, after every check `transition` makes and without
 * changing anything: the confirmation step of a legal act shows it (decision 040).
 */
export async function previewTransition(
  db: Kysely<DB>,
  user: SessionUser,
  id: string,
  input: TransitionInput,
): Promise<ActSummary> {
  const { current, rule, markName } = await checkTransition(db, user, id, input);
  const enterprise = await db
    .selectFrom("enterprise")
    .select("name")
    .where("id", "=", current.enterprise_id)
    .executeTakeFirstOrThrow();
  const exitReason =
    input.exitReason ??
    (input.action === "withdraw" ? "voluntary" : input.action === "expire" ? "licence_expired" : undefined);
  const exits = EXITED_STATUSES.includes(rule.to);
  const change: FieldMessage[] = [
    { key: "confirm.statusChange", params: { from: current.status, to: rule.to } },
    ...(exits && exitReason ? [{ key: "confirm.exitReason" as const, params: { reason: exitReason } }] : []),
    ...(input.comment ? [{ key: "confirm.grounds" as const, params: { text: input.comment } }] : []),
    ...(input.documentRef ? [{ key: "confirm.documentRef" as const, params: { text: input.documentRef } }] : []),
  ];
  // The public sees an authorization only once it was announced (PUBLIC_STATUSES, active_from).
  const wasPublic = current.active_from !== null;
  const publicEffect: FieldMessage =
    wasPublic && exits
      ? { key: "confirm.public.exit", params: { to: rule.to } }
      : wasPublic && rule.to === "suspended"
        ? { key: "confirm.public.suspend" }
        : { key: "confirm.public.none" };
  return {
    act: { key: `action.${input.action}` },
    rows: [{ enterprise: enterprise.name, mark: markName, change }],
    effectiveOn: input.effectiveOn ?? shanghaiDate(),
    publicEffect,
  };
}

/** Every check of a transition (who, which version, from which status, what it needs, its date), changing nothing. */
async function checkTransition(db: Kysely<DB>, user: SessionUser, id: string, input: TransitionInput) {
  const rule = TRANSITIONS[input.action];
  const current = await findAuthorizationFor(db, user, id);
  if (!current) throw new DomainError("error.notFound.text", { status: 404 });
  const mark = await db
    .selectFrom("mark")
    .select(["approving_level", "name"])
    .where("id", "=", current.mark_id)
    .executeTakeFirstOrThrow();
  if (!actorMay(user, rule.by, mark.approving_level)) throw new DomainError("error.forbidden.text", { status: 403 });
  if (current.version !== input.version) throw new DomainError("form.stale", { status: 409 });
  if (!canTransition(input.action, current.status)) {
    throw new DomainError("transition.notAllowed", { status: 409, params: { status: current.status } });
  }
  const needs = rule.needs ?? [];
  if (needs.includes("comment") && !input.comment) throw new DomainError("form.required", { field: "comment" });
  if (needs.includes("deadline") && !input.deadline) throw new DomainError("form.required", { field: "deadline" });
  if (needs.includes("exitReason") && !input.exitReason)
    throw new DomainError("form.required", { field: "exitReason" });
  if (needs.includes("document") && !input.document) throw new DomainError("form.required", { field: "document" });
  const today = shanghaiDate();
  if (input.deadline && input.deadline <= today)
    throw new DomainError("transition.deadlinePast", { field: "deadline" });
  if (input.effectiveOn !== undefined) {
    if (!DATED_ACTIONS.includes(input.action) || !isRealDate(input.effectiveOn))
      throw new DomainError("form.invalid", { field: "effectiveOn" });
    const step = (await priorSteps(db, [id])).get(id);
    const last = step?.lastOn ?? step?.submittedOn;
    checkEffectiveDate(input.effectiveOn, {
      today,
      field: "effectiveOn",
      follows: last ? [{ on: last, key: "legalAct.beforeLastStep" }] : [],
    });
  }
  return { current, rule, needs, markName: mark.name };
}

/**
 * The write half of a transition, inside the caller's transaction, for a caller that has already
 * checked who may act and the form's version (a finding of a double-random inspection uses it).
 * The update still matches the version and the allowed statuses: a concurrent change loses.
 * `documentId`: the document the action stored in this same transaction (a review's report).
 */
export async function applyTransitionIn(
  trx: Transaction<DB>,
  user: SessionUser,
  current: Authorization,
  input: TransitionInput,
  documentId?: string,
) {
  const rule = TRANSITIONS[input.action];
  const id = current.id;
  const effectiveOn = input.effectiveOn ?? shanghaiDate();
  const exits = ["cancelled", "withdrawn", "expired"].includes(rule.to);
  const row = await trx
    .updateTable("authorization")
    .set({
      status: rule.to,
      version: current.version + 1,
      updated_at: new Date(),
      ...(input.action === "review"
        ? { recommendation: input.comment ?? null, site_check_document_id: documentId ?? null }
        : {}),
      ...(input.action === "order_rectification" ? { rectify_deadline: input.deadline ?? null } : {}),
      ...(input.action === "restore" ? { rectify_deadline: null } : {}),
      ...(exits
        ? {
            exited_on: effectiveOn,
            exit_reason:
              input.exitReason ??
              (input.action === "withdraw" ? "voluntary" : input.action === "expire" ? "licence_expired" : null),
          }
        : {}),
    })
    .where("id", "=", id)
    .where("version", "=", input.version)
    .where("status", "in", rule.from)
    .returningAll()
    .executeTakeFirst();
  // Someone else acted between our read and this write: exactly one of them wins.
  if (!row) throw new DomainError("form.stale", { status: 409 });
  await addEvent(trx, user, {
    authorizationId: id,
    action: input.action,
    from: current.status,
    to: rule.to,
    effectiveOn,
    comment: input.comment ?? null,
    documentRef: input.documentRef ?? documentId ?? null,
    snapshot: snapshotOf(row),
  });
  // Leaving rectification (restored, suspended, cancelled…) settles its overdue flag.
  if (current.status === "rectifying" && rule.to !== "rectifying") {
    await settleFlagsIn(trx, { userId: user.id }, "rectification_overdue", { authorizationId: id }, input.action);
  }
  await recordAudit(trx, actorOf(user), {
    action: `authorization.${input.action}`,
    entityType: "authorization",
    entityId: id,
    before: { status: current.status, version: current.version },
    after: {
      status: rule.to,
      version: row.version,
      exitReason: row.exit_reason,
      rectifyDeadline: row.rectify_deadline,
    },
    reason: [input.comment, input.documentRef].filter(Boolean).join(" · ") || null,
  });
  await authorizationChanged(trx, row, input.action, input.comment ?? null);
  await logFacts(trx);
  return row;
}
