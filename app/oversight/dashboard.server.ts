import { sql, type Kysely } from "kysely";
import type { DB, Verdict } from "#db/schema.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { inDivisionOf, markSupervisedBy, NIL } from "#app/accounts/scope.server.ts";
import { ACTIVE, EXITS, oversightScope } from "./oversight-scope.server.ts";
import { scanFiguresAsOf } from "#app/alert/anomalies.server.ts";
import { countUnfiledReports, dueOn } from "#app/annual-report/annual-report.server.ts";
import { countUnresolvedAlerts } from "#app/alert/alert-queue.server.ts";
import { openReportCounts } from "#app/report/report-case.server.ts";
import { shanghaiDate, shanghaiMidnight, workingDaysBefore } from "#app/calendar/working-days.ts";
import { loadWorkCalendar } from "#app/calendar/work-calendar.server.ts";
import { LABEL_FLOWS, REPORT_HANDLING_WORKING_DAYS, VERDICTS, type LabelFlow } from "./figures.ts";

// The regulator's dashboard (issue #6). Definitions, stated once here and on the page:
// - a user of a mark is an enterprise holding an authorization for it; in the total, an
//   enterprise is counted once however many marks it uses;
// - active: the authorization is active or rectifying (DESIGN.md's authorized statuses);
// - usage rate: active users who collected labels (ledger "collect") in the last 12 months ÷ active users;
// - entries: activations by their effective date; exits: cancellations, withdrawals, expiries by theirs;
// - labels: ledger counts per Shanghai month; scans: the scan log per Shanghai day (scan_daily).

export { LABEL_FLOWS, REPORT_HANDLING_WORKING_DAYS, VERDICTS };

function lastMonths(today: string, n: number): string[] {
  const [y, m] = today.split("-").map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - (n - 1 - i), 1));
    return d.toISOString().slice(0, 7);
  });
}

