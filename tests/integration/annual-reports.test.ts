import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  annualReportRegister,
  fileAnnualReport,
  reportFormFor,
  stateOfReport,
  annualReportSchema,
  type AnnualReportInput,
} from "#app/annual-report/annual-report.server.ts";
import { raiseMissingReportFlags } from "#app/annual-report/missing-reports.server.ts";
import { DomainError } from "#app/errors.ts";
import { parseForm } from "#app/forms/form.ts";
import { verifyAuditChain } from "#app/audit/audit.server.ts";
import { translator } from "#app/i18n/i18n.ts";
import { supervisionReport } from "#app/oversight/supervision-report.server.ts";
import { supervisionRows } from "#app/oversight/supervision-rows.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeUser } from "#tests/support/factories.ts";

import { activeUser, labelsInEveryState, type LabelWorld, markWithPrinter } from "#tests/support/label-factories.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-annual-"));

let t: TestDatabase;
let w: LabelWorld;
let elsewhere: SessionUser;
const thisYear = Number(shanghaiDate().slice(0, 4));
const lastYear = thisYear - 1;
const report = (overrides: Partial<AnnualReportInput> = {}): AnnualReportInput => ({
  year: lastYear,
  outputQuantity: "18.5",
  outputUnit: "吨",
  salesAmount: "1250.5",
  markets: "湖南、广东、线上",
  note: undefined,
  version: 0,
  ...overrides,
});

beforeAll(async () => {
  t = await createTestDatabase();
  const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  const approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  elsewhere = await makeUser(t.db, "regulator", { divisionCode: "611026" });
  const { mark, printerId, printer } = await markWithPrinter(t.db, "年报测试印务", { slug: "annual" });
  w = { db: t.db, raw: t.raw, markId: mark.id, printerId, regulator, approver, printer };
});
afterAll(async () => {
  await t?.drop();
});

it("tells filed, late, missing and not yet due apart by the due date of 31 March", () => {
  expect(stateOfReport(2025, new Date("2026-03-31T15:00:00Z"), "2026-12-01")).toBe("filed");
  expect(stateOfReport(2025, new Date("2026-03-31T16:30:00Z"), "2026-12-01")).toBe("late");
  expect(stateOfReport(2025, null, "2026-03-31")).toBe("pending");
  expect(stateOfReport(2025, null, "2026-04-01")).toBe("missing");
});

it("prefills the ledger's figures for the year, files once, corrects at the shown version, and settles the missing-report flag", async () => {
  const user = await labelsInEveryState(w, "AR-001");
  // The labels were collected and voided this year; ledger entries moved into last year count there.
  const orders = await t.db
    .selectFrom("label_order")
    .select("id")
    .where("authorization_id", "=", user.authorizationId)
    .execute();
  const lastYearMidday = new Date(`${lastYear}-07-01T12:00:00+08:00`);
  await t.db
    .insertInto("label_ledger")
    .values([
      { order_id: orders[0]!.id, action: "collect", count: 30, at: lastYearMidday, serial_from: 900, serial_to: 929 },
      { order_id: orders[0]!.id, action: "void", count: 4, at: lastYearMidday, serial_from: 930, serial_to: 933 },
      { order_id: orders[0]!.id, action: "collect", count: 5, at: new Date(`${thisYear}-01-01T00:00:00+08:00`) },
    ])
    .execute();
  await t.db
    .updateTable("authorization")
    .set({ active_from: `${lastYear}-03-01` })
    .where("id", "=", user.authorizationId)
    .execute();

  const form = await reportFormFor(t.db, user.member, user.authorizationId, lastYear);
  expect(form?.ledger).toEqual({ collected: 30, voided: 4 });
  expect(form?.authorization.owes).toBe(true);

  await raiseMissingReportFlags(t.db, `${thisYear}-04-01`);
  const flag = () =>
    t.db
      .selectFrom("flag")
      .select(["resolved_at", "resolution"])
      .where("kind", "=", "annual_report_missing")
      .where("subject", "=", `${user.authorizationId}:${lastYear}`)
      .execute();
  expect(await flag()).toEqual([{ resolved_at: null, resolution: null }]);
  // Raised once per year, however often the job runs.
  expect(await raiseMissingReportFlags(t.db, `${thisYear}-04-02`)).toBe(0);

  // Another enterprise, another county, a year not over or not in force: nothing is filed.
  const other = await activeUser(w);
  await expect(fileAnnualReport(t.db, other.member, user.authorizationId, report())).rejects.toMatchObject({
    key: "error.notFound.text",
  });
  await expect(
    fileAnnualReport(t.db, user.member, user.authorizationId, report({ year: thisYear })),
  ).rejects.toMatchObject({ key: "annualReport.notDue" });
  await expect(
    fileAnnualReport(t.db, user.member, user.authorizationId, report({ year: lastYear - 3 })),
  ).rejects.toMatchObject({ key: "annualReport.notDue" });

  const filed = await fileAnnualReport(t.db, user.member, user.authorizationId, report());
  expect(filed).toMatchObject({ labels_collected: 30, labels_voided: 4, year: lastYear, version: 1 });
  const [settled] = await flag();
  expect(settled?.resolution).toBe("annual report filed");
  // A second submission of the first form (a double click) is stale; a correction names its version.
  await expect(fileAnnualReport(t.db, user.member, user.authorizationId, report())).rejects.toMatchObject({
    key: "form.stale",
  });
  const corrected = await fileAnnualReport(
    t.db,
    user.member,
    user.authorizationId,
    report({ outputQuantity: "19", version: 1 }),
  );
  expect(corrected.version).toBe(2);
  expect(corrected.amended_at).not.toBeNull();
  await expect(fileAnnualReport(t.db, user.member, user.authorizationId, report({ version: 1 }))).rejects.toMatchObject(
    { key: "form.stale" },
  );

  const audit = await t.db
    .selectFrom("audit_entry")
    .select(["action", "before", "after"])
    .where("entity_type", "=", "annual_report")
    .orderBy("seq")
    .execute();
  expect(audit.map((a) => a.action)).toEqual(["annual_report.file", "annual_report.amend"]);
  // Nothing saved is lost: the correction's entry keeps what it replaced.
  expect(audit[1]!.before).toMatchObject({ output_quantity: "18.50" });
  expect((await verifyAuditChain(t.db)).ok).toBe(true);

  const register = await annualReportRegister(t.db, w.regulator, lastYear);
  const row = register.find((r) => r.authorization_id === user.authorizationId);
  expect(row).toMatchObject({ output_quantity: "19", sales_amount: "1250.5", labels_collected: 30 });
  expect(row?.state === "filed" || row?.state === "late").toBe(true);
  expect(await annualReportRegister(t.db, elsewhere, lastYear)).toEqual([]);
  // A user admitted this year owes nothing for last year.
  expect(register.find((r) => r.authorization_id === other.authorizationId)).toBeUndefined();
});

