import type { Role } from "#db/schema.ts";
import { DomainError } from "#app/errors.ts";

/**
 * The permissions that are only a matter of role (decision 048), written once. They live here,
 * below every room, so that the rooms `permission/` itself imports (enterprise particulars,
 * notifications) can ask them without a folder loop; `permission/permissions.ts` folds them into
 * the one vocabulary that pages ask through `may`, so a word means the same on both sides.
 */
export const ROLE_PERMISSIONS = {
  /** An enterprise's credit records beside its application (reviewers; never the enterprise itself). */
  "enterprise.seeCredit": ["admin", "regulator"],
  /** Applying for a mark, as the enterprise itself. */
  "enterprise.apply": ["enterprise"],
  /** Approving or refusing a requested change of particulars (scope decides whose). */
  "change.decide": ["regulator"],
  /** Assigning, investigating and closing consumer reports. */
  "report.act": ["regulator"],
  /**
   * An order's label ledger as EPCIS 2.0 events (decision 053): the enterprise's own traceability
   * data, for it and its regulators; the printer keeps to the codes and the ledger CSV.
   */
  "order.exportEvents": ["admin", "regulator", "enterprise"],
  /** Filing a suspicious online listing as a case (decision 051); platforms file through the API. */
  "listing.file": ["regulator"],
  /** Sending a platform a takedown request from a listing case (a legal act, confirmed first). */
  "takedown.send": ["regulator"],
  /** The ledger grouped by division (an enterprise sees only its own orders and itself). */
  "ledger.byDivision": ["admin", "regulator", "printer"],
  /** Reading /metrics in a browser (a scraper uses METRICS_TOKEN instead). */
  "metrics.read": ["admin"],
  /** Reading a queued or sent e-mail as its recipient reads it (subject, body, link): the administrator. */
  "mail.read": ["admin"],
  /** Sending a message that failed again, with a fresh count of attempts: the administrator. */
  "mail.retry": ["admin"],
  /** The county desk's own tools (supervision links, unattributed work): a regulator, not the administrator. */
  "desk.use": ["regulator"],
  /** Recording credit events (by hand or imported): regulators, and the administrator for any enterprise. */
  "credit.record": ["admin", "regulator"],
  /** Planning an inspection campaign and recording what inspectors found (in the regulator's division). */
  "inspection.run": ["regulator"],
  /** Working the alert queue (acknowledging, resolving); flagVisibleTo narrows which alerts. */
  "alerts.work": ["admin", "regulator"],
  /** Importing an existing register from a spreadsheet (in the regulator's division). */
  "register.import": ["admin", "regulator"],
  /** Setting the work calendar (holidays and make-up working days) that deadlines count in. */
  "calendar.set": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type RolePermission = keyof typeof ROLE_PERMISSIONS;

/** Whether this user's role carries the permission. */
export function hasRolePermission(user: { role: Role }, permission: RolePermission): boolean {
  return (ROLE_PERMISSIONS[permission] as readonly Role[]).includes(user.role);
}

/** For the rooms below `permission/`: refuses with 403 unless the role carries it, before anything is read. */
export function requireRolePermission(user: { role: Role }, permission: RolePermission): void {
  if (!hasRolePermission(user, permission)) throw new DomainError("error.forbidden.text", { status: 403 });
}
