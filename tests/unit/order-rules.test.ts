import { describe, expect, it } from "vitest";
import type { AuthorizationStatus, LabelOrderStatus, Role } from "#db/schema.ts";
import { ALL_STATUSES } from "#app/authorization/lifecycle.ts";
import { mayOrderLabels, orderActionRefusal, orderActionsFor } from "#app/label/order-rules.ts";

const ROLES: Role[] = ["admin", "regulator", "enterprise", "printer"];
const ORDER_STATUSES: LabelOrderStatus[] = ["submitted", "approved", "rejected", "issued", "shipped", "received"];
const USING: AuthorizationStatus[] = ["active", "rectifying"];

/** The rules written out by hand, independently of ORDER_RULES. */
function expected(
  role: Role,
  status: LabelOrderStatus,
  authorization: AuthorizationStatus,
  selfPrinted: boolean,
): string[] {
  const using = USING.includes(authorization);
  if (role === "regulator" && status === "submitted") return using ? ["approve", "reject"] : ["reject"];
  // Its printer prints an order; an enterprise that prints itself records its own printing.
  if (role === (selfPrinted ? "enterprise" : "printer") && status === "issued") return ["print"];
  if (role === "enterprise" && status === "shipped") return ["receive"];
  if (role === "enterprise" && status === "received")
    return using ? ["batch", "collect", "collectCodes", "void"] : ["void"];
  return [];
}

describe("label order actions: what the page offers is what the action accepts", () => {
  it("every role × order status × authorization status × printed by a printer or by the enterprise", () => {
    for (const role of ROLES)
      for (const status of ORDER_STATUSES)
        for (const authorization_status of ALL_STATUSES)
          for (const printer_id of ["p", null]) {
            const order = { status, authorization_status, printer_id };
            const offered = orderActionsFor(role, order);
            expect(offered, `${role} ${status} ${authorization_status} ${printer_id}`).toEqual(
              expected(role, status, authorization_status, printer_id === null),
            );
            for (const intent of ["approve", "reject", "print", "receive", "batch", "collect", "collectCodes", "void"])
              expect(orderActionRefusal(role, order, intent) === null).toBe(offered.includes(intent as never));
          }
  });

  it("says why it refuses: the wrong person, the order's status, the authorization, an unknown intent", () => {
    const order = { status: "received" as const, authorization_status: "cancelled" as const, printer_id: "p" };
    expect(orderActionRefusal("printer", order, "void")).toEqual({ reason: "forbidden" });
    expect(orderActionRefusal("enterprise", order, "receive")).toEqual({ reason: "orderStatus", status: "received" });
    expect(orderActionRefusal("enterprise", order, "batch")).toEqual({ reason: "authorization", status: "cancelled" });
    expect(orderActionRefusal("enterprise", order, "toString")).toEqual({ reason: "unknown" });
  });
});

describe("who may order labels under an authorization", () => {
  it("only its enterprise, and only while it is active or rectifying", () => {
    for (const role of ROLES)
      for (const status of ALL_STATUSES)
        expect(mayOrderLabels(role, { status }), `${role} ${status}`).toBe(
          role === "enterprise" && USING.includes(status),
        );
  });
});
