import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { logger } from "./logger.server.ts";

export const REQUEST_ID_HEADER = "X-Request-Id";

interface RequestScope {
  id: string;
  userId: string | null;
}

// The server (run from source) and the page build (bundled) each load this module: the scope lives
// on globalThis so both see the same one.
const holder = globalThis as { [key: symbol]: unknown };
const KEY = Symbol.for("gi.request-scope");
const shared = (holder[KEY] ??= {
  scope: new AsyncLocalStorage<RequestScope>(),
  // Middleware that waits on streams can lose the async context; the request keeps its scope here.
  scopes: new WeakMap<IncomingMessage, RequestScope>(),
}) as { scope: AsyncLocalStorage<RequestScope>; scopes: WeakMap<IncomingMessage, RequestScope> };
const { scope, scopes } = shared;

/** Runs `fn` in the request's scope again (the page handler does, so loaders see the request id). */
export function inRequestScope<T>(req: IncomingMessage, fn: () => T): T {
  const known = scopes.get(req);
  return known ? scope.run(known, fn) : fn();
}

/** The id of the request being answered (null outside one): the 500 page shows it so a user can quote it. */
export function currentRequestId(): string | null {
  return scope.getStore()?.id ?? null;
}

/** The session helper names the signed-in person, so the request's log line carries their id. */
export function noteRequestUser(userId: string): void {
  const current = scope.getStore();
  if (current) current.userId = userId;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * The route a request took, without what could identify a label or a record: the code in a scan
 * path becomes ":code", ids become ":id", and the query string is left out (decision 046).
 */
export function routeOf(url: string): string {
  const path = url.split("?")[0] ?? "/";
  if (/^\/v\/[^/]+/i.test(path)) return path.replace(/^\/v\/[^/]+/i, "/v/:code");
  if (/^\/api\/v1\/verify\/[^/]+/i.test(path)) return path.replace(/^(\/api\/v1\/verify)\/[^/]+/i, "$1/:code");
  if (/^\/01\//.test(path)) return "/01/:gtin/21/:serial";
  return path.replace(UUID, ":id").slice(0, 200);
}

const INCOMING_ID = /^[\w.-]{8,64}$/;

/**
 * Wraps one request: gives it an id (a proxy's X-Request-Id kept when well formed), sends the id
 * back in the X-Request-Id header, and writes one JSON line when the answer is finished. The scan
 * path is logged like every other route unless `scanSample` < 1, when that share of its requests
 * is logged and the line says `sampled`.
 */
export function withRequestLog(
  req: IncomingMessage,
  res: ServerResponse,
  handle: () => void,
  options: { scanSample?: number; isScan?: boolean } = {},
): void {
  const incoming = req.headers["x-request-id"];
  const id = typeof incoming === "string" && INCOMING_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  const started = process.hrtime.bigint();
  const state: RequestScope = { id, userId: null };
  const sample = options.isScan ? (options.scanSample ?? 1) : 1;
  if (sample >= 1 || Math.random() < sample) {
    res.once("finish", () => {
      const line = {
        reqId: id,
        method: req.method,
        route: routeOf(req.url ?? "/"),
        status: res.statusCode,
        durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        ...(state.userId ? { userId: state.userId } : {}),
        ...(sample < 1 ? { sampled: sample } : {}),
      };
      if (res.statusCode >= 500) logger.error(line, "request");
      else logger.info(line, "request");
    });
  }
  scopes.set(req, state);
  scope.run(state, handle);
}
