import { sql, type Kysely, type Transaction } from "kysely";
import { z } from "zod";
import type { DB } from "#db/schema.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { authorizationVisibleTo } from "#app/accounts/scope.server.ts";
import { settleFlagsIn } from "#app/alert/flags.server.ts";
import { shanghaiDate, shanghaiYear } from "#app/calendar/working-days.ts";
import { PUBLIC_STATUSES } from "#app/authorization/lifecycle.ts";
import { field } from "#app/forms/form.ts";
import { DomainError } from "#app/errors.ts";
import { isUuid } from "#app/ids.ts";

/** A year's report is due by 31 March of the next year (decision 010); later filings are late. */
export const dueOn = (year: number) => `${year + 1}-03-31`;

export const REPORT_STATES = ["filed", "late", "missing", "pending"] as const;
export type ReportState = (typeof REPORT_STATES)[number];

const amount = (max: number) =>
  z
    .string({ required_error: "form.required" })
    .transform((s) => s.normalize("NFKC").replace(/[,，\s]/g, ""))
    .pipe(
      z
        .string()
        .min(1, "form.required")
        .regex(/^\d{1,12}(\.\d{1,2})?$/, "annualReport.number")
        .refine((v) => Number(v) <= max, "annualReport.number"),
    );

/** What the enterprise states; the label figures come from the ledger, never from the form. */
export const annualReportSchema = z.object({
  year: field.int(2000, 2100),
  outputQuantity: amount(1e12),
  outputUnit: field.text(10),
  salesAmount: amount(1e12),
  markets: field.paragraph(500),
  note: field.optionalParagraph(1000),
  version: z
    .string()
    .optional()
    .transform((s) => s || "0")
    .pipe(field.version(0)),
});
export type AnnualReportInput = z.infer<typeof annualReportSchema>;

/** Labels collected and voided in a calendar year (Asia/Shanghai), from the ledger. */
export async function ledgerFiguresFor(db: Kysely<DB> | Transaction<DB>, authorizationId: string, year: number) {
  const { from, to } = shanghaiYear(year);
  const row = await db
    .selectFrom("label_ledger")
    .innerJoin("label_order", "label_order.id", "label_ledger.order_id")
    .select([
      sql<number>`coalesce(sum(label_ledger.count) filter (where label_ledger.action = 'collect'), 0)::int`.as(
        "collected",
      ),
      sql<number>`coalesce(sum(label_ledger.count) filter (where label_ledger.action = 'void'), 0)::int`.as("voided"),
    ])
    .where("label_order.authorization_id", "=", authorizationId)
    .where("label_ledger.at", ">=", from)
    .where("label_ledger.at", "<", to)
    .executeTakeFirstOrThrow();
  return { collected: Number(row.collected), voided: Number(row.voided) };
}

/** Owes a report for the year: in force on some day of it (admitted by its end, not exited before it began). */
export function owesReportFor(year: number) {
  return sql<boolean>`"authorization".status in (${sql.join(PUBLIC_STATUSES)}) and "authorization".active_from <= ${`${year}-12-31`} and ("authorization".exited_on is null or "authorization".exited_on >= ${`${year}-01-01`})`;
}

/** Has filed no report for the year (the query must select from "authorization"). */
export function noReportFor(year: number) {
  return sql<boolean>`not exists (select 1 from annual_report r where r.authorization_id = "authorization".id and r.year = ${year})`;
}

/** Every authorization that owes the year's report and has not filed it, with its names (the reminder job asks). */
export function unfiledReports(db: Kysely<DB>, year: number) {
  return db
    .selectFrom("authorization")
    .innerJoin("enterprise", "enterprise.id", "authorization.enterprise_id")
    .innerJoin("mark", "mark.id", "authorization.mark_id")
    .select(["authorization.id", "authorization.enterprise_id", "enterprise.name as enterprise", "mark.name as mark"])
    .where(owesReportFor(year))
    .where(noReportFor(year))
    .execute();
}

