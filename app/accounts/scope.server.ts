import { sql, type ExpressionBuilder, type Expression, type RawBuilder, type SqlBool } from "kysely";
import type { DB } from "#db/schema.ts";
import { divisionPrefix } from "#app/division/division.server.ts";
import type { SessionUser } from "./session.server.ts";

/** A uuid no row has: "matches nothing" for a caller without the binding. */
export const NIL = "00000000-0000-0000-0000-000000000000";

/**
 * Competence (decision 015): a regulator is competent for what lies in its division and below.
 * An authorization lies where its production site (township, inside the mark's protection area)
 * is; an enterprise's own particulars lie where its authorizations are, and only while it has
 * none, where it registered. Every rule below is built from these two; nothing else in the app
 * builds a division pattern.
 */

/** `LIKE` pattern for "this division and everything under it". */
export function patternWithin(divisionCode: string): string {
  return `${divisionPrefix(divisionCode)}%`;
}

/** `LIKE` pattern for "the regulator's division and everything under it". */
export function divisionPattern(user: SessionUser): string {
  return patternWithin(user.divisionCode ?? "x");
}

/**
 * The same rule as raw SQL, for queries written in SQL: a division column (a production site
 * `a.township_code`, a county `scan_daily.county_code`) within the caller's division;
 * administrators everything; others nothing.
 */
export function inDivisionOf(user: SessionUser, column: string): RawBuilder<SqlBool> {
  if (user.role === "admin") return sql<SqlBool>`true`;
  if (user.role !== "regulator") return sql<SqlBool>`false`;
  return sql<SqlBool>`${sql.ref(column)} like ${divisionPattern(user)}`;
}

/**
 * Records only staff reach: administrators all of them, a regulator those `within` places in its
 * division (given the division's `LIKE` pattern), everybody else none.
 */
function staffOnly<T extends keyof DB>(
  user: SessionUser,
  within: (eb: ExpressionBuilder<DB, T>, pattern: string) => Expression<SqlBool>,
) {
  return (eb: ExpressionBuilder<DB, T>): Expression<SqlBool> => {
    if (user.role === "admin") return sql<boolean>`true`;
    if (user.role === "regulator") return within(eb, divisionPattern(user));
    return sql<boolean>`false`;
  };
}

/** Whether a division code lies in the regulator's division (the same rule as the pattern, for a value in hand). */
export function coversDivision(user: SessionUser, code: string): boolean {
  return (
    user.role === "admin" || (user.role === "regulator" && code.startsWith(divisionPrefix(user.divisionCode ?? "x")))
  );
}

/** Whether `code` lies in the division `parent` (itself or below it). */
export function divisionCovers(parent: string, code: string): boolean {
  return code.startsWith(divisionPrefix(parent));
}

/** Divisions (e.g. townships to pick for a protection area) within `divisionCode`. */
export function divisionWithin(divisionCode: string) {
  return (eb: ExpressionBuilder<DB, "division">): Expression<SqlBool> =>
    eb("division.code", "like", patternWithin(divisionCode));
}

/** Regulator accounts of the caller's division and below (colleagues who may be inspectors). */
export function regulatorInDivisionOf(user: SessionUser) {
  return (eb: ExpressionBuilder<DB, "app_user">): Expression<SqlBool> =>
    eb.and([eb("app_user.role", "=", "regulator"), eb("app_user.division_code", "like", divisionPattern(user))]);
}

/**
 * Regulator accounts competent for a record in `divisionCode`: those whose division covers it
 * (the county's own, its city's, its province's). The prefix rule of divisionPrefix, in SQL.
 */
export function regulatorCovering(divisionCode: string) {
  return (eb: ExpressionBuilder<DB, "app_user">): Expression<SqlBool> =>
    eb.and([
      eb("app_user.role", "=", "regulator"),
      sql<SqlBool>`${divisionCode} like (case
        when length(app_user.division_code) = 9 then app_user.division_code
        when app_user.division_code like '%0000' then substr(app_user.division_code, 1, 2)
        when app_user.division_code like '%00' then substr(app_user.division_code, 1, 4)
        else app_user.division_code end) || '%'`,
    ]);
}

