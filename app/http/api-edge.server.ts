import type express from "express";
import { getDb } from "#app/db.server.ts";
import { clientByToken } from "#app/api-client/clients.server.ts";
import { translator, type MessageKey } from "#app/i18n/i18n.ts";
import { observeApiClientCall } from "#app/metrics/metrics.server.ts";
import { apiLangOf } from "./api.server.ts";

/**
 * The edge of /api/v1 (decision 059): whatever refuses a call before or after a route — the
 * method filter, an unknown path, a body the route could not read, a crash — answers JSON in the
 * caller's language, the CORS preflight is answered, and the refusal is counted for the client
 * when its token is known.
 */

export const isApiPath = (path: string) => path === "/api/v1" || path.startsWith("/api/v1/");

/** The methods and headers a browser caller may use across origins (no cookies: bearer tokens). */
export const API_METHODS = ["GET", "HEAD", "POST", "OPTIONS"] as const;
const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": API_METHODS.join(", "),
  "Access-Control-Allow-Headers": "Authorization, Content-Type, Accept, Accept-Language",
  "Access-Control-Expose-Headers": "Retry-After, WWW-Authenticate",
  "Access-Control-Max-Age": "600",
};

const REFUSALS: Record<number, { code: string; key: MessageKey }> = {
  400: { code: "invalid_request", key: "apiClient.badRequest" },
  401: { code: "unauthorized", key: "apiClient.unauthorized" },
  403: { code: "forbidden", key: "apiClient.forbidden" },
  404: { code: "not_found", key: "apiClient.noSuchEndpoint" },
  405: { code: "method_not_allowed", key: "apiClient.methodNotAllowed" },
  413: { code: "too_large", key: "apiClient.tooLargeEdge" },
  415: { code: "unsupported_media_type", key: "apiClient.unsupportedType" },
};

/** The JSON body of a refusal that reached the edge without one. */
export function edgeErrorBody(status: number, lang: ReturnType<typeof apiLangOf>) {
  const refusal =
    REFUSALS[status] ??
    (status >= 500 ? { code: "server_error", key: "apiClient.serverError" as const } : REFUSALS[400]!);
  return {
    error: {
      code: refusal.code,
      message: translator(lang)(refusal.key, { methods: API_METHODS.join(", "), types: "application/json" }),
    },
  };
}

/** Counts a refusal answered at the edge against the client whose token came with it, if any. */
export async function countEdgeRefusal(authorization: string | null, path: string, status: number) {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
  if (!token) return;
  const client = await clientByToken(await getDb(), token).catch(() => null);
  if (client) observeApiClientCall(client.id, endpointOf(path), status);
}

/** The metrics label of a path: its words after /api/v1/, ids dropped. */
function endpointOf(path: string): string {
  return (
    path
      .replace(/^\/api\/v1\/?/, "")
      .split("/")
      .filter((part) => part && !/\d/.test(part))
      .join(".")
      .slice(0, 60) || "root"
  );
}

const langOfExpress = (req: express.Request) =>
  apiLangOf(typeof req.query.lang === "string" ? req.query.lang : null, req.get("accept-language") ?? null);

/** Before the site-wide method filter: the API's preflight, and its JSON 405. */
export function apiMethods() {
  return (req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (!isApiPath(req.path)) return next();
    if (req.method === "OPTIONS") {
      res.status(204).set(CORS_HEADERS).end();
      return;
    }
    if ((API_METHODS as readonly string[]).includes(req.method)) return next();
    void countEdgeRefusal(req.get("authorization") ?? null, req.path, 405);
    res
      .status(405)
      .set({ ...CORS_HEADERS, Allow: API_METHODS.join(", "), "Cache-Control": "no-store" })
      .json(edgeErrorBody(405, langOfExpress(req)));
  };
}

/**
 * A route's answer as it leaves: under /api/v1 a refusal or crash that is not JSON (Remix's 404
 * page, a plain-text 500, a form reader's 415) becomes the API's JSON error, counted.
 */
export async function apiAnswer(request: Request, response: Response): Promise<Response> {
  const url = new URL(request.url);
  if (!isApiPath(url.pathname) || response.status < 400) return response;
  if (/json/i.test(response.headers.get("content-type") ?? "")) return response;
  await response.body?.cancel().catch(() => undefined);
  void countEdgeRefusal(request.headers.get("authorization"), url.pathname, response.status);
  const lang = apiLangOf(url.searchParams.get("lang"), request.headers.get("accept-language"));
  return Response.json(edgeErrorBody(response.status, lang), {
    status: response.status,
    headers: { ...CORS_HEADERS, "Cache-Control": "no-store" },
  });
}

/** An API path refused or crashed outside Remix (the error handler, the same-origin guard): JSON, counted. */
export function apiEdgeRefusal(req: express.Request, res: express.Response, status: number) {
  void countEdgeRefusal(req.get("authorization") ?? null, req.path, status);
  res
    .status(status)
    .set({ ...CORS_HEADERS, "Cache-Control": "no-store" })
    .json(edgeErrorBody(status, langOfExpress(req)));
}
