import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyForMark } from "#app/authorization/application.server.ts";
import { addWorkingDays, shanghaiDate } from "#app/calendar/working-days.ts";
import {
  calendarDaySchema,
  calendarYear,
  firstYearMissing,
  loadWorkCalendar,
  removeCalendarDay,
  setCalendarDays,
} from "#app/calendar/work-calendar.server.ts";
import { listAuthorizations } from "#app/authorization/queries.server.ts";
import { DomainError } from "#app/errors.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeEnterprise, makeUser } from "#tests/support/factories.ts";
import { makeMark } from "#tests/support/register-factories.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-calendar-"));

let t: TestDatabase;
let admin: SessionUser;
let regulator: SessionUser;
beforeAll(async () => {
  t = await createTestDatabase();
  admin = await makeUser(t.db, "admin");
  regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
});
afterAll(async () => {
  await t?.drop();
});

const plusDays = (date: string, n: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

describe("the work calendar", () => {
  it("ships the 2026 notice: Spring Festival off, the make-up Saturdays working", async () => {
    const { days } = await calendarYear(t.db, 2026);
    const off = days.filter((d) => !d.working && d.name === "春节").map((d) => d.day);
    expect(off).toEqual([
      "2026-02-15",
      "2026-02-16",
      "2026-02-17",
      "2026-02-18",
      "2026-02-19",
      "2026-02-20",
      "2026-02-21",
      "2026-02-22",
      "2026-02-23",
    ]);
    expect(days.filter((d) => d.working).map((d) => d.day)).toEqual([
      "2026-01-04",
      "2026-02-14",
      "2026-02-28",
      "2026-05-09",
      "2026-09-20",
      "2026-10-10",
    ]);
    expect(days.filter((d) => !d.working)).toHaveLength(33);
    // Late in 2026 the 2027 notice is due and nobody has entered it.
    expect(await firstYearMissing(t.db, "2026-12-01")).toBe(2027);
    expect(await firstYearMissing(t.db, "2026-06-01")).toBeNull();
  });

  it("a holiday entered by the administrator moves a new application's review deadline, and is audited", async () => {
    const today = shanghaiDate();
    const weekdayOnly = addWorkingDays(today, 10);
    // A five-day holiday starting tomorrow (the test must not depend on today's date).
    const saved = await setCalendarDays(
      t.db,
      admin,
      calendarDaySchema.parse({
        from: plusDays(today, 1),
        to: plusDays(today, 5),
        working: "holiday",
        name: "测试假期",
      }),
    );
    expect(saved).toBe(5);
    const calendar = await loadWorkCalendar(t.db);
    const expected = addWorkingDays(today, 10, calendar);
    expect(expected > weekdayOnly).toBe(true);

    const mark = await makeMark(t.db, { slug: "calendar" });
    const enterprise = await makeEnterprise(t.db, "430923");
    const member = await makeUser(t.db, "enterprise", { enterpriseId: enterprise.id });
    const applied = await applyForMark(t.db, member, {
      markId: mark.id,
      route: "gi_product",
      townshipCode: mark.townships[0]!,
      products: "千两茶",
      annualOutput: "50 吨",
      labelManagerName: "王标签",
      labelManagerPhone: "13800000001",
    });
    expect(applied.review_due_on).toBe(expected);
    const listed = (await listAuthorizations(t.db, regulator, { open: true })).find((a) => a.id === applied.id);
    expect(listed).toMatchObject({ review_due_on: expected, workingDaysUsed: 0, overdue: false });

    const audit = await t.db
      .selectFrom("audit_entry")
      .select(["action", "entity_id", "actor_user_id", "after"])
      .where("entity_type", "=", "calendar_day")
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({ action: "calendar.set", entity_id: plusDays(today, 1), actor_user_id: admin.id }),
    ]);
    expect((audit[0]!.after as { days: string[] }).days).toHaveLength(5);

    // Taken back: the day is a normal day again, and the audit keeps what it said.
    await removeCalendarDay(t.db, admin, plusDays(today, 1));
    expect((await loadWorkCalendar(t.db)).has(plusDays(today, 1))).toBe(false);
    const removal = await t.db
      .selectFrom("audit_entry")
      .select(["before"])
      .where("action", "=", "calendar.remove")
      .executeTakeFirstOrThrow();
    expect(removal.before).toEqual({ working: false, name: "测试假期" });
  });

  it("refuses anyone but an administrator, impossible dates and long ranges; accepts full-width input", async () => {
    const input = calendarDaySchema.parse({ from: "2027-02-06", working: "holiday", name: "春节" });
    await expect(setCalendarDays(t.db, regulator, input)).rejects.toBeInstanceOf(DomainError);
    expect((await calendarYear(t.db, 2027)).days).toEqual([]);
    const issues = (raw: Record<string, string>) =>
      calendarDaySchema.safeParse(raw).error?.issues.map((i) => `${i.path[0]}:${i.message}`);
    expect(issues({ from: "2027-02-30", working: "holiday", name: "春节" })).toEqual(["from:calendar.dateInvalid"]);
    expect(issues({ from: "2027-02-10", to: "2027-02-01", working: "holiday", name: "春节" })).toEqual([
      "to:calendar.rangeInvalid",
    ]);
    expect(issues({ from: "2027-01-01", to: "2027-03-01", working: "holiday", name: "春节" })).toEqual([
      "to:calendar.rangeInvalid",
    ]);
    expect(
      calendarDaySchema.parse({ from: "２０２７－０２－０６", to: "2027年2月8日", working: "holiday", name: "春节" }),
    ).toMatchObject({ from: "2027-02-06", to: "2027-02-08" });
    await expect(removeCalendarDay(t.db, admin, "2027-03-03")).rejects.toMatchObject({ key: "calendar.notThere" });
  });
});
