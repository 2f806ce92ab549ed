import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { authorizationVisibleTo } from "#app/accounts/scope.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { workingDaysBetween, shanghaiDate } from "#app/calendar/working-days.ts";
import { loadWorkCalendar } from "#app/calendar/work-calendar.server.ts";
import { isUuid } from "#app/ids.ts";
import { needsLicence, routesFitting } from "./application-form.ts";

/** Marks an enterprise may apply for: those with a protection area (step 1 of the apply form). */
export async function applicationMarks(db: Kysely<DB>) {
  return db
    .selectFrom("mark")
    .select(["mark.id", "mark.slug", "mark.name", "mark.kind"])
    .where((eb) =>
      eb.exists(eb.selectFrom("mark_area").select("mark_area.mark_id").whereRef("mark_area.mark_id", "=", "mark.id")),
    )
    .orderBy("mark.name")
    .execute();
}

export type ApplicationChoice = NonNullable<Awaited<ReturnType<typeof applicationChoice>>>;

/**
 * One mark as the apply form offers it (step 2): its protection-area townships, each once, and
 * the routes that fit its kind (routesFitting). Undefined for an unknown or area-less mark.
 */
export async function applicationChoice(db: Kysely<DB>, by: { slug: string } | { id: string }) {
  if ("id" in by && !isUuid(by.id)) return undefined;
  const marks = db.selectFrom("mark").select(["mark.id", "mark.slug", "mark.name", "mark.kind"]);
  const mark = await (
    "id" in by ? marks.where("mark.id", "=", by.id) : marks.where("mark.slug", "=", by.slug)
  ).executeTakeFirst();
  if (!mark) return undefined;
  const townships = await db
    .selectFrom("mark_area")
    .innerJoin("division", "division.code", "mark_area.division_code")
    .select(["division.code", "division.name"])
    .where("mark_area.mark_id", "=", mark.id)
    .orderBy("division.code")
    .execute();
  if (!townships.length) return undefined;
  const routes = [...routesFitting(mark.kind)];
  return { ...mark, townships, routes, licence: needsLicence(routes) };
}

/** Visible authorizations with the working-day clock of open applications. */
export async function listAuthorizations(
  db: Kysely<DB>,
  user: SessionUser,
  filter: { open?: boolean; enterpriseId?: string; limit?: number } = {},
) {
  let query = db
    .selectFrom("authorization")
    .innerJoin("enterprise", "enterprise.id", "authorization.enterprise_id")
    .innerJoin("mark", "mark.id", "authorization.mark_id")
    .select([
      "authorization.id",
      "authorization.status",
      "authorization.route",
      "authorization.submitted_at",
      "authorization.review_due_on",
      "authorization.active_from",
      "authorization.exited_on",
      "enterprise.id as enterprise_id",
      "enterprise.name as enterprise_name",
      "enterprise.uscc",
      "mark.name as mark_name",
      "mark.review_working_days",
    ])
    .where(authorizationVisibleTo(user));
  if (filter.open)
    query = query.where("authorization.status", "in", ["submitted", "accepted", "reviewed", "approved", "returned"]);
  if (filter.enterpriseId) query = query.where("authorization.enterprise_id", "=", filter.enterpriseId);
  const [rows, calendar] = await Promise.all([
    query
      .orderBy("authorization.review_due_on")
      .orderBy("authorization.created_at", "desc")
      .limit(filter.limit ?? 500)
      .execute(),
    loadWorkCalendar(db),
  ]);
  const today = shanghaiDate();
  return rows.map((r) => {
    const running = ["submitted", "accepted", "reviewed"].includes(r.status) && r.submitted_at;
    const used = running ? workingDaysBetween(shanghaiDate(r.submitted_at!), today, calendar) : null;
    return { ...r, workingDaysUsed: used, overdue: Boolean(running && r.review_due_on && r.review_due_on < today) };
  });
}

export async function authorizationDetail(db: Kysely<DB>, user: SessionUser, id: string) {
  if (!isUuid(id)) return undefined;
  const authorization = await db
    .selectFrom("authorization")
    .innerJoin("enterprise", "enterprise.id", "authorization.enterprise_id")
    .innerJoin("mark", "mark.id", "authorization.mark_id")
    .innerJoin("division as township", "township.code", "authorization.township_code")
    .leftJoin("announcement as entry", "entry.id", "authorization.entry_announcement_id")
    .selectAll("authorization")
    .select([
      "enterprise.name as enterprise_name",
      "enterprise.uscc",
      "mark.name as mark_name",
      "mark.slug as mark_slug",
      "mark.approving_level",
      "mark.review_working_days",
      "township.full_name as township_name",
      "entry.number as entry_announcement",
    ])
    .where("authorization.id", "=", id)
    .where(authorizationVisibleTo(user))
    .executeTakeFirst();
  if (!authorization) return undefined;
  const [events, documents] = await Promise.all([
    db
      .selectFrom("authorization_event as ev")
      .leftJoin("app_user", "app_user.id", "ev.actor_user_id")
      .leftJoin("announcement", "announcement.id", "ev.announcement_id")
      .select([
        "ev.id",
        "ev.at",
        "ev.effective_on",
        "ev.action",
        "ev.from_status",
        "ev.to_status",
        "ev.comment",
        "ev.document_ref",
        "app_user.display_name as actor",
        "announcement.number as announcement_number",
      ])
      .where("ev.authorization_id", "=", id)
      .orderBy("ev.id")
      .execute(),
    db
      .selectFrom("document")
      .select(["document.id", "document.kind", "document.original_name", "document.size_bytes", "document.created_at"])
      .where((eb) =>
        eb.or([
          eb(
            "document.id",
            "in",
            eb.selectFrom("authorization_document").select("document_id").where("authorization_id", "=", id),
          ),
          eb("document.id", "=", authorization.site_check_document_id ?? "00000000-0000-0000-0000-000000000000"),
        ]),
      )
      .orderBy("document.created_at")
      .execute(),
  ]);
  const today = shanghaiDate();
  const running = ["submitted", "accepted", "reviewed"].includes(authorization.status) && authorization.submitted_at;
  // A reference that is one of this application's documents is shown as that document, not its id.
  const byId = new Map(documents.map((d) => [d.id, d]));
  return {
    authorization,
    events: events.map((e) => {
      const document = e.document_ref ? byId.get(e.document_ref) : undefined;
      return document
        ? { ...e, document_ref: null, document: { id: document.id, kind: document.kind, name: document.original_name } }
        : { ...e, document: null };
    }),
    documents,
    clock: running
      ? {
          used: workingDaysBetween(shanghaiDate(authorization.submitted_at!), today, await loadWorkCalendar(db)),
          limit: authorization.review_working_days,
          overdue: Boolean(authorization.review_due_on && authorization.review_due_on < today),
        }
      : null,
  };
}
