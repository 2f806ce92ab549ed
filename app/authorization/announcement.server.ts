import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { jsonb } from "#db/json.ts";
import { isUniqueViolation } from "#db/errors.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import { authorizationVisibleTo } from "#app/accounts/scope.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { DomainError } from "#app/errors.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { isUuid } from "#app/ids.ts";
import { isRealDate } from "#app/forms/form.ts";
import { checkEffectiveDate, type PriorStep } from "./effective-date.ts";
import { priorSteps } from "./authorization.server.ts";
import { logFacts } from "#app/log/log.server.ts";
import { enterpriseAnnounced, exitAnnounced } from "#app/notification/events.server.ts";
import type { ActSummary, ConfirmationRow } from "#app/forms/confirmation.ts";

function requireApprover(user: SessionUser) {
  if (user.role !== "regulator" || !user.isApprover || !user.divisionCode)
    throw new DomainError("error.forbidden.text", { status: 403 });
  return user.divisionCode;
}

/** What an approver can put into the next announcement: approved entries and unannounced exits. */
export async function announceable(db: Kysely<DB>, user: SessionUser) {
  requireApprover(user);
  return db
    .selectFrom("authorization")
    .innerJoin("enterprise", "enterprise.id", "authorization.enterprise_id")
    .innerJoin("mark", "mark.id", "authorization.mark_id")
    .select([
      "authorization.id",
      "authorization.status",
      "authorization.exit_reason",
      "authorization.exited_on",
      "enterprise.name as enterprise_name",
      "enterprise.uscc",
      "mark.name as mark_name",
    ])
    .where(authorizationVisibleTo(user))
    .where((eb) =>
      eb.or([
        eb("authorization.status", "=", "approved"),
        eb.and([
          eb("authorization.status", "in", ["cancelled", "withdrawn", "expired"]),
          eb("authorization.exit_announcement_id", "is", null),
          eb("authorization.active_from", "is not", null),
        ]),
      ]),
    )
    .orderBy("mark.name")
    .orderBy("enterprise.name")
    .execute();
}

type AnnouncementInput = {
  number: string;
  title: string;
  publishedOn?: string | undefined;
  authorizationIds: string[];
};

/**
 * Publishes a numbered, dated announcement. Each approved authorization becomes active from
 * that date; each included exit gets its announcement. All in one transaction.
 */
