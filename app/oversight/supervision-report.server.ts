import { sql, type Kysely } from "kysely";
import type { DB, ExitReason } from "#db/schema.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { creditEventVisibleTo, inDivisionOf, markSupervisedBy, reportVisibleTo } from "#app/accounts/scope.server.ts";
import { ACTIVE, EXITS, oversightScope } from "./oversight-scope.server.ts";
import { annualReportRegister } from "#app/annual-report/annual-report.server.ts";
import { shanghaiDate, shanghaiYear } from "#app/calendar/working-days.ts";

/**
 * The yearly supervision data a county sends upward, for the caller's division (administrators:
 * the whole country): marks and users, entries and exits, labels, annual reports, consumer reports,
 * credit records and enforcement, double-random inspections, scans. Users "at year end" are those
 * authorized on 31 December by the register's history (decision 005).
 */
export async function supervisionReport(db: Kysely<DB>, user: SessionUser, year: number, today = shanghaiDate()) {
  const { from, to } = shanghaiYear(year);
  const yearEnd = `${year}-12-31`;
  const marks = await db
    .selectFrom("mark")
    .select(["id", "name", "kind", "target_users"])
    .where(markSupervisedBy(user))
    .orderBy("name")
    .execute();
  const { inScope: scoped } = oversightScope(
    user,
    marks.map((m) => m.id),
  );

  const [users, moves, reasons, labels, complaints, credit, inspections, scans, annual, enforcement, takedowns] =
    await Promise.all([
      sql<{ mark_id: string | null; n: number }>`
      with last_status as (
        select distinct on (ev.authorization_id) ev.authorization_id, ev.to_status
          from authorization_event ev join "authorization" a on a.id = ev.authorization_id
         where ${scoped} and ev.effective_on <= ${yearEnd}
         order by ev.authorization_id, ev.effective_on desc, ev.id desc)
      select a.mark_id, count(distinct a.enterprise_id)::int as n
        from last_status s join "authorization" a on a.id = s.authorization_id
       where s.to_status in ${ACTIVE}
       group by grouping sets ((a.mark_id), ())`.execute(db),
      sql<{ mark_id: string | null; entered: number; exited: number }>`
      select a.mark_id,
             count(distinct a.enterprise_id) filter (where ev.action = 'activate')::int as entered,
             count(distinct a.enterprise_id) filter (where ev.to_status in ${EXITS})::int as exited
        from authorization_event ev join "authorization" a on a.id = ev.authorization_id
       where ${scoped} and extract(year from ev.effective_on) = ${year}
       group by grouping sets ((a.mark_id), ())`.execute(db),
      sql<{ reason: ExitReason | null; n: number }>`
      select a.exit_reason as reason, count(*)::int as n from "authorization" a
       where ${scoped} and extract(year from a.exited_on) = ${year} group by 1 order by 2 desc`.execute(db),
      sql<{ action: string; n: number }>`
      select g.action, sum(g.count)::bigint as n
        from label_ledger g join label_order o on o.id = g.order_id join "authorization" a on a.id = o.authorization_id
       where ${scoped} and g.at >= ${from} and g.at < ${to} and g.action in ('approve', 'print', 'spoil', 'collect', 'void')
       group by 1`.execute(db),
      db
        .selectFrom("report")
        .select([
          sql<number>`count(*) filter (where report.created_at >= ${from} and report.created_at < ${to})`.as(
            "received",
          ),
          sql<number>`count(*) filter (where report.closed_at >= ${from} and report.closed_at < ${to})`.as("closed"),
          sql<number>`count(*) filter (where report.closed_at >= ${from} and report.closed_at < ${to} and report.outcome = 'confirmed_fake')`.as(
            "confirmed",
          ),
          sql<number>`count(*) filter (where report.created_at >= ${from} and report.created_at < ${to} and report.kind = 'listing')`.as(
            "listings",
          ),
        ])
        .where(reportVisibleTo(user))
        .executeTakeFirstOrThrow(),
      db
        .selectFrom("credit_event")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("decided_on", ">=", `${year}-01-01`)
        .where("decided_on", "<=", yearEnd)
        .where(creditEventVisibleTo(user))
        .executeTakeFirstOrThrow(),
      sql<{ campaigns: number; targets: number; inspected: number; failed: number }>`
      select count(distinct i.id)::int as campaigns, count(x.id)::int as targets,
             count(x.id) filter (where x.result is not null)::int as inspected,
             count(x.id) filter (where x.result = 'non_conforming')::int as failed
        from inspection i left join inspection_target x on x.inspection_id = i.id
       where ${inDivisionOf(user, "i.division_code")} and i.created_at >= ${from} and i.created_at < ${to}`.execute(db),
      db
        .selectFrom("scan_daily")
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("scans"), eb.lit(0)).as("n"))
        .where("day", ">=", `${year}-01-01`)
        .where("day", "<=", yearEnd)
        .where(inDivisionOf(user, "county_code"))
        .executeTakeFirstOrThrow(),
      annualReportRegister(db, user, year, today),
      sql<{ action: string; n: number }>`
      select ev.action, count(*)::int as n from authorization_event ev join "authorization" a on a.id = ev.authorization_id
       where ${scoped} and extract(year from ev.effective_on) = ${year} and ev.action in ('order_rectification', 'suspend', 'cancel')
       group by 1`.execute(db),
      // Takedown requests sent in the year, by where each stands now (decision 051).
      db
        .selectFrom("takedown_request")
        .innerJoin("report", "report.id", "takedown_request.report_id")
        .select([
          (eb) => eb.fn.countAll<number>().as("sent"),
          sql<number>`count(*) filter (where takedown_request.status = 'removed')`.as("removed"),
          sql<number>`count(*) filter (where takedown_request.status = 'refused')`.as("refused"),
          sql<number>`count(*) filter (where takedown_request.status = 'pending')`.as("pending"),
        ])
        .where("takedown_request.requested_at", ">=", from)
        .where("takedown_request.requested_at", "<", to)
        .where(reportVisibleTo(user))
        .executeTakeFirstOrThrow(),
    ]);

  const byMark = <T extends { mark_id: string | null }>(rows: T[], id: string | null) =>
    rows.find((r) => r.mark_id === id);
  const perMark = [...marks, { id: null, name: null, kind: null, target_users: null }].map((m) => ({
    name: m.name,
    kind: m.kind,
    target: m.target_users,
    activeAtYearEnd: byMark(users.rows, m.id)?.n ?? 0,
    entered: byMark(moves.rows, m.id)?.entered ?? 0,
    exited: byMark(moves.rows, m.id)?.exited ?? 0,
  }));
  const label = (action: string) => Number(labels.rows.find((r) => r.action === action)?.n ?? 0);
  const count = (state: string) => annual.filter((r) => r.state === state).length;
  const act = (action: string) => enforcement.rows.find((r) => r.action === action)?.n ?? 0;
  return {
    year,
    marks: perMark,
    exitReasons: reasons.rows,
    labels: {
      approve: label("approve"),
      print: label("print"),
      spoil: label("spoil"),
      collect: label("collect"),
      void: label("void"),
    },
    annualReports: {
      owed: annual.length,
      filed: count("filed"),
      late: count("late"),
      missing: count("missing"),
      // Not filed but not yet due (a year's report is due by 31 March): not a failure to report.
      notYetDue: count("pending"),
    },
    enforcement: {
      received: Number(complaints.received),
      closed: Number(complaints.closed),
      confirmed: Number(complaints.confirmed),
      listings: Number(complaints.listings),
      credit: Number(credit.n),
      rectifications: act("order_rectification"),
      suspensions: act("suspend"),
      cancellations: act("cancel"),
    },
    takedowns: {
      sent: Number(takedowns.sent),
      removed: Number(takedowns.removed),
      refused: Number(takedowns.refused),
      pending: Number(takedowns.pending),
    },
    inspections: inspections.rows[0] ?? { campaigns: 0, targets: 0, inspected: 0, failed: 0 },
    scans: Number(scans.n),
  };
}

export type SupervisionReport = Awaited<ReturnType<typeof supervisionReport>>;
