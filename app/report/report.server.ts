import { randomInt } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import type { CaseHistoryStep, DB, ReportOutcome, ReportProblem, ReportStatus } from "#db/schema.ts";
import { recordAudit, type Actor } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import { regulatorCovering, reportVisibleTo } from "#app/accounts/scope.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { transactionWithDocuments, type DocumentStore, type Upload } from "#app/document/document.server.ts";
import { DomainError } from "#app/errors.ts";
import { DATA_ALPHABET, encodeCode, parseCode } from "#app/label-code/code.ts";
import { isUniqueViolation } from "#db/errors.ts";
import { lookupCode, verdictOf } from "#app/verification/verdict.server.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { isUuid } from "#app/ids.ts";
import { storedSubmissionKey } from "./submission-key.server.ts";
import { reportFiled, reportStatusChanged } from "#app/notification/events.server.ts";
import { withdrawPendingTakedowns } from "./takedown.server.ts";
import { DEFAULT_LANG, type Lang } from "#app/i18n/i18n.ts";
import type { ReportQueueFilter } from "./report-form.ts";
import type { ReportKindFilter } from "./listing-form.ts";

export const PUBLIC_ACTOR: Actor = { userId: null, label: "public" };
export const MAX_REPORT_PHOTOS = 3;

/**
 * A case's photos (a consumer's) or screenshots (a listing's): JPEG or PNG only, numbered in the
 * order given, stored in the case's transaction.
 */
export async function storeReportPhotos(
  trx: Transaction<DB>,
  documents: DocumentStore,
  reportId: string,
  files: readonly Upload[],
  by: { actor: Actor; field: string },
) {
  for (const [i, file] of files.entries()) {
    const document = await documents.store(
      file,
      "report_photo",
      { actor: by.actor, uploadedBy: by.actor.userId, enterpriseId: null },
      { field: by.field, allowed: ["image/jpeg", "image/png"] },
    );
    await trx
      .insertInto("report_photo")
      .values({ report_id: reportId, document_id: document.id, position: i + 1 })
      .execute();
  }
}

export interface ReportInput {
  codeInput: string;
  markId?: string | undefined;
  problem: ReportProblem;
  description: string;
  placeKind: "shop" | "online";
  place: string;
  contact?: string | undefined;
  /** The language the reporter wrote in: news of the report reaches a left e-mail address in it. */
  lang?: Lang | undefined;
  /** From the form as shown: the same key twice is the same report. */
  submissionKey?: string | undefined;
}

/** JB-20261123-7K3QX9: the date for people, six random symbols so tickets cannot be enumerated. */
export function newTicket(now = new Date()): string {
  const day = shanghaiDate(now).replaceAll("-", "");
  let tail = "";
  for (let i = 0; i < 8; i++) tail += DATA_ALPHABET[randomInt(DATA_ALPHABET.length)];
  return `JB-${day}-${tail}`;
}

/** Normalises what a reporter types back into a ticket (case, spaces, full width). */
export function normalizeTicket(input: string): string {
  return input.normalize("NFKC").toUpperCase().replace(/\s/g, "").slice(0, 40);
}

/**
 * A consumer's report, routed to the division competent for the label's production site (or,
 * for an unknown code, the chosen mark's division). Photos, the report and its first event
 * commit together.
 */
