import { sql, type Kysely } from "kysely";
import type { CaseHistoryStep, DB, ReportOutcome, ReportStatus } from "#db/schema.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import { regulatorCovering, reportVisibleTo } from "#app/accounts/scope.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { DomainError } from "#app/errors.ts";
import { encodeCode } from "#app/label-code/code.ts";
import { lookupCode, verdictOf } from "#app/verification/verdict.server.ts";
import { isUuid } from "#app/ids.ts";
import { reportStatusChanged } from "#app/notification/events.server.ts";
import { withdrawPendingTakedowns } from "./takedown.server.ts";
import type { ReportQueueFilter } from "./report-form.ts";
import type { ReportKindFilter } from "./listing-form.ts";
import { requirePermission } from "#app/permission/permissions.ts";

// A consumer report as a case on the county desk: the queue, the case with its history, and what a
// regulator does with it (assign, investigate, close). Filing and the public ticket are report.server.ts.

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
  requirePermission(user, "report.act", null);
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
