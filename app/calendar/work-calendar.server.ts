import type { Kysely } from "kysely";
import { requireRolePermission } from "#app/accounts/role-permissions.ts";
import { z } from "zod";
import type { DB } from "#db/schema.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { shanghaiDate, type WorkCalendar } from "#app/calendar/working-days.ts";
import { field } from "#app/forms/form.ts";
import { DomainError } from "#app/errors.ts";

const dateField = field.date("calendar.dateInvalid");

/** Days from the notice: one day or a range ("2月15日至23日"), a holiday or a make-up working day. */
export const calendarDaySchema = z
  .object({
    from: dateField,
    to: field.optionalDate("calendar.dateInvalid"),
    working: z
      .enum(["holiday", "working"], { errorMap: () => ({ message: "form.required" }) })
      .transform((v) => v === "working"),
    name: field.text(100),
  })
  .superRefine((v, ctx) => {
    if (!v.to) return;
    const days = (Date.parse(v.to) - Date.parse(v.from)) / 86_400_000;
    if (days < 0 || days > 30) ctx.addIssue({ code: "custom", path: ["to"], message: "calendar.rangeInvalid" });
  });
export type CalendarDayInput = z.infer<typeof calendarDaySchema>;
export const calendarRemoveSchema = z.object({ day: dateField });

// Every process keeps the calendar for a minute: clocks are read on every list page, and the
// calendar changes about once a year. A change made here is seen here at once, elsewhere within
// the minute (DESIGN.md: caches that tolerate it).
const CACHE_MS = 60_000;
const cache = new WeakMap<object, { at: number; calendar: Promise<WorkCalendar> }>();

export function loadWorkCalendar(db: Kysely<DB>): Promise<WorkCalendar> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.calendar;
  const calendar = db
    .selectFrom("calendar_day")
    .select(["day", "working"])
    .execute()
    .then((rows) => new Map(rows.map((r) => [r.day, r.working])) as WorkCalendar);
  cache.set(db, { at: Date.now(), calendar });
  calendar.catch(() => cache.delete(db));
  return calendar;
}

/** One year's exceptions, with who entered each (none: shipped with the system). */
export async function calendarYear(db: Kysely<DB>, year: number) {
  const days = await db
    .selectFrom("calendar_day")
    .leftJoin("app_user", "app_user.id", "calendar_day.updated_by")
    .select([
      "calendar_day.day",
      "calendar_day.working",
      "calendar_day.name",
      "calendar_day.updated_at",
      "app_user.display_name as updated_by_name",
    ])
    .where("calendar_day.day", ">=", `${year}-01-01`)
    .where("calendar_day.day", "<=", `${year}-12-31`)
    .orderBy("calendar_day.day")
    .execute();
  return { year, days };
}

/** The first year from this one on that has no entries: the one whose notice someone must enter. */
export async function firstYearMissing(db: Kysely<DB>, today = shanghaiDate()): Promise<number | null> {
  const thisYear = Number(today.slice(0, 4));
  // The notice for next year comes out in November.
  const lastNeeded = today.slice(5) >= "11-15" ? thisYear + 1 : thisYear;
  // The cached calendar: the regulator's desk asks on every visit.
  const years = new Set([...(await loadWorkCalendar(db)).keys()].map((day) => Number(day.slice(0, 4))));
  for (let y = thisYear; y <= lastNeeded; y++) if (!years.has(y)) return y;
  return null;
}

function daysOf(from: string, to: string = from): string[] {
  const days: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1))
    days.push(d.toISOString().slice(0, 10));
  return days;
}

/** Sets the days of the range (holidays, or make-up working days), replacing what they said before. */
export async function setCalendarDays(db: Kysely<DB>, user: SessionUser, input: CalendarDayInput) {
  requireRolePermission(user, "calendar.set");
  const days = daysOf(input.from, input.to);
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("calendar_day")
      .select(["day", "working", "name"])
      .where("day", "in", days)
      .forUpdate()
      .execute();
    await trx
      .insertInto("calendar_day")
      .values(days.map((day) => ({ day, working: input.working, name: input.name, updated_by: user.id })))
      .onConflict((oc) =>
        oc
          .column("day")
          .doUpdateSet({ working: input.working, name: input.name, updated_by: user.id, updated_at: new Date() }),
      )
      .execute();
    await recordAudit(trx, actorOf(user), {
      action: "calendar.set",
      entityType: "calendar_day",
      entityId: input.from,
      before,
      after: { days, working: input.working, name: input.name },
    });
  });
  cache.delete(db);
  return days.length;
}

/** Takes a day back to the Monday–Friday rule; the audit keeps what it said. */
export async function removeCalendarDay(db: Kysely<DB>, user: SessionUser, day: string) {
  requireRolePermission(user, "calendar.set");
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .deleteFrom("calendar_day")
      .where("day", "=", day)
      .returning(["working", "name"])
      .executeTakeFirst();
    if (!before) throw new DomainError("calendar.notThere", { field: "day" });
    await recordAudit(trx, actorOf(user), {
      action: "calendar.remove",
      entityType: "calendar_day",
      entityId: day,
      before,
      after: null,
    });
  });
  cache.delete(db);
}
