import { createHmac, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { DB, Role } from "#db/schema.ts";
import { noteRequestUser } from "#app/logging/request-log.server.ts";
import { getEnv, isProduction } from "#app/env.server.ts";

export const IDLE_TIMEOUT_MS = 2 * 60 * 60 * 1000; // 2 h without activity
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000; // one working day at most
const TOUCH_EVERY_MS = 60 * 1000;

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  divisionCode: string | null;
  divisionName: string | null;
  isApprover: boolean;
  enterpriseId: string | null;
  printerId: string | null;
  sessionId: string;
}

/** __Host- binds the cookie to this host over HTTPS; it needs Secure, so only in production. */
export function sessionCookieName(): string {
  return isProduction() ? "__Host-gi_session" : "gi_session";
}

function sessionIdFor(token: string): string {
  return createHmac("sha256", getEnv().SESSION_SECRET).update(token).digest("hex");
}

export function readSessionToken(cookieHeader: string | null): string | null {
  if (!cookieHeader) return null;
  const name = sessionCookieName();
  for (const part of cookieHeader.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) {
      const value = v.join("=");
      return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
    }
  }
  return null;
}

export function sessionCookie(token: string): string {
  const secure = isProduction() ? "; Secure" : "";
  return `${sessionCookieName()}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${ABSOLUTE_TIMEOUT_MS / 1000}${secure}`;
}

export function clearedSessionCookie(): string {
  const secure = isProduction() ? "; Secure" : "";
  return `${sessionCookieName()}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure}`;
}

/** A fresh random id at every sign-in (no fixation). Returns the cookie token. */
export async function createSession(
  db: Kysely<DB>,
  userId: string,
  meta: { ipNetwork: string | null; userAgent: string | null },
): Promise<{ token: string; sessionId: string }> {
  const token = randomBytes(32).toString("base64url");
  const sessionId = sessionIdFor(token);
  const now = new Date();
  await db
    .insertInto("user_session")
    .values({
      id: sessionId,
      user_id: userId,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS),
      ip_network: meta.ipNetwork,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, sessionId };
}

/** The signed-in user for this token, or null when absent, revoked, idle, expired or disabled. */
export async function findSessionUser(db: Kysely<DB>, token: string | null): Promise<SessionUser | null> {
  if (!token) return null;
  const sessionId = sessionIdFor(token);
  const now = new Date();
  const row = await db
    .selectFrom("user_session as s")
    .innerJoin("app_user as u", "u.id", "s.user_id")
    .leftJoin("division as d", "d.code", "u.division_code")
    .select([
      "s.id as sessionId",
      "s.last_seen_at",
      "u.id",
      "u.username",
      "u.display_name",
      "u.role",
      "u.division_code",
      "d.full_name as division_name",
      "u.is_approver",
      "u.enterprise_id",
      "u.printer_id",
    ])
    .where("s.id", "=", sessionId)
    .where("s.revoked_at", "is", null)
    .where("s.expires_at", ">", now)
    .where("s.last_seen_at", ">", new Date(now.getTime() - IDLE_TIMEOUT_MS))
    .where("u.disabled_at", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  noteRequestUser(row.id);
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    await db.updateTable("user_session").set({ last_seen_at: now }).where("id", "=", sessionId).execute();
  }
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    divisionCode: row.division_code,
    divisionName: row.division_name,
    isApprover: row.is_approver,
    enterpriseId: row.enterprise_id,
    printerId: row.printer_id,
    sessionId: row.sessionId,
  };
}

export async function revokeSession(db: Kysely<DB>, sessionId: string, reason: string): Promise<void> {
  await db
    .updateTable("user_session")
    .set({ revoked_at: new Date(), revoked_reason: reason })
    .where("id", "=", sessionId)
    .where("revoked_at", "is", null)
    .execute();
}

export async function revokeUserSessions(
  db: Kysely<DB>,
  userId: string,
  reason: string,
  exceptSessionId?: string,
): Promise<number> {
  let query = db
    .updateTable("user_session")
    .set({ revoked_at: new Date(), revoked_reason: reason })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null);
  if (exceptSessionId) query = query.where("id", "!=", exceptSessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
