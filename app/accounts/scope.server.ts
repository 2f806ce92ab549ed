import { sql, type ExpressionBuilder, type Expression, type SqlBool } from "kysely";
import type { DB } from "#db/schema.ts";
import { divisionPrefix } from "#app/division/division.server.ts";
import type { SessionUser } from "./session.server.ts";

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
        return eb("enterprise.division_code", "like", `${divisionPrefix(user.divisionCode ?? "x")}%`);
      case "enterprise":
        return eb("enterprise.id", "=", user.enterpriseId ?? "00000000-0000-0000-0000-000000000000");
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
        return eb("authorization.township_code", "like", `${divisionPrefix(user.divisionCode ?? "x")}%`);
      case "enterprise":
        return eb("authorization.enterprise_id", "=", user.enterpriseId ?? "00000000-0000-0000-0000-000000000000");
      default:
        return sql<boolean>`false`;
    }
  };
}
