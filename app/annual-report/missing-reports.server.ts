import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { SYSTEM_ACTOR } from "#app/audit/audit.server.ts";
import { raiseAlertIn } from "#app/alert/flags.server.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { dueOn, owesReportFor, noReportFor } from "./annual-report.server.ts";

// Reports not filed by their due date: the daily job raises a flag for the county desk.

/**
 * After a year's due date, each authorization that owed a report and has none gets a flag, once
 * per year (filing settles it; a resolved one is never raised again for that year).
 */
export async function raiseMissingReportFlags(db: Kysely<DB>, today = shanghaiDate()): Promise<number> {
  const thisYear = Number(today.slice(0, 4));
  let raised = 0;
  for (const year of [thisYear - 2, thisYear - 1]) {
    if (today <= dueOn(year)) continue;
    const missing = await db
      .selectFrom("authorization")
      .innerJoin("enterprise", "enterprise.id", "authorization.enterprise_id")
      .select([
        "authorization.id",
        "authorization.enterprise_id",
        "authorization.township_code",
        "authorization.mark_id",
        "enterprise.name",
      ])
      .where(owesReportFor(year))
      .where(noReportFor(year))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("flag")
              .select("flag.id")
              .where("flag.kind", "=", "annual_report_missing")
              .where("flag.subject", "=", sql<string>`"authorization".id::text || ':' || ${String(year)}`),
          ),
        ),
      )
      .execute();
    for (const a of missing) {
      const isNew = await db.transaction().execute((trx) =>
        raiseAlertIn(trx, SYSTEM_ACTOR, {
          kind: "annual_report_missing",
          subject: `${a.id}:${year}`,
          divisionCode: a.township_code,
          markId: a.mark_id,
          authorizationId: a.id,
          enterpriseId: a.enterprise_id,
          seenAt: new Date(),
          occurrences: 1,
          accumulate: false,
          detail: { year, dueOn: dueOn(year), enterprise: a.name },
        }),
      );
      if (isNew) raised += 1;
    }
  }
  return raised;
}
