import { DomainError } from "#app/errors.ts";
import { getEnv } from "#app/env.server.ts";
import { SharedBackoff, SharedRateLimiter } from "./shared-rate-counters.server.ts";

/**
 * Every rate limit of the registry, in one place (docs/decisions/014-rate-limits.md; the values
 * are listed in docs/operations.md, "Limits"). The rule: a limit keyed on a whole network only
 * refuses what a guesser would do there (unknown codes, failures across many accounts), never
 * what the people behind that network ordinarily do; a guesser of one account is slowed per
 * account *and* network, so the owner elsewhere (or after the delay) still signs in.
 *
 * Counters are shared by every process through Redis when REDIS_URL is set, else kept per
 * process (shared-rate-counters.server.ts, decision 021): then behind N processes a limit is at
 * most N× looser.
 */

// Public verification (the values VERIFY_RATE_LIMIT and VERIFY_MISS_LIMIT override).
/** Lookups (any answer, any channel) per client address per minute: a flood guard, not a guess guard. */
export const SCANS_PER_CLIENT_PER_MINUTE = 120;
/**
 * Lookups per client network per minute, whoever sends them: ten busy clients' worth, so a mall
 * or a carrier's NAT where one client floods still checks labels (each address has its own 120).
 */
export const SCANS_PER_NETWORK_PER_MINUTE = 10 * SCANS_PER_CLIENT_PER_MINUTE;
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

// API clients (decision 047).
/** Calls per API client per minute, whatever the endpoint: a bulk check of 10,000 rows is one call. */
export const API_CALLS_PER_CLIENT_PER_MINUTE = 600;
/** Calls with an unknown or malformed bearer token per network, then 429 for the window (decision 059). */
export const API_UNKNOWN_TOKENS_PER_NETWORK = 60;
export const API_UNKNOWN_TOKEN_WINDOW_MS = 10 * 60_000;

interface Limits {
  scans: SharedRateLimiter;
  networkScans: SharedRateLimiter;
  unknownCodes: SharedRateLimiter;
  signInGuesses: SharedBackoff;
  signInNetworks: SharedRateLimiter;
  registrations: SharedRateLimiter;
  passwordChanges: SharedRateLimiter;
  reports: SharedRateLimiter;
  reportLookups: SharedRateLimiter;
  apiClients: SharedRateLimiter;
  apiUnknownTokens: SharedRateLimiter;
}

// One set per process, shared by server.ts (the scan hot path) and the Remix build (two module graphs).
const KEY = Symbol.for("gi-mark-registry.rate-limits");

function limits(): Limits {
  const holder = globalThis as { [KEY]?: Limits };
  if (holder[KEY]) return holder[KEY];
  const env = getEnv();
  holder[KEY] = {
    scans: new SharedRateLimiter("scans", env.VERIFY_RATE_LIMIT ?? SCANS_PER_CLIENT_PER_MINUTE, 60_000),
    networkScans: new SharedRateLimiter(
      "scans-net",
      10 * (env.VERIFY_RATE_LIMIT ?? SCANS_PER_CLIENT_PER_MINUTE),
      60_000,
    ),
    unknownCodes: new SharedRateLimiter(
      "unknown",
      env.VERIFY_MISS_LIMIT ?? UNKNOWN_CODES_PER_NETWORK,
      UNKNOWN_CODE_WINDOW_MS,
    ),
    signInGuesses: new SharedBackoff("signin", {
      failuresBeforeDelay: SIGN_IN_FAILURES_BEFORE_DELAY,
      firstDelayMs: SIGN_IN_FIRST_DELAY_MS,
      maxDelayMs: SIGN_IN_MAX_DELAY_MS,
      forgetAfterMs: SIGN_IN_FORGET_AFTER_MS,
    }),
    signInNetworks: new SharedRateLimiter("signin-net", SIGN_IN_FAILURES_PER_NETWORK, SIGN_IN_NETWORK_WINDOW_MS),
    registrations: new SharedRateLimiter("register", REGISTRATIONS_PER_NETWORK, REGISTRATION_WINDOW_MS),
    passwordChanges: new SharedRateLimiter("password", PASSWORD_CHANGES_PER_ACCOUNT, PASSWORD_CHANGE_WINDOW_MS),
    reports: new SharedRateLimiter("reports", REPORTS_PER_NETWORK, REPORT_WINDOW_MS),
    reportLookups: new SharedRateLimiter("report-lookups", REPORT_LOOKUPS_PER_NETWORK, REPORT_LOOKUP_WINDOW_MS),
    apiClients: new SharedRateLimiter(
      "api-clients",
      env.API_CLIENT_RATE_LIMIT ?? API_CALLS_PER_CLIENT_PER_MINUTE,
      60_000,
    ),
    apiUnknownTokens: new SharedRateLimiter(
      "api-unknown-tokens",
      API_UNKNOWN_TOKENS_PER_NETWORK,
      API_UNKNOWN_TOKEN_WINDOW_MS,
    ),
  };
  return holder[KEY];
}

// ---- Public verification -------------------------------------------------------------------

/**
 * One lookup (any answer, any channel) from `client` on `network`: seconds to wait if that address,
 * or the whole network, is over its flood limit. One client flooding is stopped at its own address.
 */
