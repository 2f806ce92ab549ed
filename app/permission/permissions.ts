import type { AuthorizationStatus, Role } from "#db/schema.ts";
import { authorizationActionsFor, type Asker, type AuthorizationAction } from "#app/authorization/lifecycle.ts";
import { MAX_SHEET_LABELS, mayOrderLabels, receivesCodes } from "#app/label/order-rules.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { DomainError } from "#app/errors.ts";

/**
 * Who may do what, in one vocabulary (issue 15 item 1, decision 046): loaders, actions and
 * components ask `may(user, permission, subject)` and never compare roles themselves. Each
 * permission is answered by its room's own rule (the lifecycle table, the order rules); the ones
 * that are only a role are written here, once. Visibility (which rows a user sees at all) is
 * scope.server.ts's, in SQL: a permission is asked about a subject the user can already see.
 */
type OrderForCodes = { issued_count: number; printer_id: string | null };

type Rules = {
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
  /** An enterprise's credit records beside its application (reviewers; never the enterprise itself). */
  "enterprise.seeCredit": null;
  /** Applying for a mark, as the enterprise itself. */
  "enterprise.apply": null;
  /** Requesting a change of particulars: the enterprise, once it has particulars on record. */
  "enterprise.requestChange": { onRecord: boolean };
  /** Approving or refusing a requested change of particulars (scope decides whose). */
  "change.decide": null;
  /** Assigning, investigating and closing consumer reports. */
  "report.act": null;
  /**
   * An order's label ledger as EPCIS 2.0 events (decision 053): the enterprise's own traceability
   * data, for it and its regulators; the printer keeps to the codes and the ledger CSV.
   */
  "order.exportEvents": null;
  /** Filing a suspicious online listing as a case (decision 051); platforms file through the API. */
  "listing.file": null;
  /** Sending a platform a takedown request from a listing case (a legal act, confirmed first). */
  "takedown.send": null;
  /** The ledger grouped by division (an enterprise sees only its own orders and itself). */
  "ledger.byDivision": null;
  /** Reading /metrics in a browser (a scraper uses METRICS_TOKEN instead). */
  "metrics.read": null;
  /** Reading a queued or sent e-mail as its recipient reads it (subject, body, link): the administrator. */
  "mail.read": null;
  /** The county desk's own tools (supervision links, unattributed work): a regulator, not the administrator. */
  "desk.use": null;
  /** Recording credit events (by hand or imported): regulators, and the administrator for any enterprise. */
  "credit.record": null;
  /** Planning an inspection campaign and recording what inspectors found (in the regulator's division). */
  "inspection.run": null;
};

export type Permission = keyof Rules;
type User = Asker & { role: Role };

const RULES: { [P in Permission]: (user: User, subject: Rules[P]) => boolean } = {
  "order.receiveCodes": (user, order) => receivesCodes(user, order),
  "order.printSheet": (user, order) => receivesCodes(user, order) && order.issued_count <= MAX_SHEET_LABELS,
  "authorization.act": (user, a) => authorizationActionsFor(user, a.status, a.approvingLevel).includes(a.action),
  "authorization.orderLabels": (user, a) => mayOrderLabels(user.role, a),
  "authorization.resubmit": (user, a) => user.role === "enterprise" && a.status === "returned",
  "annualReport.file": (user, r) => user.role === "enterprise" && r.owes && r.year < Number(shanghaiDate().slice(0, 4)),
  "enterprise.seeCredit": (user) => user.role === "regulator" || user.role === "admin",
  "enterprise.apply": (user) => user.role === "enterprise",
  "enterprise.requestChange": (user, e) => user.role === "enterprise" && e.onRecord,
  "change.decide": (user) => user.role === "regulator",
  "report.act": (user) => user.role === "regulator",
  "order.exportEvents": (user) => user.role !== "printer",
  "listing.file": (user) => user.role === "regulator",
  "takedown.send": (user) => user.role === "regulator",
  "ledger.byDivision": (user) => user.role !== "enterprise",
  "desk.use": (user) => user.role === "regulator",
  "metrics.read": (user) => user.role === "admin",
  "mail.read": (user) => user.role === "admin",
  "credit.record": (user) => user.role === "regulator" || user.role === "admin",
  "inspection.run": (user) => user.role === "regulator",
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