export function stateOfReport(year: number, filedAt: Date | null, today = shanghaiDate()): ReportState {
  if (filedAt) return shanghaiDate(filedAt) <= dueOn(year) ? "filed" : "late";
  return today > dueOn(year) ? "missing" : "pending";
}

/** Every authorization that owes a report for the year, within what the caller may see, with its state. */
export async function annualReportRegister(db: Kysely<DB>, user: SessionUser, year: number, today = shanghaiDate()) {
  const rows = await db
    .selectFrom("authorization")
    .innerJoin("enterprise", "enterprise.id", "authorization.enterprise_id")
    .innerJoin("mark", "mark.id", "authorization.mark_id")
    .leftJoin("annual_report", (join) =>
      join.onRef("annual_report.authorization_id", "=", "authorization.id").on("annual_report.year", "=", year),
    )
    .select([
      "authorization.id as authorization_id",
      "authorization.status",
      "enterprise.id as enterprise_id",
      "enterprise.name as enterprise_name",
      "enterprise.uscc",
      "mark.name as mark_name",
      "annual_report.id as report_id",
      "annual_report.filed_at",
      "annual_report.labels_collected",
      "annual_report.labels_voided",
      sql<string | null>`trim_scale(annual_report.output_quantity)::text`.as("output_quantity"),
      "annual_report.output_unit",
      sql<string | null>`trim_scale(annual_report.sales_amount)::text`.as("sales_amount"),
      "annual_report.markets",
    ])
    .where(authorizationVisibleTo(user))
    .where(owesReportFor(year))
    .orderBy("mark.name")
    .orderBy("enterprise.name")
    .execute();
  return rows.map((r) => ({ ...r, state: stateOfReport(year, r.filed_at, today), due_on: dueOn(year) }));
}

/** The report (if filed) and the ledger's figures for one of the caller's authorizations. */
export async function reportFormFor(db: Kysely<DB>, user: SessionUser, authorizationId: string, year: number) {
  if (!isUuid(authorizationId)) return undefined;
  const authorization = await db
    .selectFrom("authorization")
    .innerJoin("mark", "mark.id", "authorization.mark_id")
    .innerJoin("enterprise", "enterprise.id", "authorization.enterprise_id")
    .select([
      "authorization.id",
      "authorization.enterprise_id",
      "authorization.mark_id",
      "authorization.annual_output",
      "mark.name as mark_name",
      "enterprise.name as enterprise_name",
      sql<boolean>`${owesReportFor(year)}`.as("owes"),
    ])
    .where("authorization.id", "=", authorizationId)
    .where(authorizationVisibleTo(user))
    .executeTakeFirst();
  if (!authorization) return undefined;
  const report = await db
    .selectFrom("annual_report")
    .select([
      "id",
      "year",
      "labels_collected",
      "labels_voided",
      "output_unit",
      "markets",
      "note",
      "filed_at",
      "amended_at",
      "version",
      sql<string>`trim_scale(output_quantity)::text`.as("output_quantity"),
      sql<string>`trim_scale(sales_amount)::text`.as("sales_amount"),
    ])
    .where("authorization_id", "=", authorizationId)
    .where("year", "=", year)
    .executeTakeFirst();
  return {
    authorization,
    report: report ?? null,
    ledger: await ledgerFiguresFor(db, authorizationId, year),
    dueOn: dueOn(year),
    state: stateOfReport(year, report?.filed_at ?? null),
  };
}

