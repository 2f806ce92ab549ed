import type { AuthorizationStatus, LabelOrderStatus, Role } from "#db/schema.ts";
import { AUTHORIZED_STATUSES } from "#app/authorization/lifecycle.ts";

/** Everything a person can do on a label order's page, by the form's intent. */
export type OrderIntent = "approve" | "reject" | "print" | "receive" | "batch" | "collect" | "collectCodes" | "void";

/**
 * Who does it: a role, or `"printsIt"`: whoever prints this order, its printer or, when the order
 * names none, the enterprise printing itself (the same person who receives the codes).
 */
type Doer = Role | "printsIt";

type Rule = {
  by: Doer;
  /** The order's statuses in which it may be done. */
  when: readonly LabelOrderStatus[];
  /** Only while the enterprise may use the mark (AUTHORIZED_STATUSES). */
  authorized?: true;
};

/**
 * Who may do what on a label order, and when, as one table: the page offers exactly these
 * (orderActionsFor) and the action refuses anything else (orderActionRefusal), so a page never
 * offers what the server would refuse. Voiding stays possible after an exit: leftover labels
 * must still be destroyed on the record.
 */
export const ORDER_RULES: Readonly<Record<OrderIntent, Rule>> = {
  approve: { by: "regulator", when: ["submitted"], authorized: true },
  // A pending order from a user who has since exited can still be refused (or it stays pending forever).
  reject: { by: "regulator", when: ["submitted"] },
  print: { by: "printsIt", when: ["issued"] },
  receive: { by: "enterprise", when: ["shipped"] },
  batch: { by: "enterprise", when: ["received"], authorized: true },
  collect: { by: "enterprise", when: ["received"], authorized: true },
  collectCodes: { by: "enterprise", when: ["received"], authorized: true },
  void: { by: "enterprise", when: ["received"] },
};

/** Whether this person prints the order: its printer, or the enterprise when the order names no printer. */
export function printsOrder(role: Role, order: { printer_id: string | null }): boolean {
  return order.printer_id === null ? role === "enterprise" : role === "printer";
}

/** Whether `role` is the rule's doer: for this order, or, without one, for some order. */
function isDoer(by: Doer, role: Role, order?: { printer_id: string | null }): boolean {
  if (by !== "printsIt") return by === role;
  return order ? printsOrder(role, order) : role === "printer" || role === "enterprise";
}

/**
 * Whether this role does this on some order (the domain functions' first guard, before the order is
 * read; printing is then asked of the order itself with printsOrder).
 */
export function doesOnOrders(role: Role, intent: OrderIntent): boolean {
  return isDoer(ORDER_RULES[intent].by, role);
}

/**
 * Who receives an order's codes (the secret the labels carry): its printer, or the enterprise
 * itself when the order names no printer; never before any code is issued.
 */
export function receivesCodes(
  user: { role: Role },
  order: { issued_count: number; printer_id: string | null },
): boolean {
  return (
    order.issued_count > 0 && (user.role === "printer" || (user.role === "enterprise" && order.printer_id === null))
  );
}

/** The most labels one printable sheet (HTML or PDF) lays out. */
export const MAX_SHEET_LABELS = 1000;

/** The authorization statuses in which labels may be ordered, recorded and collected (said in words when none may). */
export const LABEL_USE_STATUSES: readonly AuthorizationStatus[] = AUTHORIZED_STATUSES;

/** Whether an authorization in this status may order, record batches for, or collect labels. */
export function mayUseLabels(status: AuthorizationStatus): boolean {
  return LABEL_USE_STATUSES.includes(status);
}

/**
 * Whether this person may order labels under an authorization: a member of its enterprise (the
 * caller has already found it among its own), while the enterprise may use the mark. The
 * authorization page, the enterprise page and the order form's chooser all ask this.
 */
export function mayOrderLabels(role: Role, authorization: { status: AuthorizationStatus }): boolean {
  return role === "enterprise" && mayUseLabels(authorization.status);
}

type OrderState = { status: LabelOrderStatus; authorization_status: AuthorizationStatus; printer_id: string | null };

const isIntent = (intent: string): intent is OrderIntent => Object.prototype.hasOwnProperty.call(ORDER_RULES, intent);

/** Why an intent cannot be done now, or null when it can. */
export function orderActionRefusal(
  role: Role,
  order: OrderState,
  intent: string,
):
  | null
  | { reason: "unknown" }
  | { reason: "forbidden" }
  | { reason: "orderStatus"; status: LabelOrderStatus }
  | { reason: "authorization"; status: AuthorizationStatus } {
  if (!isIntent(intent)) return { reason: "unknown" };
  const rule = ORDER_RULES[intent];
  if (!isDoer(rule.by, role, order)) return { reason: "forbidden" };
  if (!rule.when.includes(order.status)) return { reason: "orderStatus", status: order.status };
  if (rule.authorized && !mayUseLabels(order.authorization_status))
    return { reason: "authorization", status: order.authorization_status };
  return null;
}

/** The intents the page offers: exactly those the action would accept now. */
export function orderActionsFor(role: Role, order: OrderState): OrderIntent[] {
  return (Object.keys(ORDER_RULES) as OrderIntent[]).filter((i) => orderActionRefusal(role, order, i) === null);
}

/** What the order's page says after an act: one message per kind of act (`labels.done.*`), with its count. */
export const ORDER_DONE_INTENTS = ["ordered", "approve", "reject", "print", "receive", "batch", "void"] as const;
export type OrderDoneIntent = (typeof ORDER_DONE_INTENTS)[number];
