import type { Kysely, Transaction } from "kysely";
import type { DB } from "#db/schema.ts";
import { jsonb } from "#db/json.ts";
import { recordAudit, SYSTEM_ACTOR, type Actor } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { DomainError } from "#app/errors.ts";
import { shanghaiDate } from "./working-days.ts";
import { divisionPattern } from "#app/accounts/scope.server.ts";

export type FlagKind = "licence_ended" | "rectification_overdue" | "unused_24_months" | "credit_event";

/** One open flag per kind and authorization, inside the caller's transaction; audited when new. */
export async function raiseFlagIn(trx: Transaction<DB>, actor: Actor, kind: FlagKind, a: { id: string; enterprise_id: string; township_code: string }, detail: unknown): Promise<boolean> {
  const inserted = await trx
    .insertInto("flag")
    .values({ kind, authorization_id: a.id, enterprise_id: a.enterprise_id, division_code: a.township_code, detail: jsonb(detail) })
    .onConflict((oc) => oc.columns(["kind", "authorization_id"]).where("resolved_at", "is", null).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (inserted) await recordAudit(trx, actor, { action: "flag.raise", entityType: "flag", entityId: inserted.id, after: { kind, authorizationId: a.id } });
  return Boolean(inserted);
}

/** One open flag per kind and authorization; audited when it is new. Returns whether it was raised. */
async function raiseFlag(db: Kysely<DB>, kind: FlagKind, a: { id: string; enterprise_id: string; township_code: string }, detail: unknown): Promise<boolean> {
  return db.transaction().execute((trx) => raiseFlagIn(trx, SYSTEM_ACTOR, kind, a, detail));
}

/**
 * Raises flags for a person to decide on — never an automatic exit: a licence term that has
 * ended, a rectification deadline that has passed, no label collected for 24 months. Idempotent: one open flag per kind and
 * authorization (a partial unique index), so any number of processes may run it.
 */
export async function raiseDueFlags(db: Kysely<DB>, today = shanghaiDate()): Promise<number> {
  const due = await db
    .selectFrom("authorization")
    .innerJoin("enterprise", "enterprise.id", "authorization.enterprise_id")
    .select([
      "authorization.id",
      "authorization.enterprise_id",
      "authorization.township_code",
      "authorization.licence_end",
      "authorization.rectify_deadline",
      "authorization.status",
      "enterprise.name",
    ])
    .where((eb) =>
      eb.or([
        eb.and([eb("authorization.status", "in", ["active", "rectifying", "suspended"]), eb("authorization.licence_end", "<", today)]),
        eb.and([eb("authorization.status", "=", "rectifying"), eb("authorization.rectify_deadline", "<", today)]),
      ]),
    )
    .execute();
  // Admitted more than 24 months ago and no label collected in the last 24 months: review for exit.
  const cutoff = new Date(Date.parse(`${today}T00:00:00+08:00`));
  cutoff.setUTCMonth(cutoff.getUTCMonth() - 24);
  const cutoffDate = cutoff.toISOString().slice(0, 10);
  const unused = await db
    .selectFrom("authorization")
    .innerJoin("enterprise", "enterprise.id", "authorization.enterprise_id")
    .select(["authorization.id", "authorization.enterprise_id", "authorization.township_code", "enterprise.name", "authorization.active_from"])
    .where("authorization.status", "in", ["active", "rectifying"])
    .where("authorization.active_from", "<=", cutoffDate)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("label")
            .innerJoin("label_order", "label_order.id", "label.order_id")
            .select("label.code")
            .whereRef("label_order.authorization_id", "=", "authorization.id")
            .where("label.status", "=", "collected")
            .where("label.updated_at", ">", cutoff),
        ),
      ),
    )
    .execute();
  let raised = 0;
  for (const a of unused) {
    if (await raiseFlag(db, "unused_24_months", a, { enterprise: a.name, activeFrom: a.active_from, since: cutoffDate })) raised += 1;
  }
  for (const a of due) {
    const kinds: FlagKind[] = [];
    if (a.licence_end && a.licence_end < today) kinds.push("licence_ended");
    if (a.status === "rectifying" && a.rectify_deadline && a.rectify_deadline < today) kinds.push("rectification_overdue");
    for (const kind of kinds) {
      if (await raiseFlag(db, kind, a, { enterprise: a.name, licenceEnd: a.licence_end, rectifyDeadline: a.rectify_deadline, today })) raised += 1;
    }
  }
  return raised;
}

export async function openFlags(db: Kysely<DB>, user: SessionUser) {
  if (user.role !== "regulator" && user.role !== "admin") return [];
  let query = db
    .selectFrom("flag")
    .leftJoin("authorization", "authorization.id", "flag.authorization_id")
    .leftJoin("enterprise", "enterprise.id", "flag.enterprise_id")
    .leftJoin("mark", "mark.id", "authorization.mark_id")
    .select(["flag.id", "flag.kind", "flag.raised_at", "flag.authorization_id", "flag.detail", "enterprise.name as enterprise_name", "mark.name as mark_name"])
    .where("flag.resolved_at", "is", null);
  if (user.role === "regulator") query = query.where("flag.division_code", "like", divisionPattern(user));
  return query.orderBy("flag.raised_at").limit(200).execute();
}

export async function resolveFlag(db: Kysely<DB>, user: SessionUser, id: string, resolution: string) {
  if (user.role !== "regulator" || !/^[0-9a-f-]{36}$/i.test(id)) throw new DomainError("error.forbidden.text", { status: 403 });
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("flag")
      .set({ resolved_at: new Date(), resolved_by: user.id, resolution })
      .where("id", "=", id)
      .where("resolved_at", "is", null)
      .where("division_code", "like", divisionPattern(user))
      .returning(["id", "kind", "authorization_id"])
      .executeTakeFirst();
    if (!row) throw new DomainError("form.stale", { status: 409 });
    await recordAudit(trx, actorOf(user), { action: "flag.resolve", entityType: "flag", entityId: id, after: { resolution, kind: row.kind } });
    return row;
  });
}