it("a correction at a version past PostgreSQL's integer is a stale form, not a failed query", async () => {
  const user = await activeUser(w);
  await t.db
    .updateTable("authorization")
    .set({ active_from: `${lastYear}-03-01` })
    .where("id", "=", user.authorizationId)
    .execute();
  await fileAnnualReport(t.db, user.member, user.authorizationId, report());
  // What the route does with the posted form: parse it, then file.
  const posted = new FormData();
  const fields = { year: String(lastYear), outputQuantity: "19", outputUnit: "吨", salesAmount: "1", markets: "湖南" };
  for (const [k, v] of Object.entries({ ...fields, version: "99999999999" })) posted.set(k, v);
  const parsed = parseForm(posted, annualReportSchema);
  const outcome = parsed.ok
    ? await fileAnnualReport(t.db, user.member, user.authorizationId, parsed.data).then(
        () => "filed",
        (error: unknown) => (error instanceof DomainError ? error.key : `query failed: ${String(error)}`),
      )
    : parsed.fieldErrors.version?.key;
  expect(outcome).toBe("form.stale");
});

it("the supervision report counts reports not yet due apart from missing ones, in both languages", async () => {
  // Issue 14, item 10: on 6 December the year's reports are not due until 31 March.
  await activeUser(w);
  const before = await supervisionReport(t.db, w.regulator, thisYear, `${thisYear}-12-06`);
  expect(before.annualReports.owed).toBeGreaterThan(0);
  expect(before.annualReports.missing).toBe(0);
  expect(before.annualReports.notYetDue).toBe(
    before.annualReports.owed - before.annualReports.filed - before.annualReports.late,
  );
  const after = await supervisionReport(t.db, w.regulator, thisYear, `${thisYear + 1}-04-01`);
  expect(after.annualReports.notYetDue).toBe(0);
  expect(after.annualReports.missing).toBe(before.annualReports.notYetDue);

  const figures = (lang: "zh-CN" | "en") =>
    supervisionRows(before, translator(lang))
      .filter((r) => r.section === "reports")
      .map((r) => [r.metric, r.value]);
  expect(figures("zh-CN")).toContainEqual(["未到截止日期（尚未提交）", before.annualReports.notYetDue]);
  expect(figures("zh-CN")).toContainEqual(["逾期未提交", 0]);
  expect(figures("en")).toContainEqual(["Not yet due (not filed yet)", before.annualReports.notYetDue]);
  expect(figures("en")).toContainEqual(["Overdue, not filed", 0]);
});
