import { createHash, randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import { authorizationVisibleTo } from "#app/accounts/scope.server.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { DomainError } from "#app/errors.ts";
import type { Lang } from "#app/i18n/i18n.ts";
import { isMailAddress, notify } from "./notify.server.ts";
import type { NotificationKind } from "./kinds.ts";
import { isSuppressed } from "./unsubscribe.server.ts";

/** A person's notifications, newest first; only their own. */
export function inboxOf(db: Kysely<DB>, user: SessionUser, limit = 100) {
  return db
    .selectFrom("notification")
    .select(["id", "kind", "params", "link", "created_at", "read_at"])
    .where("user_id", "=", user.id)
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
}

/** How many of a person's notifications they have not read (the header's count). */
export async function unreadCount(db: Kysely<DB>, userId: string): Promise<number> {
  const row = await db
    .selectFrom("notification")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * A person follows one notification's link: it is read from then on. Only their own (another's id
 * answers null, as a missing one does). Returns the page it points to.
 */
export async function openNotification(db: Kysely<DB>, user: SessionUser, id: string): Promise<string | null> {
  const row = await db
    .updateTable("notification")
    .set({ read_at: sql<Date>`coalesce(read_at, now())` })
    .where("id", "=", id)
    .where("user_id", "=", user.id)
    .returning("link")
    .executeTakeFirst();
  return row?.link ?? null;
}

export async function markAllRead(db: Kysely<DB>, user: SessionUser): Promise<number> {
  const rows = await db
    .updateTable("notification")
    .set({ read_at: new Date() })
    .where("user_id", "=", user.id)
    .where("read_at", "is", null)
    .returning("id")
    .execute();
  return rows.length;
}

/**
 * The reminders the daily job gave on `day` (the desk's list): one line per reminder with how many
 * people it reached, about authorizations the caller may see. Reminder keys are
 * `reminder:<kind>:<authorization id>:<day>` (reminders.server.ts).
 */
export function remindersOn(db: Kysely<DB>, user: SessionUser, day: string) {
  return db
    .selectFrom("notification")
    .innerJoin("authorization", (j) =>
      j.on(sql<boolean>`"authorization".id::text = split_part(notification.event_key, ':', 3)`),
    )
    .select([
      "notification.event_key",
      "notification.kind",
      "notification.params",
      "notification.link",
      (eb) => eb.fn.countAll<string>().as("recipients"),
    ])
    .where("notification.event_key", "like", `reminder:%:${day}`)
    .where(authorizationVisibleTo(user))
    .groupBy(["notification.event_key", "notification.kind", "notification.params", "notification.link"])
    .orderBy("notification.event_key")
    .limit(200)
    .execute();
}

export interface MailPreferences {
  email: string | null;
  lang: Lang;
  /** Kinds the person does not want by e-mail. */
  optOut: NotificationKind[];
}

export async function preferencesOf(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom("app_user")
    .select(["email", "email_confirmed_at", "lang", "mail_opt_out", "display_name"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
}

const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Saves a person's choices. A new address is unconfirmed until the link mailed to it is opened
 * (so nobody can point another person's news at a stranger); returns whether a link was sent.
 */
export async function setMailPreferences(
  db: Kysely<DB>,
  user: SessionUser,
  input: MailPreferences,
): Promise<{ confirmSent: boolean }> {
  const email = input.email?.trim() || null;
  if (email !== null && !isMailAddress(email)) throw new DomainError("notification.prefs.badEmail", { field: "email" });
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("app_user")
      .select(["email", "lang", "mail_opt_out"])
      .where("id", "=", user.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    // Letter case is not a new address (mail systems ignore it), so it sends no second confirmation.
    const changed = email?.toLowerCase() !== before.email?.toLowerCase();
    if (changed && email) await mayConfirmAddress(trx, user, email);
    const token = changed && email ? randomBytes(24).toString("base64url") : null;
    await trx
      .updateTable("app_user")
      .set({
        lang: input.lang,
        mail_opt_out: input.optOut,
        ...(changed ? { email, email_confirmed_at: null, email_confirm_hash: token ? tokenHash(token) : null } : {}),
      })
      .where("id", "=", user.id)
      .execute();
    await recordAudit(trx, actorOf(user), {
      action: "account.notification_settings",
      entityType: "app_user",
      entityId: user.id,
      before: { emailSet: before.email !== null, lang: before.lang, optOut: before.mail_opt_out },
      after: { emailSet: email !== null, emailChanged: changed, lang: input.lang, optOut: input.optOut },
    });
    if (token && email) {
      await notify(trx, {
        kind: "email_confirm",
        key: `email_confirm:${user.id}:${tokenHash(token).slice(0, 16)}`,
        to: { address: email, lang: input.lang },
        params: { name: user.displayName },
        link: `/notifications/settings?confirm=${token}`,
      });
    }
    return { confirmSent: token !== null };
  });
}

/** Confirmation mails an account may ask for in an hour: enough for a typo or two, too few to flood someone. */
export const CONFIRMATIONS_PER_HOUR = 3;

/**
 * A confirmation goes only to an address that has not asked us to stop mailing it, and an account
 * asks for a few an hour at most: otherwise any account could mail-bomb a stranger's address.
 */
async function mayConfirmAddress(trx: Kysely<DB>, user: SessionUser, email: string) {
  if (await isSuppressed(trx, email)) throw new DomainError("notification.prefs.addressStopped", { field: "email" });
  const recent = await trx
    .selectFrom("mail_outbox")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("kind", "=", "email_confirm")
    .where("event_key", "like", `email_confirm:${user.id}:%`)
    .where("created_at", ">", new Date(Date.now() - 60 * 60_000))
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= CONFIRMATIONS_PER_HOUR)
    throw new DomainError("notification.prefs.tooManyConfirmations", {
      field: "email",
      status: 429,
      params: { n: CONFIRMATIONS_PER_HOUR },
    });
}

/** The link mailed to a new address was opened by its owner, signed in: the address is confirmed. */
export async function confirmEmail(db: Kysely<DB>, user: SessionUser, token: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("app_user")
      .set({ email_confirmed_at: new Date(), email_confirm_hash: null })
      .where("id", "=", user.id)
      .where("email_confirm_hash", "=", tokenHash(token))
      .returning("id")
      .executeTakeFirst();
    if (!row) throw new DomainError("notification.prefs.badToken");
    await recordAudit(trx, actorOf(user), {
      action: "account.confirm_email",
      entityType: "app_user",
      entityId: user.id,
    });
  });
}