export async function fileReport(
  db: Kysely<DB>,
  input: ReportInput,
  photos: { name: string; bytes: Uint8Array }[],
): Promise<{ ticket: string; id: string }> {
  // The form's random key, stored apart from every platform's and regulator's keys (decision 059).
  const submissionKey = storedSubmissionKey("consumer", input.submissionKey);
  const already = async () =>
    submissionKey
      ? db
          .selectFrom("report")
          .select(["ticket", "id"])
          .where("submission_key", "=", submissionKey)
          .where("kind", "=", "consumer")
          .executeTakeFirst()
      : undefined;
  const first = await already();
  if (first) return first;
  if (photos.length > MAX_REPORT_PHOTOS) throw new DomainError("report.tooManyPhotos", { field: "photos" });
  const parsed = parseCode(input.codeInput);
  let code: Uint8Array | null = null;
  let markId: string | null = null;
  let enterpriseId: string | null = null;
  let divisionCode: string | null = null;
  if (parsed.ok) {
    code = parsed.bytes;
    const known = await db
      .selectFrom("label")
      .innerJoin("label_order", "label_order.id", "label.order_id")
      .innerJoin("authorization", "authorization.id", "label_order.authorization_id")
      .select(["label.mark_id", "label_order.enterprise_id", "authorization.township_code"])
      .where("label.code", "=", parsed.bytes)
      .executeTakeFirst();
    if (known) ({ mark_id: markId, enterprise_id: enterpriseId, township_code: divisionCode } = known);
  }
  if (!divisionCode) {
    const mark =
      input.markId && isUuid(input.markId)
        ? await db.selectFrom("mark").select(["id", "division_code"]).where("id", "=", input.markId).executeTakeFirst()
        : undefined;
    if (!mark) throw new DomainError("report.markRequired", { field: "markId" });
    markId = mark.id;
    divisionCode = mark.division_code;
  }

  for (let attempt = 0; ; attempt++) {
    try {
      return await transactionWithDocuments(db, async (trx, documents) => {
        const report = await trx
          .insertInto("report")
          .values({
            ticket: newTicket(),
            submission_key: submissionKey,
            code,
            code_input: (parsed.ok ? parsed.code : parsed.normalized).slice(0, 64),
            mark_id: markId,
            enterprise_id: enterpriseId,
            division_code: divisionCode!,
            problem: input.problem,
            description: input.description,
            place_kind: input.placeKind,
            place: input.place,
            contact: input.contact ?? null,
            contact_lang: input.lang ?? DEFAULT_LANG,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await storeReportPhotos(trx, documents, report.id, photos, { actor: PUBLIC_ACTOR, field: "photos" });
        await trx
          .insertInto("report_event")
          .values({ report_id: report.id, action: "receive", from_status: null, to_status: "received" })
          .execute();
        // The audit entry names what was reported, never the reporter's contact details.
        await recordAudit(trx, PUBLIC_ACTOR, {
          action: "report.file",
          entityType: "report",
          entityId: report.id,
          after: {
            ticket: report.ticket,
            code: report.code_input,
            problem: report.problem,
            division: report.division_code,
            photos: photos.length,
          },
        });
        await reportFiled(trx, report);
        return report;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        const same = await already(); // the other click of a double click got there first
        if (same) return same;
        if (attempt < 3) continue; // a ticket collision: draw again
        throw new DomainError("report.submissionKeyTaken", { field: "submissionKey", status: 409 });
      }
      throw error;
    }
  }
}

/** What anyone holding the ticket may see: progress only, nothing about the reporter. */
export async function reportStatus(db: Kysely<DB>, ticket: string) {
  return db
    .selectFrom("report")
    .select(["ticket", "status", "outcome", "created_at", "updated_at"])
    .where("ticket", "=", normalizeTicket(ticket))
    .executeTakeFirst();
}

export async function reportQueue(
  db: Kysely<DB>,
  user: SessionUser,
  status: ReportQueueFilter = "open",
  limit = 500,
  kind: ReportKindFilter = "all",
) {
  let query = db
    .selectFrom("report")
    .leftJoin("listing_report", "listing_report.report_id", "report.id")
    .leftJoin("mark", "mark.id", "report.mark_id")
    .leftJoin("enterprise", "enterprise.id", "report.enterprise_id")
    .leftJoin("app_user as assignee", "assignee.id", "report.assignee_id")
    .select([
      "report.id",
      "report.ticket",
      "report.status",
      "report.problem",
      "report.outcome",
      "report.created_at",
      "report.code_input",
      "report.kind",
      "listing_report.shop_name",
      "listing_report.platform",
      "listing_report.register_finding",
      "mark.name as mark_name",
      "enterprise.name as enterprise_name",
      "assignee.display_name as assignee_name",
    ])
    .where(reportVisibleTo(user));
  if (kind !== "all") query = query.where("report.kind", "=", kind);
  if (status === "open") query = query.where("report.status", "!=", "closed");
  else if (status !== "all") query = query.where("report.status", "=", status);
  return query.orderBy("report.created_at", "asc").limit(limit).execute();
}

/** How many reports are not closed, for the regulator's desk. */
export async function countOpenReports(db: Kysely<DB>, user: SessionUser): Promise<number> {
  return (await openReportCounts(db, user)).open;
}

/** Reports not closed, and how many of them arrived before `overdueBefore` (optionally for some marks only). */
export async function openReportCounts(
  db: Kysely<DB>,
  user: SessionUser,
  options: { markIds?: string[]; overdueBefore?: Date } = {},
) {
  const row = await db
    .selectFrom("report")
    .select([
      (eb) => eb.fn.countAll<number>().as("open"),
      sql<number>`count(*) filter (where report.created_at < ${options.overdueBefore ?? new Date(0)})`.as("overdue"),
    ])
    .where("report.status", "!=", "closed")
    .where(reportVisibleTo(user))
    .$if(Boolean(options.markIds), (q) => q.where("report.mark_id", "in", options.markIds!))
    .executeTakeFirstOrThrow();
  return { open: Number(row.open), overdue: Number(row.overdue) };
}

export async function findReportFor(db: Kysely<DB>, user: SessionUser, id: string) {
  if (!isUuid(id)) return undefined;
  const report = await db
    .selectFrom("report")
    .leftJoin("mark", "mark.id", "report.mark_id")
    .leftJoin("enterprise", "enterprise.id", "report.enterprise_id")
    .leftJoin("app_user as assignee", "assignee.id", "report.assignee_id")
    .selectAll("report")
    .select([
      "mark.name as mark_name",
      "enterprise.name as enterprise_name",
      "enterprise.uscc as enterprise_uscc",
      "assignee.display_name as assignee_name",
    ])
    .where("report.id", "=", id)
    .where(reportVisibleTo(user))
    .executeTakeFirst();
  if (!report) return undefined;
  const [steps, takedowns, photos, colleagues, verdict] = await Promise.all([
    db
      .selectFrom("report_event")
      .leftJoin("app_user", "app_user.id", "report_event.actor_user_id")
      .select([
        "report_event.id",
        "report_event.at",
        "report_event.action",
        "report_event.to_status",
        "report_event.note",
        "app_user.display_name as actor_name",
      ])
      .where("report_id", "=", id)
      .orderBy("report_event.id")
      .execute(),
    db
      .selectFrom("takedown_request as t")
      .innerJoin("api_client", "api_client.id", "t.client_id")
      .innerJoin("app_user", "app_user.id", "t.requested_by")
      .select([
        "t.id",
        "t.status",
        "t.requested_at",
        "t.answered_at",
        "t.answer_note",
        "api_client.name as platform",
        "app_user.display_name as requested_by_name",
      ])
      .where("t.report_id", "=", id)
      .execute(),
    db.selectFrom("report_photo").select(["position"]).where("report_id", "=", id).orderBy("position").execute(),
    assignableRegulators(db, report.division_code),
    report.code
      ? lookupCode(db, new Uint8Array(report.code)).then((l) => verdictOf(l.facts))
      : Promise.resolve("invalid" as const),
  ]);
  return {
    report: { ...report, code: report.code ? encodeCode(new Uint8Array(report.code)) : null },
    events: caseHistory(steps, takedowns),
    photos,
    colleagues,
    verdict,
  };
}

export interface CaseHistoryEntry {
  key: string;
  at: Date;
  action: CaseHistoryStep;
  /** The case status a step of its own led to; none for the takedown exchange. */
  to_status: ReportStatus | null;
  actor_name: string | null;
  /** The platform a takedown step concerns (named in the step's words). */
  platform: string | null;
  note: string | null;
}

/**
 * One history for a case, oldest first: its own steps and, for a listing case, each takedown
 * request sent and each platform answer, so the record reads as what happened in order.
 */
function caseHistory(
  steps: {
    id: number;
    at: Date;
    action: CaseHistoryStep;
    to_status: ReportStatus;
    actor_name: string | null;
    note: string | null;
  }[],
  takedowns: {
    id: string;
    status: string;
    requested_at: Date;
    answered_at: Date | null;
    answer_note: string | null;
    platform: string;
    requested_by_name: string;
  }[],
): CaseHistoryEntry[] {
  const entries: CaseHistoryEntry[] = steps.map((s) => ({
    key: `step-${s.id}`,
    at: new Date(s.at),
    action: s.action,
    to_status: s.to_status,
    actor_name: s.actor_name,
    platform: null,
    note: s.note,
  }));
  for (const r of takedowns) {
    entries.push({
      key: `takedown-${r.id}`,
      at: new Date(r.requested_at),
      action: "takedown_sent",
      to_status: null,
      actor_name: r.requested_by_name,
      platform: r.platform,
      note: null,
    });
    if (r.answered_at && r.status !== "pending")
      entries.push({
        key: `answer-${r.id}`,
        at: new Date(r.answered_at),
        action:
          r.status === "removed"
            ? "takedown_removed"
            : r.status === "refused"
              ? "takedown_refused"
              : "takedown_withdrawn",
        to_status: null,
        actor_name: r.platform,
        platform: r.platform,
        note: r.answer_note,
      });
  }
  // A stable sort: steps recorded at the same instant keep the order they were written in.
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Regulators whose division covers the report's: the people it may be assigned to. */
async function assignableRegulators(db: Kysely<DB>, divisionCode: string) {
  const rows = await db
    .selectFrom("app_user")
    .select(["id", "display_name"])
    .where(regulatorCovering(divisionCode))
    .where("disabled_at", "is", null)
    .orderBy("display_name")
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.display_name }));
}

export type ReportAction =
  | { action: "assign"; version: number; assigneeId: string }
  | { action: "investigate"; version: number }
  | { action: "close"; version: number; outcome: ReportOutcome; note: string };

const ALLOWED: Record<ReportAction["action"], { from: readonly ReportStatus[]; to: ReportStatus }> = {
  assign: { from: ["received", "assigned"], to: "assigned" },
  investigate: { from: ["assigned"], to: "investigating" },
  close: { from: ["assigned", "investigating"], to: "closed" },
};

/** Assign, investigate, close: the state machine above, checked against the version the regulator saw. */
export async function actOnReport(db: Kysely<DB>, user: SessionUser, id: string, input: ReportAction) {
  if (user.role !== "regulator") throw new DomainError("error.forbidden.text", { status: 403 });
  if (!isUuid(id)) throw new DomainError("error.notFound.text", { status: 404 });
  return db.transaction().execute(async (trx) => {
    const report = await trx
      .selectFrom("report")
      .selectAll()
      .where("id", "=", id)
      .where(reportVisibleTo(user))
      .forUpdate()
      .executeTakeFirst();
    if (!report) throw new DomainError("error.notFound.text", { status: 404 });
    if (report.version !== input.version) throw new DomainError("report.stale", { status: 409 });
    const rule = ALLOWED[input.action];
    if (!rule.from.includes(report.status)) throw new DomainError("report.badTransition", { status: 409 });
    let assigneeId = report.assignee_id;
    if (input.action === "assign") {
      const colleagues = await assignableRegulators(trx, report.division_code);
      if (!colleagues.some((c) => c.id === input.assigneeId))
        throw new DomainError("report.badAssignee", { field: "assigneeId" });
      assigneeId = input.assigneeId;
    }
    const closing = input.action === "close";
    const updated = await trx
      .updateTable("report")
      .set({
        status: rule.to,
        assignee_id: assigneeId,
        outcome: closing ? input.outcome : null,
        outcome_note: closing ? input.note : null,
        closed_at: closing ? new Date() : null,
        updated_at: new Date(),
        version: report.version + 1,
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const note = closing
      ? input.note
      : input.action === "assign"
        ? ((await trx.selectFrom("app_user").select("display_name").where("id", "=", assigneeId!).executeTakeFirst())
            ?.display_name ?? null)
        : null;
    await trx
      .insertInto("report_event")
      .values({
        report_id: id,
        actor_user_id: user.id,
        action: input.action,
        from_status: report.status,
        to_status: rule.to,
        note,
      })
      .execute();
    await recordAudit(trx, actorOf(user), {
      action: `report.${input.action}`,
      entityType: "report",
      entityId: id,
      before: { status: report.status, assignee: report.assignee_id },
      after: {
        status: rule.to,
        assignee: assigneeId,
        ...(closing ? { outcome: input.outcome, note: input.note } : {}),
      },
    });
    // A closed case's takedown requests still pending are withdrawn with it (decision 051).
    if (closing) await withdrawPendingTakedowns(trx, actorOf(user), { reportId: id }, "case_closed");
    if (updated.status !== report.status) await reportStatusChanged(trx, updated);
    return updated;
  });
}

/** A report photo, for those who may see the report. */
export async function findReportPhoto(db: Kysely<DB>, user: SessionUser, reportId: string, position: number) {
  if (!isUuid(reportId) || !Number.isInteger(position)) return undefined;
  return db
    .selectFrom("report_photo")
    .innerJoin("report", "report.id", "report_photo.report_id")
    .innerJoin("document", "document.id", "report_photo.document_id")
    .select(["document.stored_name", "document.content_type", "document.original_name"])
    .where("report_photo.report_id", "=", reportId)
    .where("report_photo.position", "=", position)
    .where(reportVisibleTo(user))
    .executeTakeFirst();
}

/**
 * The ticket of a listing this user filed, or null: the notice after filing a listing for another
 * county's competence names only a ticket that exists and is the user's own, never text from a URL.
 */
export async function ticketFiledBy(db: Kysely<DB>, user: SessionUser, ticket: string | null): Promise<string | null> {
  if (!ticket || ticket.length > 40) return null;
  const row = await db
    .selectFrom("report")
    .innerJoin("listing_report as l", "l.report_id", "report.id")
    .select("report.ticket")
    .where("report.ticket", "=", ticket)
    .where("l.filed_by_user_id", "=", user.id)
    .executeTakeFirst();
  return row?.ticket ?? null;
}
