import { sql, type Kysely, type Transaction } from "kysely";
import { AUTHORIZED_STATUSES, type DB } from "#db/schema.ts";
import { jsonb } from "#db/json.ts";
import { recordAudit, SYSTEM_ACTOR, type Actor } from "#app/audit/audit.server.ts";
import { shanghaiDate, shanghaiMidnight } from "#app/calendar/working-days.ts";
import { ANOMALY_RULES, type AlertKind } from "#app/alert/kinds.ts";
import { alertRaised } from "#app/notification/events.server.ts";

export type FlagKind = AlertKind;

/** One open flag per kind and authorization, inside the caller's transaction; audited when new. */
export async function raiseFlagIn(
  trx: Transaction<DB>,
  actor: Actor,
  kind: FlagKind,
  a: { id: string; enterprise_id: string; township_code: string },
  detail: unknown,
): Promise<boolean> {
  const inserted = await trx
    .insertInto("flag")
    .values({
      kind,
      authorization_id: a.id,
      enterprise_id: a.enterprise_id,
      division_code: a.township_code,
      detail: jsonb(detail),
    })
    .onConflict((oc) =>
      oc
        .columns(["kind", "authorization_id"])
        .where("resolved_at", "is", null)
        .where("subject", "is", null)
        .doNothing(),
    )
    .returning("id")
    .executeTakeFirst();
  if (inserted)
    await recordAudit(trx, actor, {
      action: "flag.raise",
      entityType: "flag",
      entityId: inserted.id,
      after: { kind, authorizationId: a.id },
    });
  if (inserted)
    await alertRaised(trx, {
      id: inserted.id,
      kind,
      division_code: a.township_code,
      enterprise_id: a.enterprise_id,
      mark_id: null,
    });
  return Boolean(inserted);
}

/**
 * Settles the open flags of a kind that a change made moot (a rectification ended, a report
 * filed), in the transaction that made the change; that change's audit entry says why.
 */
export async function settleFlagsIn(
  trx: Transaction<DB>,
  by: { userId: string },
  kind: FlagKind,
  about: { authorizationId: string } | { subject: string },
  resolution: string,
) {
  await trx
    .updateTable("flag")
    .set({ resolved_at: new Date(), resolved_by: by.userId, resolution })
    .where("kind", "=", kind)
    .where("resolved_at", "is", null)
    .where((eb) =>
      "subject" in about ? eb("subject", "=", about.subject) : eb("authorization_id", "=", about.authorizationId),
    )
    .execute();
}

/** An alert about a code, a network or an authorization-year rather than an authorization as such. */
export interface SubjectAlert {
  kind: FlagKind;
  subject: string;
  divisionCode: string | null;
  markId: string | null;
  authorizationId: string | null;
  enterpriseId: string | null;
  detail: unknown;
  occurrences: number;
  seenAt: Date;
  /** true: occurrences are new events to add; false: they are a current total (keep the larger). */
  accumulate: boolean;
}

/**
 * One open alert per kind and subject, inside the caller's transaction: a new one is raised and
 * audited; an open one takes the new evidence (count, last seen, detail) without a new entry.
 */
export async function raiseAlertIn(trx: Transaction<DB>, actor: Actor, a: SubjectAlert): Promise<boolean> {
  const row = await trx
    .insertInto("flag")
    .values({
      kind: a.kind,
      subject: a.subject,
      division_code: a.divisionCode,
      mark_id: a.markId,
      authorization_id: a.authorizationId,
      enterprise_id: a.enterpriseId,
      detail: jsonb(a.detail),
      occurrences: a.occurrences,
      last_seen_at: a.seenAt,
    })
    .onConflict((oc) =>
      oc
        .columns(["kind", "subject"])
        .where("resolved_at", "is", null)
        .where("subject", "is not", null)
        .doUpdateSet({
          occurrences: a.accumulate
            ? sql<number>`flag.occurrences + excluded.occurrences`
            : sql<number>`greatest(flag.occurrences, excluded.occurrences)`,
          last_seen_at: sql<Date>`greatest(flag.last_seen_at, excluded.last_seen_at)`,
          detail: sql`excluded.detail`,
        }),
    )
    .returning(["id", sql<boolean>`xmax = 0`.as("inserted")])
    .executeTakeFirstOrThrow();
  if (row.inserted)
    await recordAudit(trx, actor, {
      action: "flag.raise",
      entityType: "flag",
      entityId: row.id,
      after: { kind: a.kind, subject: a.subject, authorizationId: a.authorizationId, occurrences: a.occurrences },
    });
  if (row.inserted)
    await alertRaised(trx, {
      id: row.id,
      kind: a.kind,
      division_code: a.divisionCode,
      enterprise_id: a.enterpriseId,
      mark_id: a.markId,
    });
  return row.inserted;
}

/** One open flag per kind and authorization; audited when it is new. Returns whether it was raised. */
async function raiseFlag(
  db: Kysely<DB>,
  kind: FlagKind,
  a: { id: string; enterprise_id: string; township_code: string },
  detail: unknown,
): Promise<boolean> {
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
        eb.and([
          eb("authorization.status", "in", ["active", "rectifying", "suspended"]),
          eb("authorization.licence_end", "<", today),
        ]),
        eb.and([eb("authorization.status", "=", "rectifying"), eb("authorization.rectify_deadline", "<", today)]),
      ]),
    )
    .execute();
  // Admitted more than 24 months ago and no label collected in the last 24 months: review for exit.
  const cutoff = shanghaiMidnight(today);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - 24);
  const cutoffDate = cutoff.toISOString().slice(0, 10);
  const unused = await db
    .selectFrom("authorization")
    .innerJoin("enterprise", "enterprise.id", "authorization.enterprise_id")
    .select([
      "authorization.id",
      "authorization.enterprise_id",
      "authorization.township_code",
      "enterprise.name",
      "authorization.active_from",
    ])
    .where("authorization.status", "in", AUTHORIZED_STATUSES)
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
  // A person who resolved a flag has decided: the same flag stays quiet for a while.
  const quietSince = new Date(shanghaiMidnight(today).getTime() - ANOMALY_RULES.quietDaysAfterResolution * 86_400_000);
  const recent = await db
    .selectFrom("flag")
    .select(["kind", "authorization_id"])
    .where("subject", "is", null)
    .where("resolved_at", ">", quietSince)
    .where("kind", "in", ["unused_24_months", "licence_ended", "rectification_overdue"])
    .execute();
  const quiet = new Set(recent.map((r) => `${r.kind}:${r.authorization_id}`));
  let raised = 0;
  for (const a of unused) {
    if (quiet.has(`unused_24_months:${a.id}`)) continue;
    if (
      await raiseFlag(db, "unused_24_months", a, { enterprise: a.name, activeFrom: a.active_from, since: cutoffDate })
    )
      raised += 1;
  }
  for (const a of due) {
    const kinds: FlagKind[] = [];
    if (a.licence_end && a.licence_end < today) kinds.push("licence_ended");
    if (a.status === "rectifying" && a.rectify_deadline && a.rectify_deadline < today)
      kinds.push("rectification_overdue");
    for (const kind of kinds) {
      if (quiet.has(`${kind}:${a.id}`)) continue;
      if (
        await raiseFlag(db, kind, a, {
          enterprise: a.name,
          licenceEnd: a.licence_end,
          rectifyDeadline: a.rectify_deadline,
          today,
        })
      )
        raised += 1;
    }
  }
  return raised;
}
