import type { MessageKey, Params } from "#app/i18n/i18n.ts";
import { COMMON_PASSWORDS } from "./common-passwords.ts";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

export type PasswordProblem = { key: MessageKey; params?: Params };

/** NIST 800-63B style: length and a blocklist, no composition rules. */
export function checkPassword(password: string, username?: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return { key: "password.tooShort", params: { min: PASSWORD_MIN } };
  if (length > PASSWORD_MAX) return { key: "password.tooLong", params: { max: PASSWORD_MAX } };
  const lowered = password.trim().toLowerCase();
  if (COMMON_PASSWORDS.has(lowered) || /^(.)\1+$/.test(lowered) || isRun(lowered)) {
    return { key: "password.common" };
  }
  if (username && username.length >= 3 && lowered.includes(username.toLowerCase())) {
    return { key: "password.containsUsername" };
  }
  return null;
}

/** 12345678, abcdefgh, 87654321 … */
function isRun(s: string): boolean {
  if (s.length < 4) return false;
  const codes = [...s].map((c) => c.charCodeAt(0));
  const step = codes[1]! - codes[0]!;
  if (Math.abs(step) !== 1) return false;
  return codes.every((c, i) => i === 0 || c - codes[i - 1]! === step);
}
