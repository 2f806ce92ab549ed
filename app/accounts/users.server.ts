import type { Kysely, Transaction } from "kysely";
import type { DB, Role } from "#db/schema.ts";
import { recordAudit, type Actor } from "#app/audit/audit.server.ts";
import { DomainError } from "#app/errors.ts";
import { hashPassword, verifyPassword } from "./password.server.ts";
import { checkPassword } from "./password-policy.ts";
import { limitPasswordChange, signInFailed, signInSucceeded, signInWait } from "#app/rate-limit/rate-limit.server.ts";
import { deviceCookie, type KnownDevice } from "./device-cookie.server.ts";
import { logger } from "#app/logging/logger.server.ts";
import { createSession, revokeUserSessions, type SessionUser } from "./session.server.ts";

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,31}$/;

export function actorOf(user: Pick<SessionUser, "id" | "username" | "role">): Actor {
  return { userId: user.id, label: `${user.username} (${user.role})` };
}

export type SignInResult =
  | {
      ok: true;
      token: string;
      /** Set on the browser so that it is a known device for this account next time (decision 014). */
      deviceCookie: string;
      user: { id: string; role: Role; enterpriseId: string | null };
    }
  | { ok: false; reason: "failed" }
  /** `account`: this account from this network is waiting out its delay; `network`: the network tried many accounts. */
  | { ok: false; reason: "rateLimited"; retryAfter: number; scope: "account" | "network" };

/**
 * Same message and the same argon2 work whether the user is unknown, disabled or typed a
 * wrong password, so neither words nor timing reveal which accounts exist. Failures slow the
 * account from that network only (decision 014): the owner elsewhere is never locked out.
 */
export async function signIn(
  db: Kysely<DB>,
  input: {
    username: string;
    password: string;
    ipNetwork: string;
    userAgent: string | null;
    /** The browser's known-device cookie (device-cookie.server.ts), if any: it counts only for its own account. */
    knownDevice?: KnownDevice | null;
  },
): Promise<SignInResult> {
  const username = input.username.normalize("NFKC").trim().toLowerCase();
  const device = input.knownDevice?.username === username ? input.knownDevice.id : null;
  const from = { network: input.ipNetwork, device };
  const wait = await signInWait(username, from);
  if (wait) return { ok: false, reason: "rateLimited", retryAfter: wait.seconds, scope: wait.scope };

  const user = await db
    .selectFrom("app_user")
    .select(["id", "username", "role", "password_hash", "disabled_at", "enterprise_id"])
    .where("username", "=", username)
    .executeTakeFirst();
  const passwordOk = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !passwordOk || user.disabled_at) {
    const after = await signInFailed(username, from);
    logger.warn(`[auth] failed sign-in for "${username.slice(0, 40)}" from ${input.ipNetwork}`);
    return after
      ? { ok: false, reason: "rateLimited", retryAfter: after.seconds, scope: after.scope }
      : { ok: false, reason: "failed" };
  }
  await signInSucceeded(username, from);
  const { token, sessionId } = await db.transaction().execute(async (trx) => {
    const created = await createSession(trx, user.id, { ipNetwork: input.ipNetwork, userAgent: input.userAgent });
    await recordAudit(trx, actorOf(user), {
      action: "session.sign_in",
      entityType: "app_user",
      entityId: user.id,
      after: { session: created.sessionId.slice(0, 12), network: input.ipNetwork },
    });
    return created;
  });
  void sessionId;
  return {
    ok: true,
    token,
    deviceCookie: deviceCookie(user.username),
    user: { id: user.id, role: user.role, enterpriseId: user.enterprise_id },
  };
}

export async function signOut(db: Kysely<DB>, user: SessionUser): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("user_session")
      .set({ revoked_at: new Date(), revoked_reason: "sign_out" })
      .where("id", "=", user.sessionId)
      .execute();
    await recordAudit(trx, actorOf(user), {
      action: "session.sign_out",
      entityType: "app_user",
      entityId: user.id,
      after: { session: user.sessionId.slice(0, 12) },
    });
  });
}

export function assertUsername(username: string): string {
  const normalized = username.normalize("NFKC").trim().toLowerCase();
  if (!USERNAME_PATTERN.test(normalized)) throw new DomainError("username.invalid", { field: "username" });
  return normalized;
}

export function assertPassword(password: string, username: string, field = "password"): void {
  const problem = checkPassword(password, username);
  if (problem) throw new DomainError(problem.key, { params: problem.params, field });
}

export async function assertUsernameFree(db: Kysely<DB>, username: string): Promise<void> {
  const taken = await db.selectFrom("app_user").select("id").where("username", "=", username).executeTakeFirst();
  if (taken) throw new DomainError("username.taken", { field: "username" });
}

