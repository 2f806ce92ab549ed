import { DomainError } from "#app/errors.ts";
import { getEnv } from "#app/env.server.ts";
import { Backoff, RateLimiter } from "./rate-counters.server.ts";

/**
 * Every rate limit of the registry, in one place (docs/decisions/014-rate-limits.md; the values
 * are listed in docs/operations.md, "Limits"). The rule: a limit keyed on a whole network only
 * refuses what a guesser would do there (unknown codes, failures across many accounts), never
 * what the people behind that network ordinarily do; a guesser of one account is slowed per
 * account *and* network, so the owner elsewhere (or after the delay) still signs in.
 *
 * Counters live in this process (rate-counters.server.ts; DESIGN.md: Redis later): behind N
 * processes a limit is at most N× looser.
 */

// Public verification (the values VERIFY_RATE_LIMIT and VERIFY_MISS_LIMIT override).
/** Lookups (any answer, any channel) per client network per minute: a flood guard, not a guess guard. */
export const SCANS_PER_NETWORK_PER_MINUTE = 120;
/** Unknown or malformed codes per client network in UNKNOWN_CODE_WINDOW_MS; past it only those are refused. */
export const UNKNOWN_CODES_PER_NETWORK = 30;
export const UNKNOWN_CODE_WINDOW_MS = 10 * 60_000;

// Sign-in.
/** The fifth wrong password in a row for one account from one network, and each after it, earns a delay. */
export const SIGN_IN_FAILURES_BEFORE_DELAY = 5;
/** The first delay; each further failure doubles it, up to the cap. */
export const SIGN_IN_FIRST_DELAY_MS = 30_000;
export const SIGN_IN_MAX_DELAY_MS = 15 * 60_000;
/** A quiet day forgets an account's failures from a network. */
export const SIGN_IN_FORGET_AFTER_MS = 24 * 60 * 60_000;
/** Failed sign-ins from one network across all accounts (someone trying many accounts). */
export const SIGN_IN_FAILURES_PER_NETWORK = 30;
export const SIGN_IN_NETWORK_WINDOW_MS = 15 * 60_000;

// Forms that cost a password hash or a county's attention.
/** Registration submissions (well-formed ones: they hash a password and touch the database) per network. */
export const REGISTRATIONS_PER_NETWORK = 20;
export const REGISTRATION_WINDOW_MS = 60 * 60_000;
/** Password-change attempts per account, whatever their outcome (each checks the current password). */
export const PASSWORD_CHANGES_PER_ACCOUNT = 5;
export const PASSWORD_CHANGE_WINDOW_MS = 15 * 60_000;
/** Consumer reports per network: enough for a family, too few to flood a county's queue. */
export const REPORTS_PER_NETWORK = 10;
export const REPORT_WINDOW_MS = 60 * 60_000;
/** Report-status lookups per network (tickets carry 40 random bits; this stops bulk tries all the same). */
export const REPORT_LOOKUPS_PER_NETWORK = 60;
export const REPORT_LOOKUP_WINDOW_MS = 10 * 60_000;

interface Limits {
  scans: RateLimiter;
  unknownCodes: RateLimiter;
  signInGuesses: Backoff;
  signInNetworks: RateLimiter;
  registrations: RateLimiter;
  passwordChanges: RateLimiter;
  reports: RateLimiter;
  reportLookups: RateLimiter;
}

// One set per process, shared by server.ts (the scan hot path) and the Remix build (two module graphs).
const KEY = Symbol.for("gi-mark-registry.rate-limits");

function limits(): Limits {
  const holder = globalThis as { [KEY]?: Limits };
  if (holder[KEY]) return holder[KEY];
  const env = getEnv();
  holder[KEY] = {
    scans: new RateLimiter(env.VERIFY_RATE_LIMIT ?? SCANS_PER_NETWORK_PER_MINUTE, 60_000),
    unknownCodes: new RateLimiter(env.VERIFY_MISS_LIMIT ?? UNKNOWN_CODES_PER_NETWORK, UNKNOWN_CODE_WINDOW_MS),
    signInGuesses: new Backoff({
      failuresBeforeDelay: SIGN_IN_FAILURES_BEFORE_DELAY,
      firstDelayMs: SIGN_IN_FIRST_DELAY_MS,
      maxDelayMs: SIGN_IN_MAX_DELAY_MS,
      forgetAfterMs: SIGN_IN_FORGET_AFTER_MS,
    }),
    signInNetworks: new RateLimiter(SIGN_IN_FAILURES_PER_NETWORK, SIGN_IN_NETWORK_WINDOW_MS),
    registrations: new RateLimiter(REGISTRATIONS_PER_NETWORK, REGISTRATION_WINDOW_MS),
    passwordChanges: new RateLimiter(PASSWORD_CHANGES_PER_ACCOUNT, PASSWORD_CHANGE_WINDOW_MS),
    reports: new RateLimiter(REPORTS_PER_NETWORK, REPORT_WINDOW_MS),
    reportLookups: new RateLimiter(REPORT_LOOKUPS_PER_NETWORK, REPORT_LOOKUP_WINDOW_MS),
  };
  return holder[KEY];
}

