import type { Kysely, Transaction } from "kysely";
import type { AuthorizationStatus, DB } from "#db/schema.ts";
import { jsonb } from "#db/json.ts";
import { authorizationVisibleTo } from "#app/accounts/scope.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { isUuid } from "#app/ids.ts";

export async function protectionAreaNames(db: Kysely<DB>, markId: string): Promise<string> {
  const rows = await db
    .selectFrom("mark_area")
    .innerJoin("division", "division.code", "mark_area.division_code")
    .select(["division.name", "division.parent_code"])
    .where("mark_area.mark_id", "=", markId)
    .orderBy("division.code")
    .execute();
  const county = rows[0]?.parent_code
    ? await db.selectFrom("division").select("full_name").where("code", "=", rows[0].parent_code).executeTakeFirst()
    : undefined;
  return `${county?.full_name ?? ""}${rows.map((r) => r.name).join("、")}`;
}

export function snapshotOf(a: Record<string, unknown>) {
  const { created_at: _c, updated_at: _u, ...rest } = a;
  return rest;
}

export async function addEvent(
  trx: Transaction<DB>,
  user: SessionUser | null,
  e: {
    authorizationId: string;
    action: string;
    from: AuthorizationStatus | null;
    to: AuthorizationStatus;
    effectiveOn: string;
    comment?: string | null;
    documentRef?: string | null;
    announcementId?: string | null;
    snapshot?: unknown;
  },
) {
  await trx
    .insertInto("authorization_event")
    .values({
      authorization_id: e.authorizationId,
      effective_on: e.effectiveOn,
      actor_user_id: user?.id ?? null,
      action: e.action,
      from_status: e.from,
      to_status: e.to,
      comment: e.comment ?? null,
      document_ref: e.documentRef ?? null,
      announcement_id: e.announcementId ?? null,
      snapshot: jsonb(e.snapshot ?? null),
    })
    .execute();
}

/**
 * For each authorization, the Shanghai date it was (last) submitted and the effective date of its
 * latest recorded step: a legal act about it cannot take effect before either (effective-date.ts).
 */
export async function priorSteps(db: Kysely<DB>, ids: string[]) {
  const steps = new Map<string, { submittedOn: string | null; lastOn: string | null }>();
  if (!ids.length) return steps;
  const rows = await db
    .selectFrom("authorization")
    .leftJoin("authorization_event as ev", "ev.authorization_id", "authorization.id")
    .select((eb) => ["authorization.id", "authorization.submitted_at", eb.fn.max("ev.effective_on").as("last_on")])
    .where("authorization.id", "in", ids)
    .groupBy(["authorization.id", "authorization.submitted_at"])
    .execute();
  for (const r of rows)
    steps.set(r.id, {
      submittedOn: r.submitted_at ? shanghaiDate(r.submitted_at) : null,
      lastOn: (r.last_on as string | null) ?? null,
    });
  return steps;
}

export async function findAuthorizationFor(db: Kysely<DB>, user: SessionUser, id: string) {
  if (!isUuid(id)) return undefined;
  return db
    .selectFrom("authorization")
    .selectAll()
    .where("id", "=", id)
    .where(authorizationVisibleTo(user))
    .executeTakeFirst();
}