/** Double-random campaigns a regulator manages: organised in its division or below. */
export function inspectionManagedBy(user: SessionUser) {
  return (eb: ExpressionBuilder<DB, "inspection">): Expression<SqlBool> =>
    user.role === "regulator" ? eb("inspection.division_code", "like", divisionPattern(user)) : sql<boolean>`false`;
}

/**
 * The authorizations that make a county competent for an enterprise: those under review or ever
 * admitted. A draft, an application refused (not accepted, rejected) or withdrawn before it was
 * admitted does not: otherwise applying somewhere and withdrawing at once would move the
 * enterprise's particulars to another county (issue 13).
 */
export function counting(eb: ExpressionBuilder<DB, "authorization">) {
  return eb.or([
    eb("authorization.status", "in", ["submitted", "accepted", "returned", "reviewed", "approved"]),
    eb("authorization.active_from", "is not", null),
  ]);
}

/** Authorizations of the enterprise in scope that count (above), optionally within a division. */
function countingAuthorizationsOf(eb: ExpressionBuilder<DB, "enterprise">, pattern?: string) {
  let q = eb
    .selectFrom("authorization")
    .select("authorization.id")
    .whereRef("authorization.enterprise_id", "=", "enterprise.id")
    .where(counting);
  if (pattern) q = q.where("authorization.township_code", "like", pattern);
  return eb.exists(q);
}

/** Authorizations of the enterprise in scope whose production site lies in the regulator's division. */
function authorizationsOfEnterpriseIn(eb: ExpressionBuilder<DB, "enterprise">, pattern: string) {
  return countingAuthorizationsOf(eb, pattern);
}

/**
 * The one permission check for object access, applied in SQL: which enterprises a caller
 * may see and whose particulars it may decide on. Administrators all; regulators those with an
 * authorization that counts in their division (or, having none, registered there); enterprise members
 * their own; printers none (they reach enterprises only through their print orders).
 */
export function enterpriseVisibleTo(user: SessionUser) {
  return (eb: ExpressionBuilder<DB, "enterprise">): Expression<SqlBool> => {
    switch (user.role) {
      case "admin":
        return sql<boolean>`true`;
      case "regulator": {
        const pattern = divisionPattern(user);
        return eb.or([
          authorizationsOfEnterpriseIn(eb, pattern),
          eb.and([eb.not(countingAuthorizationsOf(eb)), eb("enterprise.division_code", "like", pattern)]),
        ]);
      }
      case "enterprise":
        return eb("enterprise.id", "=", user.enterpriseId ?? NIL);
      default:
        return sql<boolean>`false`;
    }
  };
}

/**
 * Enterprises on which a caller may record a credit event (and so flag for review): an
 * administrator any; a regulator only those with an authorization in its division.
 */
export function creditRecordableBy(user: SessionUser) {
  return staffOnly<"enterprise">(user, (eb, pattern) => authorizationsOfEnterpriseIn(eb, pattern));
}

/**
 * Credit events a caller may read: a regulator those of enterprises it may see, and those of
 * unregistered credit codes issued in its division (positions 3–8); administrators all.
 */
export function creditEventVisibleTo(user: SessionUser) {
  return staffOnly<"credit_event">(user, (eb, pattern) =>
    eb.or([
      eb.exists(
        eb
          .selectFrom("enterprise")
          .select("enterprise.id")
          .whereRef("enterprise.id", "=", "credit_event.enterprise_id")
          .where(enterpriseVisibleTo(user)),
      ),
      eb.and([
        eb("credit_event.enterprise_id", "is", null),
        eb(sql<string>`substr(credit_event.uscc, 3, 6)`, "like", pattern),
      ]),
    ]),
  );
}

/**
 * Change requests (变更) a regulator may decide: the enterprise's particulars by a regulator
 * competent for the enterprise; a change of one authorization's products by that
 * authorization's competent regulator.
 */
