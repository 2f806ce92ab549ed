import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { dueOn, unfiledReports } from "#app/annual-report/annual-report.server.ts";
import { addWorkingDays, isWorkingDate, shanghaiDate } from "#app/calendar/working-days.ts";
import { loadWorkCalendar } from "#app/calendar/work-calendar.server.ts";
import { notify, type Audience } from "#app/notification/notify.server.ts";
import type { NotificationKind, NotificationParams } from "#app/notification/kinds.ts";

/** Working days before a review deadline that its regulators are reminded. */
export const REVIEW_REMINDER_WORKING_DAYS = 2;
/** Working days before a rectification deadline that the enterprise is reminded. */
export const RECTIFY_REMINDER_WORKING_DAYS = 3;
/** Calendar days before the annual report's due date that the enterprise is reminded. */
export const ANNUAL_REPORT_REMINDER_DAYS = 30;

const JOB = "reminders";

function minusDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

interface Reminder {
  kind: NotificationKind;
  authorizationId: string;
  /** What the reminder is about (a due date, a year): reminded once per occasion. */
  occasion: string;
  to: Audience;
  params: NotificationParams;
  link: string;
}

/**
 * The reminders of the working-day clocks, once per working day per deployment: the first process
 * to claim the day in `job_run` runs them, any other finds the day taken. Each reminder's key is
 * `reminder:<kind>:<authorization>:<occasion>:<day>` and an occasion already reminded is skipped,
 * so even a second run (a crashed first one retried) tells no one twice.
 */
export async function runReminders(
  db: Kysely<DB>,
  today = shanghaiDate(),
): Promise<{ ran: boolean; reminded: number }> {
  const calendar = await loadWorkCalendar(db);
  if (!isWorkingDate(today, calendar)) return { ran: false, reminded: 0 };
  const claimed = await db
    .insertInto("job_run")
    .values({ job: JOB, run_on: today })
    .onConflict((oc) => oc.columns(["job", "run_on"]).doNothing())
    .returning("job")
    .executeTakeFirst();
  if (!claimed) return { ran: false, reminded: 0 };
  try {
    const due = await dueReminders(db, today, calendar);
    let reminded = 0;
    for (const r of due) {
      const prefix = `reminder:${r.kind}:${r.authorizationId}:${r.occasion}:`;
      const told = await db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom("notification")
          .select("id")
          .where("event_key", "like", `${prefix}%`)
          .executeTakeFirst();
        if (before) return 0;
        return notify(trx, { kind: r.kind, key: `${prefix}${today}`, to: r.to, params: r.params, link: r.link });
      });
      if (told > 0) reminded += 1;
    }
    await db
      .updateTable("job_run")
      .set({ finished_at: new Date(), summary: sql`${JSON.stringify({ reminded })}::text::jsonb` })
      .where("job", "=", JOB)
      .where("run_on", "=", today)
      .execute();
    return { ran: true, reminded };
  } catch (error) {
    // A failed run gives the day back, so the next turn (this process or another) tries again.
    await db.deleteFrom("job_run").where("job", "=", JOB).where("run_on", "=", today).execute();
    throw error;
  }
}

async function dueReminders(
  db: Kysely<DB>,
  today: string,
  calendar: Awaited<ReturnType<typeof loadWorkCalendar>>,
): Promise<Reminder[]> {
  const reminders: Reminder[] = [];
  const named = db
    .selectFrom("authorization")
    .innerJoin("enterprise", "enterprise.id", "authorization.enterprise_id")
    .innerJoin("mark", "mark.id", "authorization.mark_id")
    .select([
      "authorization.id",
      "authorization.enterprise_id",
      "authorization.township_code",
      "authorization.review_due_on",
      "authorization.rectify_deadline",
      "enterprise.name as enterprise",
      "mark.name as mark",
    ]);

  const reviewBy = addWorkingDays(today, REVIEW_REMINDER_WORKING_DAYS, calendar);
  for (const a of await named
    .where("authorization.status", "in", ["submitted", "accepted", "reviewed"])
    .where("authorization.review_due_on", ">", today)
    .where("authorization.review_due_on", "<=", reviewBy)
    .execute()) {
    reminders.push({
      kind: "review_due",
      authorizationId: a.id,
      occasion: a.review_due_on!,
      to: { regulatorsCovering: a.township_code },
      params: { enterprise: a.enterprise, mark: a.mark, due: a.review_due_on! },
      link: `/authorizations/${a.id}`,
    });
  }

  const rectifyBy = addWorkingDays(today, RECTIFY_REMINDER_WORKING_DAYS, calendar);
  for (const a of await named
    .where("authorization.status", "=", "rectifying")
    .where("authorization.rectify_deadline", ">", today)
    .where("authorization.rectify_deadline", "<=", rectifyBy)
    .execute()) {
    reminders.push({
      kind: "rectification_due",
      authorizationId: a.id,
      occasion: a.rectify_deadline!,
      to: { enterpriseId: a.enterprise_id },
      params: { enterprise: a.enterprise, mark: a.mark, deadline: a.rectify_deadline! },
      link: `/authorizations/${a.id}`,
    });
  }

  // The report for last year: reminded 30 days before it is due, and once when it is overdue.
  const year = Number(today.slice(0, 4)) - 1;
  const due = dueOn(year);
  const kind: NotificationKind | null =
    today > due
      ? "annual_report_overdue"
      : today >= minusDays(due, ANNUAL_REPORT_REMINDER_DAYS)
        ? "annual_report_due"
        : null;
  if (kind) {
    for (const a of await unfiledReports(db, year)) {
      reminders.push({
        kind,
        authorizationId: a.id,
        occasion: String(year),
        to: { enterpriseId: a.enterprise_id },
        params: { enterprise: a.enterprise, mark: a.mark, year, due },
        link: `/authorizations/${a.id}/annual-report`,
      });
    }
  }
  return reminders;
}