/** Authorizations in the caller's view (optionally of some marks) that owe the year's report and have not filed it. */
export async function countUnfiledReports(
  db: Kysely<DB>,
  user: SessionUser,
  year: number,
  markIds?: string[],
): Promise<number> {
  const row = await db
    .selectFrom("authorization")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where(authorizationVisibleTo(user))
    .where(owesReportFor(year))
    .$if(Boolean(markIds), (q) => q.where("authorization.mark_id", "in", markIds!))
    .where(noReportFor(year))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Years the user may file for: completed years in which the authorization was in force. */
export function fileableYears(activeFrom: string | null, exitedOn: string | null, today = shanghaiDate()): number[] {
  if (!activeFrom) return [];
  const last = Math.min(Number(today.slice(0, 4)) - 1, exitedOn ? Number(exitedOn.slice(0, 4)) : Infinity);
  const years: number[] = [];
  for (let y = last; y >= Number(activeFrom.slice(0, 4)) && years.length < 5; y--) years.push(y);
  return years;
}

/**
 * The enterprise files (or corrects, at the version it showed) a report. The label figures are
 * copied from the ledger in the same transaction, the missing-report flag is settled, and the
 * filing is audited with what it replaced.
 */
export async function fileAnnualReport(
  db: Kysely<DB>,
  user: SessionUser,
  authorizationId: string,
  input: AnnualReportInput,
) {
  if (user.role !== "enterprise" || !user.enterpriseId) throw new DomainError("error.forbidden.text", { status: 403 });
  const form = await reportFormFor(db, user, authorizationId, input.year);
  if (!form) throw new DomainError("error.notFound.text", { status: 404 });
  if (!form.authorization.owes || input.year >= Number(shanghaiDate().slice(0, 4)))
    throw new DomainError("annualReport.notDue", { field: "year", params: { year: input.year } });
  return db.transaction().execute(async (trx) => {
    const ledger = await ledgerFiguresFor(trx, authorizationId, input.year);
    const values = {
      labels_collected: ledger.collected,
      labels_voided: ledger.voided,
      output_quantity: input.outputQuantity,
      output_unit: input.outputUnit,
      sales_amount: input.salesAmount,
      markets: input.markets,
      note: input.note ?? null,
    };
    const existing = await trx
      .selectFrom("annual_report")
      .selectAll()
      .where("authorization_id", "=", authorizationId)
      .where("year", "=", input.year)
      .forUpdate()
      .executeTakeFirst();
    let row;
    if (!existing) {
      if (input.version !== 0) throw new DomainError("form.stale", { status: 409 });
      row = await trx
        .insertInto("annual_report")
        .values({
          authorization_id: authorizationId,
          enterprise_id: form.authorization.enterprise_id,
          mark_id: form.authorization.mark_id,
          year: input.year,
          due_on: dueOn(input.year),
          filed_by: user.id,
          ...values,
        })
        .onConflict((oc) => oc.columns(["authorization_id", "year"]).doNothing())
        .returningAll()
        .executeTakeFirst();
      // Filed twice at once: the first one stands, the second is told.
      if (!row) throw new DomainError("form.stale", { status: 409 });
    } else {
      row = await trx
        .updateTable("annual_report")
        .set({ ...values, amended_at: new Date(), version: existing.version + 1 })
        .where("id", "=", existing.id)
        .where("version", "=", input.version)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new DomainError("form.stale", { status: 409 });
    }
    await settleFlagsIn(
      trx,
      { userId: user.id },
      "annual_report_missing",
      { subject: `${authorizationId}:${input.year}` },
      "annual report filed",
    );
    const after = { year: input.year, ...values };
    await recordAudit(trx, actorOf(user), {
      action: existing ? "annual_report.amend" : "annual_report.file",
      entityType: "annual_report",
      entityId: row.id,
      before: existing
        ? {
            labels_collected: existing.labels_collected,
            labels_voided: existing.labels_voided,
            output_quantity: existing.output_quantity,
            output_unit: existing.output_unit,
            sales_amount: existing.sales_amount,
            markets: existing.markets,
            note: existing.note,
          }
        : null,
      after,
    });
    return row;
  });
}

/** The completed years an authorization owes reports for, newest first, each with its state. */
export async function reportStatesFor(
  db: Kysely<DB>,
  a: { id: string; active_from: string | null; exited_on: string | null },
  today = shanghaiDate(),
) {
  const years = fileableYears(a.active_from, a.exited_on, today);
  if (!years.length) return [];
  const filed = await db
    .selectFrom("annual_report")
    .select(["year", "filed_at"])
    .where("authorization_id", "=", a.id)
    .where("year", "in", years)
    .execute();
  return years.map((year) => {
    const report = filed.find((f) => f.year === year);
    return { year, dueOn: dueOn(year), state: stateOfReport(year, report?.filed_at ?? null, today) };
  });
}
