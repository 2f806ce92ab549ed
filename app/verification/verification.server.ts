import { createHmac, timingSafeEqual } from "node:crypto";
import { join } from "node:path";
import { randomToken } from "#app/ids.ts";
import { withDeadline } from "#app/deadline.ts";
import type { Kysely } from "kysely";
import type postgres from "postgres";
import type { DB, ScanChannel } from "#db/schema.ts";
import { getDb } from "#app/db.server.ts";
import { getEnv } from "#app/env.server.ts";
import { scanWait, unknownCodeWait } from "#app/rate-limit/rate-limit.server.ts";
import { parseCode, type CodeParse } from "#app/label-code/code.ts";
import { lookupCode, verdictOf, type LabelFacts, type Lookup, type Verdict } from "./verdict.server.ts";
import { replicaSet, type Replica, type ReplicaSet } from "./replicas.server.ts";
import { ScanLog, scanLogOf, type ScanNumber } from "./scan-log.server.ts";
import { logger } from "#app/logging/logger.server.ts";
import { sharedScanNumber } from "./scan-numbers.server.ts";

export interface ScanRequest {
  input: string;
  channel: "page" | "api";
  network: string;
  /** The client's own address (rate-limit.server.ts clientAddress): the flood guard's key; the network when absent. */
  client?: string;
  userAgent: string | null;
  /** A token from an earlier answer for the same code: show that answer again without counting. */
  viewToken?: string | null;
  /** A link card or crawler fetch (link-preview.ts): answered and logged as channel `preview`, but no code's count moves. */
  preview?: boolean;
  startedAt?: number;
}

export type ScanAnswer =
  /** `scans`: the client's (or its network's) flood limit; `unknownCodes`: this code is not a label and the network is over its unknown-code limit. */
  | { kind: "limited"; retryAfter: number; reason: "scans" | "unknownCodes" }
  | { kind: "unavailable" }
  | {
      kind: "answer";
      verdict: Verdict;
      /** The canonical code when the input was well formed. */
      code: string | null;
      problem: Exclude<CodeParse, { ok: true }>["problem"] | null;
      /** Characters left after forgiving case, spaces and hyphens (for "you entered 25"). */
      inputLength: number;
      facts: LabelFacts | null;
      scans: ScanNumber | null;
      /** More checks than the mark's threshold (5 for unknown codes): somebody may be copying it. */
      suspicious: boolean;
      threshold: number;
      ref: string | null;
      viewToken: string | null;
    };

/** The database must answer a scan within this, or the consumer gets "try again" (503). */
export const LOOKUP_TIMEOUT_MS = 1500;
const DEFAULT_THRESHOLD = 5;
const VIEW_TOKEN_MINUTES = 30;

export function scanLog(): ScanLog {
  return scanLogOf(() => {
    const env = getEnv();
    return new ScanLog(getDb, {
      enabled: env.SCAN_LOG === "on",
      flushIntervalMs: env.SCAN_FLUSH_MS,
      spoolDir: join(env.DATA_DIR, "scan-spool"),
    });
  });
}

// While the database is failing, answer "try again" at once instead of letting every scan wait
// out the deadline; one scan a second goes through to find out whether it is back.
const breakers = new WeakMap<object, { openUntil: number }>();
const BREAKER_MS = 1000;
let inFlight = 0;
/** Scan lookups waiting on the database now (a view of pool pressure for /metrics). */
export const lookupsInFlight = () => inFlight;

const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

/** Where scan lookups were answered (for /metrics): a replica, the primary, or the primary re-asked after a replica's verdict other than genuine. */
export const lookupSources = { replica: 0, primary: 0, primary_recheck: 0 };