export interface NewAccount {
  username: string;
  displayName: string;
  /** From preparePassword(), computed before the transaction opens. */
  passwordHash: string;
  role: Role;
  divisionCode?: string | null;
  isApprover?: boolean;
  enterpriseId?: string | null;
  printerId?: string | null;
  isDemo?: boolean;
}

/** Checks the rules and hashes outside any transaction (argon2 takes tens of milliseconds). */
export async function preparePassword(password: string, username: string, field = "password"): Promise<string> {
  assertPassword(password, username, field);
  return hashPassword(password);
}

/** Inserts an account inside the caller's transaction and audits it (never the hash). */
export async function insertAccount(trx: Transaction<DB>, actor: Actor, input: NewAccount): Promise<string> {
  const username = assertUsername(input.username);
  await assertUsernameFree(trx, username);
  const passwordHash = input.passwordHash;
  const row = await trx
    .insertInto("app_user")
    .values({
      username,
      display_name: input.displayName,
      password_hash: passwordHash,
      role: input.role,
      division_code: input.divisionCode ?? null,
      is_approver: input.isApprover ?? false,
      enterprise_id: input.enterpriseId ?? null,
      printer_id: input.printerId ?? null,
      is_demo: input.isDemo ?? false,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(trx, actor, {
    action: "account.create",
    entityType: "app_user",
    entityId: row.id,
    after: {
      username,
      displayName: input.displayName,
      role: input.role,
      divisionCode: input.divisionCode ?? null,
      isApprover: input.isApprover ?? false,
      enterpriseId: input.enterpriseId ?? null,
      printerId: input.printerId ?? null,
    },
  });
  return row.id;
}

/** Disabling ends every session of the account in the same transaction. */
export async function setAccountDisabled(
  db: Kysely<DB>,
  actor: Actor & { userId: string },
  userId: string,
  disabled: boolean,
): Promise<{ username: string }> {
  if (disabled && actor.userId === userId) throw new DomainError("admin.cannotDisableSelf");
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom("app_user")
      .select(["id", "username", "disabled_at"])
      .where("id", "=", userId)
      .forUpdate()
      .executeTakeFirst();
    if (!user) throw new DomainError("error.notFound.text", { status: 404 });
    if (Boolean(user.disabled_at) === disabled) return { username: user.username };
    const disabledAt = disabled ? new Date() : null;
    await trx.updateTable("app_user").set({ disabled_at: disabledAt }).where("id", "=", userId).execute();
    const ended = disabled ? await revokeUserSessions(trx, userId, "account_disabled") : 0;
    await recordAudit(trx, actor, {
      action: disabled ? "account.disable" : "account.enable",
      entityType: "app_user",
      entityId: userId,
      before: { disabledAt: user.disabled_at },
      after: { disabledAt, sessionsEnded: ended },
    });
    return { username: user.username };
  });
}

/** Changing the password ends every other session of the account. Attempts are rate limited per account. */
export async function changePassword(
  db: Kysely<DB>,
  user: SessionUser,
  input: { current: string; next: string },
): Promise<void> {
  await limitPasswordChange(user.id);
  const row = await db
    .selectFrom("app_user")
    .select("password_hash")
    .where("id", "=", user.id)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, input.current))) {
    throw new DomainError("account.currentWrong", { field: "current" });
  }
  assertPassword(input.next, user.username, "next");
  const passwordHash = await hashPassword(input.next);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("app_user")
      .set({ password_hash: passwordHash, password_changed_at: new Date() })
      .where("id", "=", user.id)
      .execute();
    const ended = await revokeUserSessions(trx, user.id, "password_changed", user.sessionId);
    await recordAudit(trx, actorOf(user), {
      action: "account.change_password",
      entityType: "app_user",
      entityId: user.id,
      after: { otherSessionsEnded: ended },
    });
  });
}

export async function listAccounts(db: Kysely<DB>) {
  return db
    .selectFrom("app_user as u")
    .leftJoin("division as d", "d.code", "u.division_code")
    .leftJoin("enterprise as e", "e.id", "u.enterprise_id")
    .leftJoin("printer as p", "p.id", "u.printer_id")
    .select([
      "u.id",
      "u.username",
      "u.display_name",
      "u.role",
      "u.is_approver",
      "u.disabled_at",
      "u.created_at",
      "d.full_name as division_name",
      "e.name as enterprise_name",
      "p.name as printer_name",
    ])
    .orderBy("u.role")
    .orderBy("u.username")
    .execute();
}