export async function scanWait(client: string, network: string): Promise<number> {
  const { scans, networkScans } = limits();
  return (await scans.run("take", client)) || (await networkScans.run("take", network));
}

/**
 * An answer that the code is unknown or malformed: counted, and refused (seconds to wait) once
 * the network is over its limit. Codes that exist are never asked about here, so a network where
 * somebody guesses still checks real labels.
 */
export const unknownCodeWait = (network: string) => limits().unknownCodes.run("count", network);

// ---- Sign-in, registration, password change ------------------------------------------------

export type SignInWait = { seconds: number; scope: "account" | "network" } | null;

/**
 * Where a sign-in comes from: its network, and the known device (a signed cookie from an earlier
 * sign-in to this account, accounts/device-cookie.server.ts) when the browser has one. A known
 * device is counted apart from its network: neither the network's pause nor a guesser of the same
 * account on the same network stops it, and its own failures slow it under its own key.
 */
export interface SignInOrigin {
  network: string;
  device?: string | null;
}

const guessKey = (username: string, from: SignInOrigin) =>
  `${username}\u0000${from.device ? `device:${from.device}` : from.network}`;

/** Whether this account may be tried from here now. */
export async function signInWait(username: string, from: SignInOrigin): Promise<SignInWait> {
  const { signInGuesses, signInNetworks } = limits();
  const account = await signInGuesses.retryAfter(guessKey(username, from));
  if (account) return { seconds: account, scope: "account" };
  if (from.device) return null;
  const net = await signInNetworks.run("check", from.network);
  return net ? { seconds: net, scope: "network" } : null;
}

/** A failed sign-in: the wait it earned, if any. */
export async function signInFailed(username: string, from: SignInOrigin): Promise<SignInWait> {
  const { signInGuesses, signInNetworks } = limits();
  const account = await signInGuesses.fail(guessKey(username, from));
  const net = await signInNetworks.run("hit", from.network);
  if (account) return { seconds: account, scope: "account" };
  return net && !from.device ? { seconds: net, scope: "network" } : null;
}

export async function signInSucceeded(username: string, from: SignInOrigin): Promise<void> {
  await limits().signInGuesses.succeed(guessKey(username, from));
}

const minutes = (s: number) => Math.ceil(s / 60);

async function refuseOver(
  limiter: SharedRateLimiter,
  key: string,
  message: "register.rateLimited" | "account.rateLimited",
) {
  const wait = await limiter.run("take", key);
  if (wait) throw new DomainError(message, { status: 429, retryAfter: wait, params: { minutes: minutes(wait) } });
}

/** One registration attempt from `network`; throws a 429 DomainError past the limit. */
export const limitRegistration = (network: string) =>
  refuseOver(limits().registrations, network, "register.rateLimited");

/** One password-change attempt for the account; throws a 429 DomainError past the limit. */
export const limitPasswordChange = (userId: string) =>
  refuseOver(limits().passwordChanges, userId, "account.rateLimited");

// ---- Consumer reports ----------------------------------------------------------------------

/** Whether `network` may file a report now (counts nothing): asked before a report's body is read. */
export const reportsOpen = (network: string) => limits().reports.run("check", network);
/** One filed report: seconds to wait if the network is over its limit. */
export const reportWait = (network: string) => limits().reports.run("take", network);
/** One ticket lookup: seconds to wait if the network is over its limit. */
export const reportLookupWait = (network: string) => limits().reportLookups.run("take", network);

// ---- API clients ---------------------------------------------------------------------------

/** One call by an API client: seconds to wait if the client is over its limit. */
export const apiClientWait = (clientId: string) => limits().apiClients.run("take", clientId);

/** Seconds a network must wait before its next API call, after too many unknown tokens (not counted). */
export const apiUnknownTokenOpen = (network: string) => limits().apiUnknownTokens.run("check", network);
/** One call with an unknown token from `network`: seconds to wait if it is now over the limit. */
export const apiUnknownTokenWait = (network: string) => limits().apiUnknownTokens.run("take", network);

/** IPv4 as is, IPv6 → /64 (one subscriber's prefix): the key of per-client limits, never logged. */
export function clientAddress(ip: string): string {
  const v4 = ip.replace(/^::ffff:/, "");
  if (/^\d+\.\d+\.\d+\.\d+$/.test(v4)) return v4;
  if (ip.includes(":")) return expandIpv6(ip).slice(0, 4).join(":") + "::/64";
  return "unknown";
}

function expandIpv6(ip: string): string[] {
  const [head = "", tail = ""] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return groups.map((g) => (g || "0").toLowerCase());
}

/** IPv4 → /24, IPv6 → /48: the coarse network used for limits and logs, never the full address. */
export function coarseNetwork(ip: string): string {
  const v4 = ip.replace(/^::ffff:/, "");
  if (/^\d+\.\d+\.\d+\.\d+$/.test(v4)) return v4.split(".").slice(0, 3).join(".") + ".0/24";
  if (ip.includes(":")) return expandIpv6(ip).slice(0, 3).join(":") + "::/48";
  return "unknown";
}
