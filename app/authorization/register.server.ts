import { sql, type Kysely } from "kysely";
import { AUTHORIZATION_STATUSES, type AuthorizationStatus, type DB } from "#db/schema.ts";
import { AUTHORIZED_STATUSES, PUBLIC_STATUSES } from "./lifecycle.ts";
import { isUuid } from "#app/ids.ts";

export async function findMarkBySlug(db: Kysely<DB>, slug: string) {
  return db
    .selectFrom("mark")
    .innerJoin("division", "division.code", "mark.division_code")
    .selectAll("mark")
    .select("division.full_name as division_name")
    .where("mark.slug", "=", slug)
    .executeTakeFirst();
}

export async function registerOfMark(
  db: Kysely<DB>,
  markId: string,
  filter: { q?: string | undefined; status?: AuthorizationStatus | undefined; limit: number; offset: number },
) {
  let query = db
    .selectFrom("authorization")
    .innerJoin("enterprise", "enterprise.id", "authorization.enterprise_id")
    .leftJoin("announcement as entry", "entry.id", "authorization.entry_announcement_id")
    .leftJoin("announcement as exit", "exit.id", "authorization.exit_announcement_id")
    .where("authorization.mark_id", "=", markId)
    .where("authorization.status", "in", filter.status ? [filter.status] : PUBLIC_STATUSES)
    .where("authorization.active_from", "is not", null);
  const q = filter.q?.normalize("NFKC").trim();
  if (q) {
    const code = q.toUpperCase().replace(/\s/g, "");
    query = /^[0-9A-Z]{18}$/.test(code)
      ? query.where("enterprise.uscc", "=", code)
      : query.where("enterprise.name", "like", `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  const [rows, total] = await Promise.all([
    query
      .select([
        "authorization.id",
        "authorization.status",
        "authorization.route",
        "authorization.active_from",
        "authorization.exited_on",
        "authorization.exit_reason",
        "enterprise.id as enterprise_id",
        "enterprise.name as enterprise_name",
        "enterprise.uscc",
        "entry.number as entry_announcement",
        "entry.id as entry_announcement_id",
        "exit.number as exit_announcement",
      ])
      .orderBy(sql`case when "authorization"."status" in ('active','rectifying') then 0 else 1 end`)
      .orderBy("enterprise.name")
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** The status answered for an enterprise that never held an authorization for the mark. */
export const NO_AUTHORIZATION = "none";
/** Every status the register answers with: the lifecycle's statuses and "never authorized". */
export const REGISTER_ANSWER_STATUSES = [NO_AUTHORIZATION, ...AUTHORIZATION_STATUSES] as const;

export interface AuthorizedOnAnswer {
  authorized: boolean;
  status: AuthorizationStatus | typeof NO_AUTHORIZATION;
  since: string | null;
  until: string | null;
  announcement: string | null;
}

/**
 * "Was enterprise X authorized for mark Y on date D?" from the append-only event history:
 * the last status each of its authorizations had taken effect by D.
 */
export async function authorizedOn(
  db: Kysely<DB>,
  input: { uscc: string; markSlug: string; date: string },
): Promise<AuthorizedOnAnswer> {
  const events = await db
    .selectFrom("authorization_event as ev")
    .innerJoin("authorization", "authorization.id", "ev.authorization_id")
    .innerJoin("enterprise", "enterprise.id", "authorization.enterprise_id")
    .innerJoin("mark", "mark.id", "authorization.mark_id")
    .leftJoin("announcement", "announcement.id", "authorization.entry_announcement_id")
    .select([
      "ev.authorization_id",
      "ev.effective_on",
      "ev.to_status",
      "ev.action",
      "announcement.number as entry_number",
    ])
    .where("enterprise.uscc", "=", input.uscc)
    .where("mark.slug", "=", input.markSlug)
    .orderBy("ev.authorization_id")
    .orderBy("ev.effective_on")
    .orderBy("ev.id")
    .execute();
  const none: AuthorizedOnAnswer = {
    authorized: false,
    status: NO_AUTHORIZATION,
    since: null,
    until: null,
    announcement: null,
  };
  const byAuthorization = new Map<string, typeof events>();
  for (const e of events)
    byAuthorization.set(e.authorization_id, [...(byAuthorization.get(e.authorization_id) ?? []), e]);
  const isAuthorized = (s: AuthorizationStatus | null) => s !== null && AUTHORIZED_STATUSES.includes(s);
  let best = none;
  for (const list of byAuthorization.values()) {
    let status: AuthorizationStatus | null = null;
    let since: string | null = null;
    let endedOn: string | null = null;
    let seen = 0;
    for (const e of list) {
      if (e.effective_on > input.date) break;
      if (!isAuthorized(status) && isAuthorized(e.to_status)) [since, endedOn] = [e.effective_on, null];
      if (isAuthorized(status) && !isAuthorized(e.to_status)) endedOn = e.effective_on;
      status = e.to_status;
      seen += 1;
    }
    if (!status) continue;
    const authorized = isAuthorized(status);
    const laterEnd = list.slice(seen).find((e) => !isAuthorized(e.to_status));
    const answer: AuthorizedOnAnswer = {
      authorized,
      status,
      since,
      until: authorized ? (laterEnd?.effective_on ?? null) : endedOn,
      announcement: since ? (list[0]?.entry_number ?? null) : null,
    };
    // Two routes for the same mark: authorized if either is.
    if (!best.authorized && (answer.authorized || best.status === NO_AUTHORIZATION)) best = answer;
  }
  return best;
}

/** The public timeline of an enterprise: every entry and exit, with dates and announcements. */
export async function publicEnterprise(db: Kysely<DB>, enterpriseId: string) {
  if (!isUuid(enterpriseId)) return undefined;
  const enterprise = await db
    .selectFrom("enterprise")
    .innerJoin("division", "division.code", "enterprise.division_code")
    .select(["enterprise.id", "enterprise.name", "enterprise.uscc", "division.full_name as division_name"])
    .where("enterprise.id", "=", enterpriseId)
    .executeTakeFirst();
  if (!enterprise) return undefined;
  const events = await db
    .selectFrom("authorization_event as ev")
    .innerJoin("authorization", "authorization.id", "ev.authorization_id")
    .innerJoin("mark", "mark.id", "authorization.mark_id")
    .leftJoin("announcement", "announcement.id", "ev.announcement_id")
    .leftJoin("register_import", "register_import.id", "ev.import_id")
    .leftJoin("app_user as importer", "importer.id", "register_import.imported_by")
    .select([
      "ev.id",
      "ev.effective_on",
      "ev.action",
      "register_import.file_name as import_file",
      "register_import.sha256 as import_sha256",
      "importer.display_name as imported_by",
      "ev.to_status",
      "mark.name as mark_name",
      "mark.slug as mark_slug",
      "announcement.number as announcement_number",
      "announcement.id as announcement_id",
      "authorization.exit_reason",
    ])
    .where("authorization.enterprise_id", "=", enterpriseId)
    .where("ev.action", "in", [
      "activate",
      "order_rectification",
      "restore",
      "suspend",
      "cancel",
      "withdraw",
      "expire",
      "announce_exit",
    ])
    .where("authorization.active_from", "is not", null)
    .orderBy("ev.effective_on", "desc")
    .orderBy("ev.id", "desc")
    .execute();
  return { enterprise, events };
}
