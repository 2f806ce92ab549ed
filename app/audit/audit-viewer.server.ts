import { sql, type Kysely } from "kysely";
import { z } from "zod";
import { field, wholeNumber } from "#app/forms/form.ts";
import type { DB } from "#db/schema.ts";

/** The audit viewer's filters, from the query string (all optional; bad values are ignored). */
export const auditFilters = z.object({
  actor: z.string().trim().max(64).optional().catch(undefined),
  entityType: z.string().trim().max(40).optional().catch(undefined),
  entityId: z.string().trim().max(64).optional().catch(undefined),
  action: z.string().trim().max(64).optional().catch(undefined),
  from: field.optionalDate().catch(undefined),
  to: field.optionalDate().catch(undefined),
  // seq is a bigint: a cursor past what a double holds exactly would reach SQL as another number.
  before: z
    .unknown()
    .transform((s) => wholeNumber(s) ?? undefined)
    .pipe(z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional())
    .catch(undefined),
});
export type AuditFilters = z.infer<typeof auditFilters>;

export const AUDIT_PAGE = 100;

/**
 * Entries newest first, 100 at a time (keyset on seq: `before` is the last seq seen). Dates are
 * Asia/Shanghai calendar days; actor matches the recorded label (username and role) by fragment.
 */
export async function searchAudit(db: Kysely<DB>, f: AuditFilters, limit = AUDIT_PAGE) {
  let q = db
    .selectFrom("audit_entry")
    .select(["seq", "at", "actor_label", "action", "entity_type", "entity_id", "before", "after", "reason"]);
  if (f.actor) q = q.where("actor_label", "ilike", `%${f.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.entityType) q = q.where("entity_type", "=", f.entityType);
  if (f.entityId) q = q.where("entity_id", "=", f.entityId);
  if (f.action) q = q.where("action", "like", `${f.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  // Calendar days in Asia/Shanghai (the zone is named, as the database's own may differ).
  if (f.from) q = q.where("at", ">=", sql<Date>`(${f.from}::date)::timestamp at time zone 'Asia/Shanghai'`);
  if (f.to) q = q.where("at", "<", sql<Date>`(${f.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`);
  if (f.before) q = q.where("seq", "<", f.before);
  return q.orderBy("seq", "desc").limit(limit).execute();
}

/** The values the filter lists offer. */
export async function auditVocabulary(db: Kysely<DB>) {
  const [types, actions] = await Promise.all([
    db.selectFrom("audit_entry").select("entity_type").distinct().orderBy("entity_type").execute(),
    db.selectFrom("audit_entry").select("action").distinct().orderBy("action").execute(),
  ]);
  return { entityTypes: types.map((t) => t.entity_type), actions: actions.map((a) => a.action) };
}
