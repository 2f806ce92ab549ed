import type { AuthorizationStatus, Role } from "#db/schema.ts";
import { authorizationActionsFor, type Asker, type AuthorizationAction } from "#app/authorization/lifecycle.ts";
import { MAX_SHEET_LABELS, mayOrderLabels, receivesCodes } from "#app/label/order-rules.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { DomainError } from "#app/errors.ts";
import { hasRolePermission, ROLE_PERMISSIONS, type RolePermission } from "#app/accounts/role-permissions.ts";

/**
 * Who may do what, in one vocabulary (issue 15 item 1, decision 046): loaders, actions and
 * components ask `may(user, permission, subject)` and never compare roles themselves. Each
 * permission is answered by its room's own rule (the lifecycle table, the order rules); the ones
 * that are only a role are written once, in accounts/role-permissions.ts. Visibility (which rows a user sees at all) is
 * scope.server.ts's, in SQL: a permission is asked about a subject the user can already see.
 */
type OrderForCodes = { issued_count: number; printer_id: string | null };

type SubjectRules = {
  /** The order's codes (CSV): its printer, or the enterprise when it prints itself. */
  "order.receiveCodes": OrderForCodes;
  /** The printable sheet (HTML or PDF): who receives the codes, for an order small enough to lay out. */
  "order.printSheet": OrderForCodes;
  /** A lifecycle action on an authorization, by the actor kinds this user may act as. */
  "authorization.act": {
    action: AuthorizationAction;
    status: AuthorizationStatus;
    approvingLevel: "county" | "province";
  };
  /** Ordering labels under an authorization. */
  "authorization.orderLabels": { status: AuthorizationStatus };
  /** Correcting and resubmitting a returned application. */
  "authorization.resubmit": { status: AuthorizationStatus };
  /** Filing the annual usage report for a completed year the authorization owes. */
  "annualReport.file": { owes: boolean; year: number };
  /** Requesting a change of particulars: the enterprise, once it has particulars on record. */
  "enterprise.requestChange": { onRecord: boolean };
};

/** Every permission: those that depend on a subject (above) and those that are only a role. */
type Rules = SubjectRules & { [P in RolePermission]: null };

export type Permission = keyof Rules;
type User = Asker & { role: Role };

function roleRules() {
  return Object.fromEntries(
    (Object.keys(ROLE_PERMISSIONS) as RolePermission[]).map((p) => [p, (user: User) => hasRolePermission(user, p)]),
  ) as { [P in RolePermission]: (user: User) => boolean };
}

const RULES: { [P in Permission]: (user: User, subject: Rules[P]) => boolean } = {
  "order.receiveCodes": (user, order) => receivesCodes(user, order),
  "order.printSheet": (user, order) => receivesCodes(user, order) && order.issued_count <= MAX_SHEET_LABELS,
  "authorization.act": (user, a) => authorizationActionsFor(user, a.status, a.approvingLevel).includes(a.action),
  "authorization.orderLabels": (user, a) => mayOrderLabels(user.role, a),
  "authorization.resubmit": (user, a) => user.role === "enterprise" && a.status === "returned",
  "annualReport.file": (user, r) => user.role === "enterprise" && r.owes && r.year < Number(shanghaiDate().slice(0, 4)),
  "enterprise.requestChange": (user, e) => user.role === "enterprise" && e.onRecord,
  ...roleRules(),
};

/** Whether this user may do this, to this subject. */
export function may<P extends Permission>(user: User, permission: P, subject: Rules[P]): boolean {
  return RULES[permission](user, subject);
}

/**
 * The domain functions' own guard, asked with the same words as the pages: refuses with 403 unless
 * this user may (a route that forgot to ask still cannot act). Asked before anything is read or stored.
 */
export function requirePermission<P extends Permission>(user: User, permission: P, subject: Rules[P]): void {
  if (!may(user, permission, subject)) throw new DomainError("error.forbidden.text", { status: 403 });
}

export const PERMISSIONS = Object.keys(RULES) as Permission[];