function lastDays(today: string, n: number): string[] {
  const end = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => new Date(end - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

export interface MarkFigures {
  id: string;
  slug: string;
  name: string;
  target: number | null;
  targetYear: number | null;
  active: number;
  usedIn12Months: number;
  usageRate: number | null;
  enteredThisYear: number;
  exitedThisYear: number;
}

export type Dashboard = Awaited<ReturnType<typeof dashboard>>;

/**
 * Everything on the dashboard for the caller's division (administrators: the whole country), for
 * every mark they supervise or for one of them. Each figure is one grouped query.
 */
export async function dashboard(
  db: Kysely<DB>,
  user: SessionUser,
  options: { markSlug?: string | undefined; today?: string } = {},
) {
  const today = options.today ?? shanghaiDate();
  const year = Number(today.slice(0, 4));
  const allMarks = await db
    .selectFrom("mark")
    .select(["id", "slug", "name", "target_users", "target_year"])
    .where(markSupervisedBy(user))
    .orderBy("name")
    .execute();
  const selected = options.markSlug ? allMarks.find((m) => m.slug === options.markSlug) : undefined;
  if (options.markSlug && !selected) return null;
  const marks = selected ? [selected] : allMarks;
  const markIds = marks.length ? marks.map((m) => m.id) : [NIL];
  const { inScope } = oversightScope(user, markIds);
  const monthsShown = lastMonths(today, 12);
  const daysShown = lastDays(today, 30);
  // The last 12 months: from the day after this date a year ago, up to today.
  const cutoff = new Date(shanghaiMidnight(today).getTime() + 86_400_000);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - 1);

  const [users, years, months, days, counts, asOf] = await Promise.all([
    // Active users and those among them who collected labels in the last 12 months, per mark and in all.
    sql<{ mark_id: string | null; active: number; used: number }>`
      with recent as (
        select distinct o.authorization_id from label_ledger g join label_order o on o.id = g.order_id
         where g.action = 'collect' and g.at >= ${cutoff})
      select a.mark_id, count(distinct a.enterprise_id)::int as active,
             count(distinct a.enterprise_id) filter (where r.authorization_id is not null)::int as used
        from "authorization" a left join recent r on r.authorization_id = a.id
       where ${inScope} and a.status in ${ACTIVE}
       group by grouping sets ((a.mark_id), ())`.execute(db),
    // Entries and exits per year (effective dates), the last five years.
    sql<{ mark_id: string | null; year: number; entered: number; exited: number }>`
      select a.mark_id, extract(year from ev.effective_on)::int as year,
             count(distinct a.enterprise_id) filter (where ev.action = 'activate')::int as entered,
             count(distinct a.enterprise_id) filter (where ev.to_status in ${EXITS})::int as exited
        from authorization_event ev join "authorization" a on a.id = ev.authorization_id
       where ${inScope} and ev.effective_on >= ${`${year - 4}-01-01`} and (ev.action = 'activate' or ev.to_status in ${EXITS})
       group by grouping sets ((a.mark_id, extract(year from ev.effective_on)), (extract(year from ev.effective_on)))`.execute(
      db,
    ),
    // Labels approved, printed, collected and voided per month.
    sql<{ month: string; action: LabelFlow; n: number }>`
      select to_char(g.at at time zone 'Asia/Shanghai', 'YYYY-MM') as month, g.action, sum(g.count)::bigint as n
        from label_ledger g join label_order o on o.id = g.order_id join "authorization" a on a.id = o.authorization_id
       where ${inScope} and g.action in ('approve', 'print', 'collect', 'void') and g.at >= ${shanghaiMidnight(`${monthsShown[0]}-01`)}
       group by 1, 2`.execute(db),
    // Scans per day and verdict (the alert job's daily figures).
    db
      .selectFrom("scan_daily")
      .select(["day", "verdict", (eb) => eb.fn.sum<number>("scans").as("n")])
      .where("day", ">=", daysShown[0]!)
      .where((eb) =>
        selected || user.role !== "admin"
          ? eb("mark_id", "in", markIds)
          : eb.or([eb("mark_id", "in", markIds), eb("mark_id", "=", NIL)]),
      )
      // scan_daily is per county: a township-level account sees no scan figures rather than its whole county's.
      .where(inDivisionOf(user, "county_code"))
      .groupBy(["day", "verdict"])
      .execute(),
    workload(db, user, { markIds, selected: Boolean(selected), inScope, today, year }),
    scanFiguresAsOf(db),
  ]);

  const figures = (markId: string | null) => {
    const u = users.rows.find((r) => r.mark_id === markId);
    const y = years.rows.find((r) => r.mark_id === markId && r.year === year);
    const active = u?.active ?? 0;
    const used = u?.used ?? 0;
    return {
      active,
      usedIn12Months: used,
      usageRate: active ? used / active : null,
      enteredThisYear: y?.entered ?? 0,
      exitedThisYear: y?.exited ?? 0,
    };
  };
  const perMark: MarkFigures[] = marks.map((m) => ({
    id: m.id,
    slug: m.slug,
    name: m.name,
    target: m.target_users,
    targetYear: m.target_year,
    ...figures(m.id),
  }));
  const total = {
    ...figures(null),
    target: marks.every((m) => m.target_users === null) ? null : marks.reduce((s, m) => s + (m.target_users ?? 0), 0),
  };
  return {
    today,
    year,
    marks: allMarks.map((m) => ({ slug: m.slug, name: m.name })),
    selected: selected ? { slug: selected.slug, name: selected.name } : null,
    perMark,
    total,
    years: Array.from({ length: 5 }, (_, i) => year - 4 + i).map((y) => {
      const r = years.rows.find((x) => x.mark_id === null && x.year === y);
      return { year: y, entered: r?.entered ?? 0, exited: r?.exited ?? 0 };
    }),
    months: monthsShown.map(
      (month) =>
        ({
          month,
          ...Object.fromEntries(
            LABEL_FLOWS.map((f) => [f, Number(months.rows.find((r) => r.month === month && r.action === f)?.n ?? 0)]),
          ),
        }) as { month: string } & Record<LabelFlow, number>,
    ),
    days: daysShown.map((day) => {
      const of = (v: Verdict) => Number(days.find((d) => d.day === day && d.verdict === v)?.n ?? 0);
      const byVerdict = Object.fromEntries(VERDICTS.map((v) => [v, of(v)])) as Record<Verdict, number>;
      return { day, ...byVerdict, total: VERDICTS.reduce((s, v) => s + byVerdict[v], 0) };
    }),
    counts,
    scansAsOf: asOf,
    since12Months: shanghaiDate(cutoff),
  };
}

/** Open and overdue work: consumer reports, reviews, annual reports, flags. */
async function workload(
  db: Kysely<DB>,
  user: SessionUser,
  s: { markIds: string[]; selected: boolean; inScope: ReturnType<typeof sql>; today: string; year: number },
) {
  const lastYear = s.year - 1;
  const markIds = s.selected ? s.markIds : undefined;
  const calendar = await loadWorkCalendar(db);
  const [reports, reviews, missingAnnualReports, openFlags] = await Promise.all([
    openReportCounts(db, user, {
      markIds,
      overdueBefore: shanghaiMidnight(workingDaysBefore(s.today, REPORT_HANDLING_WORKING_DAYS, calendar)),
    }),
    sql<{
      n: number;
    }>`select count(*)::int as n from "authorization" a where ${s.inScope} and a.status in ('submitted', 'accepted', 'reviewed') and a.review_due_on < ${s.today}`.execute(
      db,
    ),
    // Last year's reports missing once their due date has passed.
    s.today > dueOn(lastYear) ? countUnfiledReports(db, user, lastYear, s.markIds) : Promise.resolve(0),
    countUnresolvedAlerts(db, user, markIds),
  ]);
  return {
    openReports: reports.open,
    overdueReports: reports.overdue,
    overdueReviews: reviews.rows[0]?.n ?? 0,
    missingAnnualReports,
    missingAnnualYear: lastYear,
    openFlags,
  };
}