export function changeRequestDecidableBy(user: SessionUser) {
  return (eb: ExpressionBuilder<DB, "change_request">): Expression<SqlBool> => {
    if (user.role !== "regulator") return sql<boolean>`false`;
    return eb.and([
      eb.exists(
        eb
          .selectFrom("enterprise")
          .select("enterprise.id")
          .whereRef("enterprise.id", "=", "change_request.enterprise_id")
          .where(enterpriseVisibleTo(user)),
      ),
      eb.or([
        eb("change_request.authorization_id", "is", null),
        eb.exists(
          eb
            .selectFrom("authorization")
            .select("authorization.id")
            .whereRef("authorization.id", "=", "change_request.authorization_id")
            .where(authorizationVisibleTo(user)),
        ),
      ]),
    ]);
  };
}

/**
 * Documents a caller may download: the uploader's enterprise its own; a regulator those that
 * support a record it is competent for (an application, a site check, a product batch's
 * inspection report, an inspection finding's photo); administrators all.
 */
export function documentVisibleTo(user: SessionUser) {
  return (eb: ExpressionBuilder<DB, "document">): Expression<SqlBool> => {
    switch (user.role) {
      case "admin":
        return sql<boolean>`true`;
      case "enterprise":
        return eb("document.enterprise_id", "=", user.enterpriseId ?? NIL);
      case "regulator": {
        const pattern = divisionPattern(user);
        return eb.or([
          eb.exists(
            eb
              .selectFrom("authorization_document")
              .innerJoin("authorization", "authorization.id", "authorization_document.authorization_id")
              .select("authorization.id")
              .whereRef("authorization_document.document_id", "=", "document.id")
              .where("authorization.township_code", "like", pattern),
          ),
          eb.exists(
            eb
              .selectFrom("authorization")
              .select("authorization.id")
              .whereRef("authorization.site_check_document_id", "=", "document.id")
              .where("authorization.township_code", "like", pattern),
          ),
          eb.exists(
            eb
              .selectFrom("product_batch")
              .innerJoin("authorization", "authorization.id", "product_batch.authorization_id")
              .select("authorization.id")
              .whereRef("product_batch.inspection_document_id", "=", "document.id")
              .where("authorization.township_code", "like", pattern),
          ),
          eb.exists(
            eb
              .selectFrom("inspection_photo")
              .innerJoin("inspection_target", "inspection_target.id", "inspection_photo.target_id")
              .innerJoin("authorization", "authorization.id", "inspection_target.authorization_id")
              .select("authorization.id")
              .whereRef("inspection_photo.document_id", "=", "document.id")
              .where("authorization.township_code", "like", pattern),
          ),
        ]);
      }
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
  return staffOnly<"report">(user, (eb, pattern) => eb("report.division_code", "like", pattern));
}

/**
 * Flags and alerts: regulators those of their division and below, and those no division owns (a
 * burst of unknown codes is everyone's concern); administrators all.
 */
export function flagVisibleTo(user: SessionUser) {
  return staffOnly<"flag">(user, (eb, pattern) =>
    eb.or([eb("flag.division_code", "like", pattern), eb("flag.division_code", "is", null)]),
  );
}

/**
 * Marks a caller manages (settings, label policy, printers, quality document): administrators
 * all; regulators those whose managing division lies in theirs.
 */
export function markManagedBy(user: SessionUser) {
  return staffOnly<"mark">(user, (eb, pattern) => eb("mark.division_code", "like", pattern));
}

/**
 * Marks a regulator supervises: managed in their division, or with part of the protection area
 * in it (a city's mark reaches its counties). Administrators all; nobody else any.
 */
export function markSupervisedBy(user: SessionUser) {
  return staffOnly<"mark">(user, (eb, pattern) =>
    eb.or([
      eb("mark.division_code", "like", pattern),
      eb.exists(
        eb
          .selectFrom("mark_area")
          .select("mark_area.mark_id")
          .whereRef("mark_area.mark_id", "=", "mark.id")
          .where("mark_area.division_code", "like", pattern),
      ),
    ]),
  );
}

/**
 * Divisions a caller may write records in (a register import's production townships): regulators
 * their division and below, administrators all; the same reach as `authorizationVisibleTo`.
 */
export function divisionWithinReachOf(user: SessionUser) {
  return staffOnly<"division">(user, (eb, pattern) => eb("division.code", "like", pattern));
}
