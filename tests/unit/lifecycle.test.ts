import { describe, expect, it } from "vitest";
import {
  ALL_STATUSES,
  TRANSITIONS,
  canTransition,
  actionsFrom,
  type AuthorizationAction,
} from "#app/authorization/lifecycle.ts";
import { addWorkingDays, workingDaysBefore, workingDaysBetween } from "#app/calendar/working-days.ts";

// The lifecycle of DESIGN.md, written out independently of the table under test.
const EXPECTED: Record<AuthorizationAction, string> = {
  submit: "draft,returned→submitted",
  accept: "submitted→accepted",
  not_accept: "submitted→not_accepted",
  return: "submitted,accepted→returned",
  review: "accepted→reviewed",
  approve: "reviewed→approved",
  reject: "reviewed→rejected",
  activate: "approved→active",
  order_rectification: "active→rectifying",
  restore: "rectifying,suspended→active",
  suspend: "active,rectifying→suspended",
  cancel: "active,rectifying,suspended→cancelled",
  withdraw: "draft,submitted,accepted,returned,active,rectifying,suspended→withdrawn",
  expire: "active,rectifying,suspended→expired",
};

describe("authorization lifecycle", () => {
  it("allows exactly the transitions of the design, for every action and every status", () => {
    for (const action of Object.keys(EXPECTED) as AuthorizationAction[]) {
      const [from, to] = EXPECTED[action].split("→") as [string, string];
      const allowed = new Set(from.split(","));
      for (const status of ALL_STATUSES) {
        expect(canTransition(action, status), `${action} from ${status}`).toBe(allowed.has(status));
      }
      expect(TRANSITIONS[action].to).toBe(to);
    }
    expect(Object.keys(TRANSITIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it("never leaves a final status", () => {
    for (const final of ["not_accepted", "rejected", "cancelled", "withdrawn", "expired"] as const) {
      for (const by of ["enterprise", "regulator", "approver", "announcement"] as const) {
        expect(actionsFrom(final, by), `${final} by ${by}`).toEqual([]);
      }
    }
  });

  it("refuses approving a draft and cancelling twice", () => {
    expect(canTransition("approve", "draft")).toBe(false);
    expect(canTransition("cancel", "cancelled")).toBe(false);
  });
});

describe("working-day clock", () => {
  it("skips weekends", () => {
    // 2026-11-20 is a Friday.
    expect(addWorkingDays("2026-11-20", 1)).toBe("2026-11-23");
    expect(addWorkingDays("2026-11-20", 10)).toBe("2026-12-04");
    expect(workingDaysBetween("2026-11-20", "2026-11-23")).toBe(1);
    expect(workingDaysBetween("2026-11-20", "2026-12-04")).toBe(10);
    expect(workingDaysBetween("2026-11-23", "2026-11-20")).toBe(0);
  });

  it("follows the holiday notice: Spring Festival 2026 off, the Saturdays 14 and 28 February working", () => {
    const calendar = new Map<string, boolean>([
      ["2026-02-14", true],
      ["2026-02-28", true],
    ]);
    for (let d = 15; d <= 23; d++) calendar.set(`2026-02-${d}`, false);
    // Friday 13 February + 10 working days: 14 (Sat), 24, 25, 26, 27, 28 (Sat), 2, 3, 4, 5 March.
    expect(addWorkingDays("2026-02-13", 10, calendar)).toBe("2026-03-05");
    expect(addWorkingDays("2026-02-13", 10)).toBe("2026-02-27");
    expect(workingDaysBetween("2026-02-13", "2026-03-05", calendar)).toBe(10);
    expect(workingDaysBefore("2026-03-05", 10, calendar)).toBe("2026-02-13");
  });
});
