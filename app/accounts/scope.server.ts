import { sql, type ExpressionBuilder, type Expression, type SqlBool } from "kysely";
import type { DB } from "#db/schema.ts";
import { divisionPrefix } from "#app/division/division.server.ts";
import type { SessionUser } from "./session.server.ts";

/** A uuid no row has: "matches nothing" for a caller without the binding. */
export const NIL = "00000000-0000-0000-0000-000000000000";

/** `LIKE` pattern for "the regulator's division and everything under it". */
export function divisionPattern(user: SessionUser): string {
  return `${divisionPrefix(user.divisionCode ?? "x")}%`;
}

/**
 * The one permission check for object access, applied in SQL: which enterprises a caller
 * may see. Administrators all; regulators their division and below; enterprise members
 * their own; printers none (they reach enterprises only through their print orders).
 */
export function enterpriseVisibleTo(user: SessionUser) {
  return (eb: ExpressionBuilder<DB, "enterprise">): Expression<SqlBool> => {
    switch (user.role) {
      case "admin":
        return sql<boolean>`true`;
      case "regulator":
        return eb("enterprise.division_code", "like", divisionPattern(user));
      case "enterprise":
        return eb("enterprise.id", "=", user.enterpriseId ?? NIL);
      default:
        return sql<boolean>`false`;
    }
  };
}

/**
 * Authorizations a caller may see and act on: regulators by the production site's township
 * (their division and below), enterprise members their own, administrators all.
 */
export function authorizationVisibleTo(user: SessionUser) {
  return (eb: ExpressionBuilder<DB, "authorization">): Expression<SqlBool> => {
    switch (user.role) {
      case "admin":
        return sql<boolean>`true`;
      case "regulator":
        return eb("authorization.township_code", "like", divisionPattern(user));
      case "enterprise":
        return eb("authorization.enterprise_id", "=", user.enterpriseId ?? NIL);
      default:
        return sql<boolean>`false`;
    }
  };
}

/**
 * Label orders a caller may see (the query must join "authorization"): the enterprise its own,
 * a printer those assigned to it once codes exist, regulators by production site, admins all.
 */
export function labelOrderVisibleTo(user: SessionUser) {
  return (eb: ExpressionBuilder<DB, "label_order" | "authorization">): Expression<SqlBool> => {
    switch (user.role) {
      case "admin":
        return sql<boolean>`true`;
      case "regulator":
        return eb("authorization.township_code", "like", divisionPattern(user));
      case "enterprise":
        return eb("label_order.enterprise_id", "=", user.enterpriseId ?? NIL);
      case "printer":
        return eb.and([
          eb("label_order.printer_id", "=", user.printerId ?? NIL),
          eb("label_order.status", "in", ["issued", "shipped", "received"]),
        ]);
    }
  };
}

/** Consumer reports (举报): regulators of the competent division and above, administrators. */
export function reportVisibleTo(user: SessionUser) {
  return (eb: ExpressionBuilder<DB, "report">): Expression<SqlBool> => {
    switch (user.role) {
      case "admin":
        return sql<boolean>`true`;
      case "regulator":
        return eb("report.division_code", "like", divisionPattern(user));
      default:
        return sql<boolean>`false`;
    }
  };
}

/**
 * Flags and alerts: regulators those of their division and below, and those no division owns (a
 * burst of unknown codes is everyone's concern); administrators all.
 */
export function flagVisibleTo(user: SessionUser) {
  return (eb: ExpressionBuilder<DB, "flag">): Expression<SqlBool> => {
    switch (user.role) {
      case "admin":
        return sql<boolean>`true`;
      case "regulator":
        return eb.or([eb("flag.division_code", "like", divisionPattern(user)), eb("flag.division_code", "is", null)]);
      default:
        return sql<boolean>`false`;
    }
  };
}

/**
 * Marks a regulator supervises: managed in their division, or with part of the protection area
 * in it (a city's mark reaches its counties). Administrators all; nobody else any.
 */
export function markSupervisedBy(user: SessionUser) {
  return (eb: ExpressionBuilder<DB, "mark">): Expression<SqlBool> => {
    switch (user.role) {
      case "admin":
        return sql<boolean>`true`;
      case "regulator":
        return eb.or([
          eb("mark.division_code", "like", divisionPattern(user)),
          eb.exists(
            eb
              .selectFrom("mark_area")
              .select("mark_area.mark_id")
              .whereRef("mark_area.mark_id", "=", "mark.id")
              .where("mark_area.division_code", "like", divisionPattern(user)),
          ),
        ]);
      default:
        return sql<boolean>`false`;
    }
  };
}