export async function publishAnnouncement(db: Kysely<DB>, user: SessionUser, input: AnnouncementInput) {
  const { divisionCode, publishedOn, chosen } = await checkAnnouncement(db, user, input);

  // A double click sends the same number twice at once: the unique index decides, the loser is told.
  return db
    .transaction()
    .execute(async (trx) => {
      const announcement = await trx
        .insertInto("announcement")
        .values({
          number: input.number,
          title: input.title,
          division_code: divisionCode,
          status: "published",
          published_on: publishedOn,
          created_by: user.id,
          published_by: user.id,
          published_at: new Date(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      for (const item of chosen) {
        if (item.status === "approved") {
          const row = await trx
            .updateTable("authorization")
            .set((eb) => ({
              status: "active",
              active_from: publishedOn,
              entry_announcement_id: announcement.id,
              version: eb("version", "+", 1),
              updated_at: new Date(),
            }))
            .where("id", "=", item.id)
            .where("status", "=", "approved")
            .returning(["id", "version"])
            .executeTakeFirst();
          if (!row) throw new DomainError("form.stale", { status: 409 });
          await trx
            .insertInto("authorization_event")
            .values({
              authorization_id: item.id,
              effective_on: publishedOn,
              actor_user_id: user.id,
              action: "activate",
              from_status: "approved",
              to_status: "active",
              announcement_id: announcement.id,
              snapshot: jsonb({ number: input.number }),
            })
            .execute();
          await recordAudit(trx, actorOf(user), {
            action: "authorization.activate",
            entityType: "authorization",
            entityId: item.id,
            before: { status: "approved" },
            after: { status: "active", activeFrom: publishedOn, announcement: input.number },
          });
          await enterpriseAnnounced(trx, announcement, item.id);
        } else {
          const row = await trx
            .updateTable("authorization")
            .set((eb) => ({
              exit_announcement_id: announcement.id,
              version: eb("version", "+", 1),
              updated_at: new Date(),
            }))
            .where("id", "=", item.id)
            .where("exit_announcement_id", "is", null)
            .returning("id")
            .executeTakeFirst();
          if (!row) throw new DomainError("form.stale", { status: 409 });
          await trx
            .insertInto("authorization_event")
            .values({
              authorization_id: item.id,
              effective_on: item.exited_on ?? publishedOn,
              actor_user_id: user.id,
              action: "announce_exit",
              from_status: item.status,
              to_status: item.status,
              announcement_id: announcement.id,
              snapshot: jsonb({ number: input.number }),
            })
            .execute();
          await recordAudit(trx, actorOf(user), {
            action: "authorization.announce_exit",
            entityType: "authorization",
            entityId: item.id,
            after: { status: item.status, exitedOn: item.exited_on, announcement: input.number },
          });
          await exitAnnounced(trx, { ...announcement, published_on: publishedOn }, item);
        }
      }
      await recordAudit(trx, actorOf(user), {
        action: "announcement.publish",
        entityType: "announcement",
        entityId: announcement.id,
        after: {
          number: input.number,
          title: input.title,
          publishedOn,
          entries: chosen.filter((c) => c.status === "approved").map((c) => c.id),
          exits: chosen.filter((c) => c.status !== "approved").map((c) => c.id),
        },
      });
      await logFacts(trx);
      return announcement;
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error, "announcement_division_number_key"))
        throw new DomainError("announcement.numberTaken", { field: "number" });
      throw error;
    });
}

/**
 * What publishing would announce, after every check `publishAnnouncement` makes and changing
 * nothing: exactly the items picked, with the number and the date (the confirmation step).
 */
export async function previewAnnouncement(
  db: Kysely<DB>,
  user: SessionUser,
  input: AnnouncementInput,
): Promise<ActSummary> {
  const { publishedOn, chosen } = await checkAnnouncement(db, user, input);
  return {
    act: { key: "announcement.publish" },
    rows: chosen.map((c): ConfirmationRow => ({
      enterprise: c.enterprise_name,
      mark: c.mark_name,
      change:
        c.status === "approved"
          ? [{ key: "confirm.entry", params: { from: "approved", to: "active" } }]
          : [
              { key: "confirm.exit", params: { status: c.status, on: c.exited_on ?? publishedOn } },
              ...(c.exit_reason ? [{ key: "confirm.exitReason" as const, params: { reason: c.exit_reason } }] : []),
            ],
    })),
    effectiveOn: publishedOn,
    publicEffect: { key: "confirm.public.announcement" },
    reference: { label: { key: "announcement.number" }, value: input.number },
  };
}

/** Every check of an announcement (who, what may be announced, its date, its number), changing nothing. */
async function checkAnnouncement(db: Kysely<DB>, user: SessionUser, input: AnnouncementInput) {
  const divisionCode = requireApprover(user);
  const today = shanghaiDate();
  const publishedOn = input.publishedOn ?? today;
  if (!isRealDate(publishedOn)) throw new DomainError("form.invalid", { field: "publishedOn" });
  if (!input.authorizationIds.length) throw new DomainError("announcement.empty", { field: "authorizationIds" });
  const candidates = await announceable(db, user);
  const chosen = candidates.filter((c) => input.authorizationIds.includes(c.id));
  if (chosen.length !== new Set(input.authorizationIds).size) throw new DomainError("form.stale", { status: 409 });
  // An announcement may record a decision signed a little earlier, never one before what it announces.
  const steps = await priorSteps(
    db,
    chosen.map((c) => c.id),
  );
  const follows: PriorStep[] = [];
  for (const c of chosen) {
    const { submittedOn, lastOn } = steps.get(c.id) ?? {};
    const params = { enterprise: c.enterprise_name };
    if (submittedOn) follows.push({ on: submittedOn, key: "legalAct.beforeSubmission", params });
    const last = c.status === "approved" ? "legalAct.beforeApproval" : "legalAct.beforeExit";
    if (lastOn) follows.push({ on: lastOn, key: last, params });
  }
  checkEffectiveDate(publishedOn, { today, field: "publishedOn", follows });
  // Numbers are unique within the publishing division: another county's numbering is its own.
  const taken = await db
    .selectFrom("announcement")
    .select("id")
    .where("division_code", "=", divisionCode)
    .where("number", "=", input.number)
    .executeTakeFirst();
  if (taken) throw new DomainError("announcement.numberTaken", { field: "number" });
  return { divisionCode, publishedOn, chosen };
}

export async function findAnnouncement(db: Kysely<DB>, id: string) {
  if (!isUuid(id)) return undefined;
  const announcement = await db
    .selectFrom("announcement")
    .innerJoin("division", "division.code", "announcement.division_code")
    .selectAll("announcement")
    .select("division.full_name as division_name")
    .where("announcement.id", "=", id)
    .where("announcement.status", "=", "published")
    .executeTakeFirst();
  if (!announcement) return undefined;
  const items = await db
    .selectFrom("authorization_event as ev")
    .innerJoin("authorization", "authorization.id", "ev.authorization_id")
    .innerJoin("enterprise", "enterprise.id", "authorization.enterprise_id")
    .innerJoin("mark", "mark.id", "authorization.mark_id")
    .select([
      "ev.action",
      "ev.effective_on",
      "enterprise.id as enterprise_id",
      "enterprise.name as enterprise_name",
      "enterprise.uscc",
      "mark.name as mark_name",
      "mark.slug as mark_slug",
      "authorization.route",
      "authorization.exit_reason",
      "ev.to_status",
    ])
    .where("ev.announcement_id", "=", announcement.id)
    .orderBy("ev.action")
    .orderBy("enterprise.name")
    .execute();
  return { announcement, items };
}

export async function listAnnouncements(db: Kysely<DB>, limit = 100) {
  return db
    .selectFrom("announcement")
    .innerJoin("division", "division.code", "announcement.division_code")
    .select([
      "announcement.id",
      "announcement.number",
      "announcement.title",
      "announcement.published_on",
      "division.full_name as division_name",
    ])
    .where("announcement.status", "=", "published")
    .orderBy("announcement.published_on", "desc")
    .orderBy("announcement.number", "desc")
    .limit(limit)
    .execute();
}