async function primaryLookup(db: Kysely<DB>, code: Uint8Array, raw: postgres.Sql | undefined): Promise<Lookup> {
  let breaker = breakers.get(db);
  if (!breaker) breakers.set(db, (breaker = { openUntil: 0 }));
  if (breaker.openUntil > Date.now()) throw new Error("the primary failed a moment ago");
  inFlight += 1;
  try {
    return await withDeadline(lookupCode(db, code, raw), LOOKUP_TIMEOUT_MS);
  } catch (error) {
    if (breaker.openUntil <= Date.now()) logger.error({ err: error }, "[verify] database unavailable");
    breaker.openUntil = Date.now() + BREAKER_MS;
    throw error;
  } finally {
    inFlight -= 1;
  }
}

async function replicaLookup(set: ReplicaSet, replica: Replica, code: Uint8Array): Promise<Lookup | null> {
  inFlight += 1;
  try {
    return await withDeadline(lookupCode(null, code, replica.sql), LOOKUP_TIMEOUT_MS);
  } catch (error) {
    set.markDown(replica, error);
    return null;
  } finally {
    inFlight -= 1;
  }
}

/**
 * The lookup, from a replica when one is within the lag bound (decision 022). A replica's
 * "genuine" stands; any other verdict may be a change it has not replayed yet (a label collected
 * a moment ago reads "not activated" there), so the primary is asked. While the primary does not
 * answer, a replica that is up answers whatever its verdict: its state is the newest there is.
 * Null when nothing answers.
 */
async function lookupRouted(db: Kysely<DB>, code: Uint8Array, raw: postgres.Sql | undefined): Promise<Lookup | null> {
  const set = replicaSet();
  const replica = set?.pick();
  if (set && replica) {
    const answer = await replicaLookup(set, replica, code);
    if (answer && verdictOf(answer.facts) === "genuine") {
      lookupSources.replica += 1;
      return answer;
    }
    if (answer) {
      try {
        const fresh = await primaryLookup(db, code, raw);
        lookupSources.primary_recheck += 1;
        return fresh;
      } catch {
        lookupSources.replica += 1;
        return answer;
      }
    }
  }
  try {
    const answer = await primaryLookup(db, code, raw);
    lookupSources.primary += 1;
    return answer;
  } catch {
    const standIn = set?.standIn();
    const answer = set && standIn ? await replicaLookup(set, standIn, code) : null;
    if (answer) lookupSources.replica += 1;
    return answer;
  }
}

/** Re-showing an answer (language switch, shared location) must not count as another check. */
export function viewTokenFor(code: string, now = Date.now()): string {
  const minute = Math.floor(now / 60_000).toString(36);
  const mac = createHmac("sha256", getEnv().SESSION_SECRET)
    .update(`view|${code}|${minute}`)
    .digest("base64url")
    .slice(0, 16);
  return `${minute}.${mac}`;
}

function viewTokenValid(code: string, token: string, now = Date.now()): boolean {
  const [minute = "", mac = ""] = token.split(".");
  const at = parseInt(minute, 36) * 60_000;
  if (!Number.isFinite(at) || now - at > VIEW_TOKEN_MINUTES * 60_000 || at > now + 60_000) return false;
  const expected = createHmac("sha256", getEnv().SESSION_SECRET)
    .update(`view|${code}|${minute}`)
    .digest("base64url")
    .slice(0, 16);
  return mac.length === expected.length && timingSafeEqual(Buffer.from(mac), Buffer.from(expected));
}

/**
 * One scan: flood limit per address and per network → parse (malformed answers never reach the database) → one
 * lookup with a deadline → verdict → count it (batched) → unknown and malformed answers both
 * wait for the same floor, so timing tells a guesser nothing, and past the network's
 * unknown-code limit only they are refused: a network where somebody guesses still checks real
 * labels (decision 014). Link previews are logged (channel `preview`) and limited like any
 * lookup, but add to no code's count; replays (view token) are shown again without either.
 */
