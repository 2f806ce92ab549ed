import {
  AUTHORIZATION_STATUSES,
  AUTHORIZED_STATUSES as AUTHORIZED_STATUS_LIST,
  type AuthorizationStatus,
  type Role,
} from "#db/schema.ts";
import { levelOfCode } from "#app/division/codes.ts";

/** Who may take an action: the enterprise, a regulator of the division, or an approver. */
export type Actor = "enterprise" | "regulator" | "approver" | "announcement";

export type AuthorizationAction =
  | "submit"
  | "accept"
  | "not_accept"
  | "return"
  | "review"
  | "approve"
  | "reject"
  | "activate"
  | "order_rectification"
  | "restore"
  | "suspend"
  | "cancel"
  | "withdraw"
  | "expire";

type Rule = {
  from: readonly AuthorizationStatus[];
  to: AuthorizationStatus;
  by: Actor;
  needs?: readonly ("comment" | "deadline" | "exitReason" | "document")[];
};

/**
 * The authorization lifecycle (DESIGN.md) as one explicit table. Anything not listed here is
 * refused. "activate" happens only when an announcement is published.
 */
export const TRANSITIONS: Readonly<Record<AuthorizationAction, Rule>> = {
  submit: { from: ["draft", "returned"], to: "submitted", by: "enterprise" },
  accept: { from: ["submitted"], to: "accepted", by: "regulator" },
  not_accept: { from: ["submitted"], to: "not_accepted", by: "regulator", needs: ["comment"] },
  return: { from: ["submitted", "accepted"], to: "returned", by: "regulator", needs: ["comment"] },
  review: { from: ["accepted"], to: "reviewed", by: "regulator", needs: ["comment", "document"] },
  approve: { from: ["reviewed"], to: "approved", by: "approver" },
  reject: { from: ["reviewed"], to: "rejected", by: "approver", needs: ["comment"] },
  activate: { from: ["approved"], to: "active", by: "announcement" },
  order_rectification: { from: ["active"], to: "rectifying", by: "regulator", needs: ["comment", "deadline"] },
  restore: { from: ["rectifying", "suspended"], to: "active", by: "regulator", needs: ["comment"] },
  suspend: { from: ["active", "rectifying"], to: "suspended", by: "regulator", needs: ["comment"] },
  cancel: {
    from: ["active", "rectifying", "suspended"],
    to: "cancelled",
    by: "regulator",
    needs: ["exitReason", "comment"],
  },
  withdraw: {
    from: ["draft", "submitted", "accepted", "returned", "active", "rectifying", "suspended"],
    to: "withdrawn",
    by: "enterprise",
  },
  expire: { from: ["active", "rectifying", "suspended"], to: "expired", by: "regulator", needs: ["comment"] },
};

export const ALL_STATUSES: readonly AuthorizationStatus[] = AUTHORIZATION_STATUSES;

/** Statuses in which the enterprise may use the mark (declared beside the statuses in the schema). */
export const AUTHORIZED_STATUSES: readonly AuthorizationStatus[] = AUTHORIZED_STATUS_LIST;
/** Statuses that end an authorization for good (exits and refusals). */
export const EXITED_STATUSES: readonly AuthorizationStatus[] = ["cancelled", "withdrawn", "expired"];

export function canTransition(action: AuthorizationAction, from: AuthorizationStatus): boolean {
  return TRANSITIONS[action].from.includes(from);
}

/** Who is asking: the parts of a session that decide which actor kinds it may act as. */
export type Asker = { role: Role; isApprover: boolean; divisionCode: string | null };

/**
 * Whether this person may act as `by` on a mark approved at `approvingLevel`: the enterprise as
 * itself, a regulator as regulator, an approver only where the mark is approved at its level (a
 * provincial approver for a province-approved mark). The page and the action both ask this.
 */
export function actorMay(user: Asker, by: Actor, approvingLevel: "county" | "province"): boolean {
  if (by === "enterprise") return user.role === "enterprise";
  if (by === "regulator") return user.role === "regulator";
  if (by === "approver") {
    if (user.role !== "regulator" || !user.isApprover) return false;
    return approvingLevel === "county" || (user.divisionCode !== null && levelOfCode(user.divisionCode) === "province");
  }
  return false;
}

/** The lifecycle actions this person may take on an authorization in `status` (scope is checked apart). */
export function authorizationActionsFor(
  user: Asker,
  status: AuthorizationStatus,
  approvingLevel: "county" | "province",
): AuthorizationAction[] {
  return (Object.keys(TRANSITIONS) as AuthorizationAction[]).filter(
    (a) => canTransition(a, status) && actorMay(user, TRANSITIONS[a].by, approvingLevel),
  );
}

export function actionsFrom(status: AuthorizationStatus, by: Actor): AuthorizationAction[] {
  return (Object.keys(TRANSITIONS) as AuthorizationAction[]).filter(
    (a) => TRANSITIONS[a].by === by && canTransition(a, status),
  );
}

/** Statuses the public register shows: everyone who was ever admitted, current or exited. */
export const PUBLIC_STATUSES: AuthorizationStatus[] = [
  "active",
  "rectifying",
  "suspended",
  "cancelled",
  "withdrawn",
  "expired",
];

/**
 * Legal acts (注销, 暂停, 驳回, 不予受理, 撤回/退出, 到期终止): each happens only on a confirmed
 * step that has shown whose record changes, how, from when and what the public will see.
 */
export const LEGAL_ACTS: readonly AuthorizationAction[] = [
  "not_accept",
  "reject",
  "suspend",
  "cancel",
  "withdraw",
  "expire",
];

export function isLegalAct(action: AuthorizationAction): boolean {
  return LEGAL_ACTS.includes(action);
}
