import { sql, type Kysely } from "kysely";
import { hasRolePermission } from "#app/accounts/role-permissions.ts";
import { z } from "zod";
import type { DB } from "#db/schema.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { flagVisibleTo } from "#app/accounts/scope.server.ts";
import { DomainError } from "#app/errors.ts";
import { encodeCode } from "#app/label-code/code.ts";
import { ALERT_KINDS, SCAN_ALERT_KINDS, type AlertKind, type AlertState } from "./kinds.ts";
import { isUuid } from "#app/ids.ts";

/** The queue's filters, from the query string (bad values fall back to the defaults). */
export const alertFilters = z.object({
  state: z.enum(["open", "acknowledged", "resolved", "all"]).catch("open").default("open"),
  kind: z.enum(ALERT_KINDS).optional().catch(undefined),
});
export type AlertFilters = z.infer<typeof alertFilters>;

/** Regulators and administrators work the queue; flagVisibleTo narrows what each of them sees. */
const worksQueue = (user: SessionUser) => hasRolePermission(user, "alerts.work");

export function stateOf(f: { resolved_at: Date | null; acknowledged_at: Date | null }): AlertState {
  return f.resolved_at ? "resolved" : f.acknowledged_at ? "acknowledged" : "open";
}

/** A scan alert about a code stores the code's 16 bytes as hex; null for any other subject. */
function codeOf(kind: string, subject: string | null): Buffer | null {
  return subject && (SCAN_ALERT_KINDS as readonly string[]).includes(kind) && /^[0-9a-f]{32}$/.test(subject)
    ? Buffer.from(subject, "hex")
    : null;
}

/** What people read as the subject: a code as printed, anything else as stored. */
function subjectLabel(kind: string, subject: string | null): string | null {
  const code = codeOf(kind, subject);
  return code ? encodeCode(code) : subject;
}

function queueQuery(db: Kysely<DB>, user: SessionUser) {
  return db
    .selectFrom("flag")
    .leftJoin("authorization", "authorization.id", "flag.authorization_id")
    .leftJoin("enterprise", "enterprise.id", "flag.enterprise_id")
    .leftJoin("mark", (join) =>
      join.on((eb) => eb("mark.id", "=", eb.fn.coalesce("flag.mark_id", "authorization.mark_id"))),
    )
    .leftJoin("division", "division.code", "flag.division_code")
    .select([
      "flag.id",
      "flag.kind",
      "flag.subject",
      "flag.raised_at",
      "flag.last_seen_at",
      "flag.occurrences",
      "flag.acknowledged_at",
      "flag.resolved_at",
      "flag.resolution",
      "flag.authorization_id",
      "flag.enterprise_id",
      "flag.division_code",
      "flag.detail",
      "enterprise.name as enterprise_name",
      "mark.name as mark_name",
      "division.full_name as division_name",
    ])
    .where(flagVisibleTo(user));
}

/** The queue within what the caller may see, oldest open first (resolved: newest first). */
export async function listAlerts(db: Kysely<DB>, user: SessionUser, f: AlertFilters, limit = 500) {
  if (!worksQueue(user)) return [];
  let q = queueQuery(db, user);
  if (f.state === "open") q = q.where("flag.resolved_at", "is", null).where("flag.acknowledged_at", "is", null);
  if (f.state === "acknowledged")
    q = q.where("flag.resolved_at", "is", null).where("flag.acknowledged_at", "is not", null);
  if (f.state === "resolved") q = q.where("flag.resolved_at", "is not", null);
  if (f.kind) q = q.where("flag.kind", "=", f.kind);
  q = f.state === "resolved" ? q.orderBy("flag.resolved_at", "desc") : q.orderBy("flag.raised_at");
  const rows = await q.limit(limit).execute();
  return rows.map((r) => ({
    ...r,
    kind: r.kind as AlertKind,
    state: stateOf(r),
    subject_label: subjectLabel(r.kind, r.subject),
  }));
}