export async function scan(
  db: Kysely<DB>,
  request: ScanRequest,
  options: { log?: ScanLog; raw?: postgres.Sql | undefined } = {},
): Promise<ScanAnswer> {
  const log = options.log ?? scanLog();
  const startedAt = request.startedAt ?? Date.now();
  const env = getEnv();
  const flooded = await scanWait(request.client ?? request.network, request.network);
  if (flooded) return { kind: "limited", retryAfter: flooded, reason: "scans" };

  const parsed = parseCode(request.input);
  const userAgent = request.userAgent?.slice(0, 200) ?? null;
  const channel: ScanChannel = request.preview ? "preview" : request.channel;
  if (!parsed.ok) {
    const refused = await unknownCodeWait(request.network);
    log.record(
      {
        scannedAt: new Date(),
        code: null,
        rawInput: parsed.normalized.slice(0, 64),
        markId: null,
        enterpriseId: null,
        verdict: "invalid",
        channel,
        network: request.network,
        userAgent,
        ref: null,
      },
      { count: 0, first: null },
    );
    await sleepUntil(startedAt + env.VERIFY_MISS_FLOOR_MS);
    if (refused) return { kind: "limited", retryAfter: refused, reason: "unknownCodes" };
    return {
      kind: "answer",
      verdict: "invalid",
      code: null,
      problem: parsed.problem,
      inputLength: parsed.normalized.length,
      facts: null,
      scans: null,
      suspicious: false,
      threshold: DEFAULT_THRESHOLD,
      ref: null,
      viewToken: null,
    };
  }

  const lookup = await lookupRouted(db, parsed.bytes, options.raw);
  if (!lookup) return { kind: "unavailable" };
  const verdict = verdictOf(lookup.facts);
  const threshold = lookup.facts?.scanWarnThreshold ?? DEFAULT_THRESHOLD;
  const replay = request.viewToken && viewTokenValid(parsed.code, request.viewToken);
  let number: ScanNumber;
  let ref: string | null = null;
  const committed = { count: lookup.committedCount, first: lookup.committedFirst };
  const entry = {
    scannedAt: new Date(),
    code: parsed.bytes,
    rawInput: null,
    markId: lookup.facts?.markId ?? null,
    enterpriseId: lookup.facts?.enterpriseId ?? null,
    verdict,
    channel,
    network: request.network,
    userAgent,
  };
  if (replay) {
    // The same answer shown again to whoever got it (language switch): not another lookup.
    number = await sharedScanNumber(parsed.bytes, log.peek(parsed.bytes, committed), "peek", log);
  } else if (request.preview) {
    // Logged like any lookup, so a scraper calling itself a crawler leaves a trace (and counts
    // towards the limits above), but a shared link does not raise a label's count.
    number = log.recordUncounted({ ...entry, ref: null }, committed);
    number = await sharedScanNumber(parsed.bytes, number, "peek", log);
  } else {
    ref = request.channel === "page" ? randomToken(9, "base64url") : null;
    // This process's number at once (consecutive within the process), then the shared one.
    number = await sharedScanNumber(parsed.bytes, log.record({ ...entry, ref }, committed), "next", log);
  }
  if (verdict === "not_found") {
    const refused = await unknownCodeWait(request.network);
    await sleepUntil(startedAt + env.VERIFY_MISS_FLOOR_MS);
    if (refused) return { kind: "limited", retryAfter: refused, reason: "unknownCodes" };
  }
  return {
    kind: "answer",
    verdict,
    code: parsed.code,
    problem: null,
    inputLength: parsed.code.length,
    facts: lookup.facts,
    scans: number,
    suspicious: number.count > threshold,
    threshold,
    ref,
    // Only the page links to itself (language switch, location); the API answer never needs one.
    viewToken: request.channel === "page" ? viewTokenFor(parsed.code) : null,
  };
}

/** The consumer agreed to share where they are; only a recent scan's ref is accepted. */
export function shareLocation(
  code: Uint8Array,
  ref: string,
  latitude: number,
  longitude: number,
  log: ScanLog = scanLog(),
): boolean {
  if (!/^[A-Za-z0-9_-]{12}$/.test(ref)) return false;
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180)
    return false;
  log.recordLocation(code, ref, latitude, longitude);
  return true;
}
