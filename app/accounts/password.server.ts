import { hash, verify } from "@node-rs/argon2";
import { DomainError } from "#app/errors.ts";

// OWASP's argon2id minimum; the library's defaults are weaker (issue #2).
const ARGON2_OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// Each hash takes ~19 MiB and tens of ms on a libuv thread: cap how many run at once so a
// flood of sign-ins cannot starve file, DNS and crypto work of other requests.
const MAX_CONCURRENT = 2;
const MAX_WAITING = 32;
let running = 0;
const waiting: Array<() => void> = [];

async function withHashSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) {
    if (waiting.length >= MAX_WAITING) throw new DomainError("login.busy", { status: 503, retryAfter: 5 });
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running += 1;
  }
  try {
    return await fn();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

export function hashPassword(password: string): Promise<string> {
  return withHashSlot(() => hash(password, ARGON2_OPTIONS));
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against the stored hash, or against a dummy hash when there is no such user,
 * so an unknown username costs the same time as a wrong password.
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  dummyHash ??= hash("not-a-real-password-0000", ARGON2_OPTIONS);
  const target = storedHash ?? (await dummyHash);
  const ok = await withHashSlot(() => verify(target, password).catch(() => false));
  return storedHash !== null && ok;
}
