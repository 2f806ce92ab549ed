import { sql } from "kysely";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { NIL, inDivisionOf } from "#app/accounts/scope.server.ts";

/** Statuses in which a user holds the mark (DESIGN.md), and those that end an authorization. */
export const ACTIVE = sql`('active', 'rectifying')`;
export const EXITS = sql`('cancelled', 'withdrawn', 'expired')`;

/**
 * What the dashboard and the supervision report count: authorizations (alias `a`) of these marks
 * with a production site in the caller's division; administrators, the whole country.
 */
export function oversightScope(user: SessionUser, markIds: readonly string[]) {
  // The nil uuid keeps `in (…)` valid when the caller supervises no mark.
  const ids = sql.join([...markIds, NIL].map((id) => sql`${id}::uuid`));
  return { inScope: sql`${inDivisionOf(user, "a.township_code")} and a.mark_id in (${ids})` };
}