// ---- Public verification -------------------------------------------------------------------

/** Seconds to wait if `key` is over its limit; otherwise counts this attempt and returns 0. */
function take(limiter: RateLimiter, key: string): number {
  const wait = limiter.retryAfter(key);
  if (!wait) limiter.hit(key);
  return wait;
}

/** One lookup from `network` (any answer, any channel): seconds to wait if the network is over its flood limit. */
export const scanWait = (network: string) => take(limits().scans, network);

/**
 * An answer that the code is unknown or malformed: counted, and refused (seconds to wait) once
 * the network is over its limit. Codes that exist are never asked about here, so a network where
 * somebody guesses still checks real labels.
 */
export function unknownCodeWait(network: string): number {
  const { unknownCodes } = limits();
  const wait = unknownCodes.retryAfter(network);
  unknownCodes.hit(network);
  return wait;
}

// ---- Sign-in, registration, password change ------------------------------------------------

export type SignInWait = { seconds: number; scope: "account" | "network" } | null;

const guessKey = (username: string, network: string) => `${username}\u0000${network}`;

/** Whether this account may be tried from this network now. */
export function signInWait(username: string, network: string): SignInWait {
  const { signInGuesses, signInNetworks } = limits();
  const account = signInGuesses.retryAfter(guessKey(username, network));
  if (account) return { seconds: account, scope: "account" };
  const net = signInNetworks.retryAfter(network);
  return net ? { seconds: net, scope: "network" } : null;
}

/** A failed sign-in: the wait it earned, if any. */
export function signInFailed(username: string, network: string): SignInWait {
  const { signInGuesses, signInNetworks } = limits();
  const account = signInGuesses.fail(guessKey(username, network));
  const net = signInNetworks.hit(network);
  if (account) return { seconds: account, scope: "account" };
  return net ? { seconds: net, scope: "network" } : null;
}

export function signInSucceeded(username: string, network: string): void {
  limits().signInGuesses.succeed(guessKey(username, network));
}

const minutes = (s: number) => Math.ceil(s / 60);

function refuseOver(limiter: RateLimiter, key: string, message: "register.rateLimited" | "account.rateLimited") {
  const wait = take(limiter, key);
  if (wait) throw new DomainError(message, { status: 429, retryAfter: wait, params: { minutes: minutes(wait) } });
}

/** One registration attempt from `network`; throws a 429 DomainError past the limit. */
export function limitRegistration(network: string): void {
  refuseOver(limits().registrations, network, "register.rateLimited");
}

/** One password-change attempt for the account; throws a 429 DomainError past the limit. */
export function limitPasswordChange(userId: string): void {
  refuseOver(limits().passwordChanges, userId, "account.rateLimited");
}

// ---- Consumer reports ----------------------------------------------------------------------

/** One filed report: seconds to wait if the network is over its limit. */
export const reportWait = (network: string) => take(limits().reports, network);
/** One ticket lookup: seconds to wait if the network is over its limit. */
export const reportLookupWait = (network: string) => take(limits().reportLookups, network);

/** IPv4 → /24, IPv6 → /48: the coarse network used for limits and logs, never the full address. */
export function coarseNetwork(ip: string): string {
  const v4 = ip.replace(/^::ffff:/, "");
  if (/^\d+\.\d+\.\d+\.\d+$/.test(v4)) return v4.split(".").slice(0, 3).join(".") + ".0/24";
  if (ip.includes(":")) {
    const [head = "", tail = ""] = ip.split("::");
    const left = head ? head.split(":") : [];
    const right = tail ? tail.split(":") : [];
    const groups = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
    return (
      groups
        .slice(0, 3)
        .map((g) => (g || "0").toLowerCase())
        .join(":") + "::/48"
    );
  }
  return "unknown";
}
