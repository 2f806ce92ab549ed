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

/** One question to the register: the enterprise's credit code, the mark's slug, a YYYY-MM-DD date. */
export interface AuthorizedOnQuestion {
  uscc: string;
  markSlug: string;
  date: string;
}

/** The answer with what a bulk caller also needs: the exit announcement and where the record is public. */
export interface AuthorizedOnDetail extends AuthorizedOnAnswer {
  exitAnnouncement: string | null;
  /** The enterprise's public register page, when this authorization was ever on the register. */
  enterpriseId: string | null;
  markKnown: boolean;
}

/**
 * "Was enterprise X authorized for mark Y on date D?" from the append-only event history:
 * the last status each of its authorizations had taken effect by D.
 */
export async function authorizedOn(db: Kysely<DB>, input: AuthorizedOnQuestion): Promise<AuthorizedOnAnswer> {
  const [detail] = await authorizedOnMany(db, [input]);
  const { authorized, status, since, until, announcement } = detail!;
  return { authorized, status, since, until, announcement };
}

/**
 * The same question for many rows at once, answered in one set-based query (bulk checks by
 * platforms, decision 047), in the order asked. Per authorization: the last status in effect by
 * D; since = the last step into an authorized status by D; until = the exit by D (not
 * authorized) or the first later exit (authorized). Two routes for the same mark: the first
 * authorized one answers, else the first with any history.
 */
export async function authorizedOnMany(
  db: Kysely<DB>,
  questions: readonly AuthorizedOnQuestion[],
): Promise<AuthorizedOnDetail[]> {
  if (questions.length === 0) return [];
  const authorizedList = sql.join(AUTHORIZED_STATUSES.map((s) => sql`${s}`));
  const rows = await sql<{
    n: number;
    mark_known: boolean;
    status: AuthorizationStatus | null;
    is_authorized: boolean | null;
    since: string | null;
    ended_on: string | null;
    later_end: string | null;
    entry_number: string | null;
    exit_number: string | null;
    enterprise_id: string | null;
    public: boolean | null;
  }>`
    with q as (
      select * from unnest(
        ${questions.map((_, i) => i)}::int[],
        ${questions.map((x) => x.uscc)}::text[],
        ${questions.map((x) => x.markSlug)}::text[],
        ${questions.map((x) => x.date)}::date[]
      ) as q(n, uscc, mark, d)
    ),
    qa as (
      select q.n, q.d, au.id as aid, au.enterprise_id, au.active_from,
             entry.number as entry_number, exit.number as exit_number
        from q
        join mark m on m.slug = q.mark
        join enterprise e on e.uscc = q.uscc
        join "authorization" au on au.enterprise_id = e.id and au.mark_id = m.id
        left join announcement entry on entry.id = au.entry_announcement_id
        left join announcement exit on exit.id = au.exit_announcement_id
    ),
    steps as (
      select qa.n, qa.aid, qa.d, ev.effective_on, ev.id, ev.to_status,
             ev.to_status in (${authorizedList}) as auth,
             coalesce(lag(ev.to_status in (${authorizedList})) over w, false) as prev_auth
        from qa join authorization_event ev on ev.authorization_id = qa.aid
      window w as (partition by qa.n, qa.aid order by ev.effective_on, ev.id)
    ),
    per as (
      select n, aid,
             (array_agg(to_status order by effective_on desc, id desc) filter (where effective_on <= d))[1] as status,
             max(effective_on) filter (where effective_on <= d and auth and not prev_auth) as since,
             max(effective_on) filter (where effective_on <= d and prev_auth and not auth) as ended_on,
             min(effective_on) filter (where effective_on > d and not auth) as later_end
        from steps group by n, aid
    ),
    best as (
      select distinct on (per.n) per.*, per.status in (${authorizedList}) as is_authorized,
             qa.entry_number, qa.exit_number, qa.enterprise_id, qa.active_from is not null as public
        from per join qa on qa.n = per.n and qa.aid = per.aid
       where per.status is not null
       order by per.n, (per.status in (${authorizedList})) desc, per.aid
    )
    select q.n, exists (select 1 from mark m where m.slug = q.mark) as mark_known,
           best.status, best.is_authorized, best.since::text as since, best.ended_on::text as ended_on,
           best.later_end::text as later_end, best.entry_number, best.exit_number, best.enterprise_id, best.public
      from q left join best on best.n = q.n
     order by q.n`.execute(db);
  return rows.rows.map((r) => {
    if (!r.status)
      return {
        authorized: false,
        status: NO_AUTHORIZATION,
        since: null,
        until: null,
        announcement: null,
        exitAnnouncement: null,
        enterpriseId: null,
        markKnown: r.mark_known,
      };
    const authorized = r.is_authorized === true;
    const until = authorized ? r.later_end : r.since ? r.ended_on : null;
    return {
      authorized,
      status: r.status,
      since: r.since,
      until,
      announcement: r.since ? r.entry_number : null,
      exitAnnouncement: !authorized && until ? r.exit_number : null,
      enterpriseId: r.public ? r.enterprise_id : null,
      markKnown: r.mark_known,
    };
  });
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
