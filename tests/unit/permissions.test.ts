import { describe, expect, it } from "vitest";
import { ROLES, AUTHORIZATION_STATUSES, type Role } from "#db/schema.ts";
import { may, PERMISSIONS } from "#app/permission/permissions.ts";
import { TRANSITIONS, type AuthorizationAction } from "#app/authorization/lifecycle.ts";
import { doesOnOrders, ORDER_RULES, type OrderIntent } from "#app/label/order-rules.ts";

const user = (role: Role, extra: { isApprover?: boolean; divisionCode?: string | null } = {}) => ({
  role,
  isApprover: extra.isApprover ?? false,
  divisionCode: extra.divisionCode ?? (role === "regulator" ? "430923" : null),
});
const thisYear = new Date().getFullYear();

describe("one vocabulary for who may do what", () => {
  it("the codes of an order go to its printer, or to the enterprise that prints itself, never before issuing", () => {
    const byPrinter = { issued_count: 10, printer_id: "p" };
    const selfPrinted = { issued_count: 10, printer_id: null };
    const who = (order: typeof byPrinter | typeof selfPrinted) =>
      ROLES.filter((r) => may(user(r), "order.receiveCodes", order));
    expect(who(byPrinter)).toEqual(["printer"]);
    expect(who(selfPrinted)).toEqual(["enterprise", "printer"]);
    expect(who({ issued_count: 0, printer_id: "p" })).toEqual([]);
    // The sheet lays out at most 1000 labels; beyond that the CSV is the way.
    expect(may(user("printer"), "order.printSheet", { issued_count: 1000, printer_id: "p" })).toBe(true);
    expect(may(user("printer"), "order.printSheet", { issued_count: 1001, printer_id: "p" })).toBe(false);
    expect(may(user("printer"), "order.receiveCodes", { issued_count: 1001, printer_id: "p" })).toBe(true);
  });

  it("labels are ordered by the enterprise only while it may use the mark", () => {
    const ordering = AUTHORIZATION_STATUSES.filter((status) =>
      may(user("enterprise"), "authorization.orderLabels", { status }),
    );
    expect(ordering).toEqual(["active", "rectifying"]);
    for (const role of ["admin", "regulator", "printer"] as const)
      expect(may(user(role), "authorization.orderLabels", { status: "active" })).toBe(false);
  });

  it("each lifecycle action is offered to exactly the actor kind its table names, approvers by level", () => {
    for (const [action, rule] of Object.entries(TRANSITIONS) as [
      AuthorizationAction,
      (typeof TRANSITIONS)[AuthorizationAction],
    ][]) {
      const status = rule.from[0]!;
      const subject = { action, status, approvingLevel: "county" as const };
      expect(may(user("enterprise"), "authorization.act", subject)).toBe(rule.by === "enterprise");
      expect(may(user("regulator"), "authorization.act", subject)).toBe(rule.by === "regulator");
      expect(may(user("regulator", { isApprover: true }), "authorization.act", subject)).toBe(
        rule.by === "regulator" || rule.by === "approver",
      );
      expect(may(user("admin"), "authorization.act", subject)).toBe(false);
      // Not from a status the table does not list.
      const elsewhere = AUTHORIZATION_STATUSES.find((s) => !rule.from.includes(s))!;
      expect(may(user("regulator", { isApprover: true }), "authorization.act", { ...subject, status: elsewhere })).toBe(
        false,
      );
    }
    // A province-approved mark: a county approver is not offered approval, a provincial one is.
    const approve = { action: "approve" as const, status: "reviewed" as const, approvingLevel: "province" as const };
    expect(may(user("regulator", { isApprover: true, divisionCode: "430923" }), "authorization.act", approve)).toBe(
      false,
    );
    expect(may(user("regulator", { isApprover: true, divisionCode: "430000" }), "authorization.act", approve)).toBe(
      true,
    );
  });

  it("what an order's page offers is what its domain functions let through", () => {
    // The printer prints (or the enterprise, for an order it prints itself: printsOrder decides which),
    // the enterprise receives, batches, collects and voids, the regulator decides:
    // the domain functions guard with doesOnOrders, the page with orderActionsFor, both from ORDER_RULES.
    const doers = (intent: OrderIntent) => ROLES.filter((r) => doesOnOrders(r, intent));
    expect(Object.fromEntries((Object.keys(ORDER_RULES) as OrderIntent[]).map((i) => [i, doers(i)]))).toEqual({
      approve: ["regulator"],
      reject: ["regulator"],
      print: ["enterprise", "printer"],
      receive: ["enterprise"],
      batch: ["enterprise"],
      collect: ["enterprise"],
      collectCodes: ["enterprise"],
      void: ["enterprise"],
    });
  });

  it("annual reports are filed by the enterprise for a completed year it owes", () => {
    const e = user("enterprise");
    expect(may(e, "annualReport.file", { owes: true, year: thisYear - 1 })).toBe(true);
    expect(may(e, "annualReport.file", { owes: true, year: thisYear })).toBe(false);
    expect(may(e, "annualReport.file", { owes: false, year: thisYear - 1 })).toBe(false);
    expect(may(user("regulator"), "annualReport.file", { owes: true, year: thisYear - 1 })).toBe(false);
  });

  it("role-only permissions answer for every role", () => {
    const table = Object.fromEntries(
      (
        [
          "enterprise.seeCredit",
          "report.act",
          "listing.file",
          "takedown.send",
          "ledger.byDivision",
          "order.exportEvents",
          "desk.use",
          "enterprise.apply",
          "change.decide",
          "metrics.read",
          "mail.read",
          "mail.retry",
          "credit.record",
          "inspection.run",
          "alerts.work",
          "register.import",
          "calendar.set",
        ] as const
      ).map((p) => [p, ROLES.filter((r) => may(user(r), p, null))]),
    );
    expect(table).toEqual({
      "enterprise.seeCredit": ["admin", "regulator"],
      "report.act": ["regulator"],
      "listing.file": ["regulator"],
      "takedown.send": ["regulator"],
      "ledger.byDivision": ["admin", "regulator", "printer"],
      "order.exportEvents": ["admin", "regulator", "enterprise"],
      "desk.use": ["regulator"],
      "enterprise.apply": ["enterprise"],
      "change.decide": ["regulator"],
      "metrics.read": ["admin"],
      "mail.read": ["admin"],
      "mail.retry": ["admin"],
      "credit.record": ["admin", "regulator"],
      "inspection.run": ["regulator"],
      "alerts.work": ["admin", "regulator"],
      "register.import": ["admin", "regulator"],
      "calendar.set": ["admin"],
    });
    expect(may(user("enterprise"), "enterprise.requestChange", { onRecord: false })).toBe(false);
    expect(may(user("enterprise"), "enterprise.requestChange", { onRecord: true })).toBe(true);
    expect(PERMISSIONS.length).toBeGreaterThan(10);
  });
});