/** Unresolved alerts the caller may see (optionally about some marks only), for the desk and the dashboard. */
export async function countUnresolvedAlerts(db: Kysely<DB>, user: SessionUser, markIds?: string[]): Promise<number> {
  if (!worksQueue(user)) return 0;
  const row = await db
    .selectFrom("flag")
    .leftJoin("authorization", "authorization.id", "flag.authorization_id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where(flagVisibleTo(user))
    .where("flag.resolved_at", "is", null)
    .$if(Boolean(markIds), (q) =>
      q.where((eb) => eb.or([eb("flag.mark_id", "in", markIds!), eb("authorization.mark_id", "in", markIds!)])),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One alert with its evidence: the scans behind it, the label, and its own history. */
export async function findAlert(db: Kysely<DB>, user: SessionUser, id: string) {
  if (!isUuid(id) || !worksQueue(user)) return undefined;
  const row = await queueQuery(db, user).where("flag.id", "=", id).executeTakeFirst();
  if (!row) return undefined;
  const codeSubject = codeOf(row.kind, row.subject);
  const scanColumns = [
    "scan.scanned_at",
    "scan.network",
    "scan.verdict",
    "scan.channel",
    "scan.latitude",
    "scan.longitude",
  ] as const;
  const scans = codeSubject
    ? await db
        .selectFrom("scan")
        .select(scanColumns)
        .where("scan.code", "=", codeSubject)
        .orderBy("scan.scanned_at", "desc")
        .limit(200)
        .execute()
    : row.kind === "not_found_burst" && row.subject
      ? await db
          .selectFrom("scan")
          .select([...scanColumns, "scan.code"])
          .where("scan.network", "=", row.subject)
          // Unknown codes have no mark: the (mark_id, scanned_at) index finds them by time.
          .where("scan.mark_id", "is", null)
          .where("scan.verdict", "=", "not_found")
          .where(
            "scan.scanned_at",
            ">=",
            sql<Date>`${row.last_seen_at ?? row.raised_at}::timestamptz - interval '1 day'`,
          )
          .orderBy("scan.scanned_at", "desc")
          .limit(200)
          .execute()
      : [];
  const label = codeSubject
    ? await db
        .selectFrom("label")
        .innerJoin("label_order", "label_order.id", "label.order_id")
        .innerJoin("mark", "mark.id", "label.mark_id")
        .select([
          "label.serial_year",
          "label.serial",
          "label.status",
          "label.void_reason",
          "label.order_id",
          "label_order.status as order_status",
          "mark.serial_prefix",
          "mark.slug",
        ])
        .where("label.code", "=", codeSubject)
        .executeTakeFirst()
    : undefined;
  // Who acted, by the name colleagues know them by (the office's display name), not the login.
  const history = await db
    .selectFrom("audit_entry")
    .leftJoin("app_user", "app_user.id", "audit_entry.actor_user_id")
    .select([
      "audit_entry.seq",
      "audit_entry.at",
      "audit_entry.actor_label",
      "app_user.display_name as actor_name",
      "audit_entry.action",
      "audit_entry.reason",
      "audit_entry.after",
    ])
    .where("audit_entry.entity_type", "=", "flag")
    .where("audit_entry.entity_id", "=", id)
    .orderBy("audit_entry.seq")
    .execute();
  return {
    alert: {
      ...row,
      kind: row.kind as AlertKind,
      state: stateOf(row),
      subject_label: subjectLabel(row.kind, row.subject),
    },
    scans: scans.map((s) => ({
      ...s,
      code: "code" in s && s.code ? encodeCode(new Uint8Array(s.code as Uint8Array)) : null,
    })),
    label: label ?? null,
    history,
  };
}

function mayAct(user: SessionUser) {
  if (!worksQueue(user)) throw new DomainError("error.forbidden.text", { status: 403 });
}

/** Whether the caller may see this alert at all (without loading its evidence). */
export async function alertVisible(db: Kysely<DB>, user: SessionUser, id: string): Promise<boolean> {
  if (!isUuid(id) || !worksQueue(user)) return false;
  return Boolean(
    await db
      .selectFrom("flag")
      .select("flag.id")
      .where("flag.id", "=", id)
      .where(flagVisibleTo(user))
      .executeTakeFirst(),
  );
}

/** Someone is looking into it: the queue shows who and when. A second click changes nothing. */
export async function acknowledgeAlert(db: Kysely<DB>, user: SessionUser, id: string) {
  mayAct(user);
  if (!isUuid(id)) throw new DomainError("error.notFound.text", { status: 404 });
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("flag")
      .set({ acknowledged_at: new Date(), acknowledged_by: user.id })
      .where("id", "=", id)
      .where("resolved_at", "is", null)
      .where("acknowledged_at", "is", null)
      .where(flagVisibleTo(user))
      .returning(["id", "kind"])
      .executeTakeFirst();
    if (!row) throw new DomainError("form.stale", { status: 409 });
    await recordAudit(trx, actorOf(user), {
      action: "flag.acknowledge",
      entityType: "flag",
      entityId: id,
      after: { kind: row.kind },
    });
    return row;
  });
}

/** Closes an alert with what was decided (required); the evidence stays. */
export async function resolveAlert(db: Kysely<DB>, user: SessionUser, id: string, resolution: string) {
  mayAct(user);
  if (!isUuid(id)) throw new DomainError("error.notFound.text", { status: 404 });
  if (!resolution) throw new DomainError("form.required", { field: "resolution" });
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("flag")
      .set({ resolved_at: new Date(), resolved_by: user.id, resolution })
      .where("id", "=", id)
      .where("resolved_at", "is", null)
      .where(flagVisibleTo(user))
      .returning(["id", "kind", "authorization_id"])
      .executeTakeFirst();
    if (!row) throw new DomainError("form.stale", { status: 409 });
    await recordAudit(trx, actorOf(user), {
      action: "flag.resolve",
      entityType: "flag",
      entityId: id,
      after: { resolution, kind: row.kind },
      reason: resolution,
    });
    return row;
  });
}
