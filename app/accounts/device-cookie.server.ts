import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { getEnv, isProduction } from "#app/env.server.ts";

/**
 * Known devices (decision 014; OWASP's "device cookies"): a browser where an account signed in
 * keeps a signed cookie naming that account. A sign-in from it is counted apart from its network:
 * a network paused because someone there tried many accounts, or a guesser of this account on the
 * same network, does not stop the owner at their own desk. The cookie proves nothing by itself
 * (the password is still checked); a stolen one earns its holder only the same slowing-down, keyed
 * on that cookie.
 */

export const DEVICE_COOKIE_MAX_AGE_S = 180 * 24 * 60 * 60;

export interface KnownDevice {
  username: string;
  /** Random per cookie: failures from this device are counted under it. */
  id: string;
}

export function deviceCookieName(): string {
  return isProduction() ? "__Host-gi_device" : "gi_device";
}

const mac = (body: string) =>
  createHmac("sha256", getEnv().SESSION_SECRET).update(`device|${body}`).digest("base64url").slice(0, 32);

/** A fresh cookie for `username`, valid for DEVICE_COOKIE_MAX_AGE_S from `now`. */
export function deviceCookie(username: string, now = Date.now()): string {
  const body = `${Buffer.from(username).toString("base64url")}.${randomBytes(12).toString("base64url")}.${Math.floor(now / 1000)}`;
  const secure = isProduction() ? "; Secure" : "";
  return `${deviceCookieName()}=${body}.${mac(body)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${DEVICE_COOKIE_MAX_AGE_S}${secure}`;
}

/** The known device this request's cookie names, if its signature holds and it has not expired. */
export function readKnownDevice(cookieHeader: string | null, now = Date.now()): KnownDevice | null {
  if (!cookieHeader) return null;
  const name = deviceCookieName();
  for (const part of cookieHeader.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k !== name) continue;
    const match = /^([A-Za-z0-9_-]{1,128})\.([A-Za-z0-9_-]{16})\.(\d{1,12})\.([A-Za-z0-9_-]{32})$/.exec(v.join("="));
    if (!match) return null;
    const [, user, id, issued, signature] = match as unknown as [string, string, string, string, string];
    const expected = mac(`${user}.${id}.${issued}`);
    if (!timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) return null;
    if (now / 1000 - Number(issued) > DEVICE_COOKIE_MAX_AGE_S) return null;
    return { username: Buffer.from(user, "base64url").toString(), id };
  }
  return null;
}
