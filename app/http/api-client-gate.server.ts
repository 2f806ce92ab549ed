import { getDb } from "#app/db.server.ts";
import type { DomainError } from "#app/errors.ts";
import { apiJson, apiLang } from "./api.server.ts";
import { translator, type MessageKey, type Params } from "#app/i18n/i18n.ts";
import { observeApiClientCall } from "#app/metrics/metrics.server.ts";
import {
  apiClientWait,
  apiUnknownTokenOpen,
  apiUnknownTokenWait,
  coarseNetwork,
} from "#app/rate-limit/rate-limit.server.ts";
import { clientByToken, type ApiClient } from "#app/api-client/clients.server.ts";
import type { ApiScope } from "#app/api-client/scopes.ts";

const langOf = apiLang;

/** An API error: a stable code and a message in the caller's language (?lang=, then Accept-Language). */
export function apiError(
  request: Request,
  status: number,
  code: string,
  key: MessageKey,
  params?: Params,
  headers: Record<string, string> = {},
): Response {
  const response = apiJson(
    { error: { code, message: translator(langOf(request))(key, params) } },
    { status, cache: false },
  );
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

const rateLimited = (request: Request, wait: number) =>
  apiError(request, 429, "rate_limited", "apiClient.rateLimited", { seconds: wait }, { "Retry-After": String(wait) });

/**
 * The gate of every client endpoint: a valid bearer token, within the client's rate limit, with
 * the scope. Throws the refusal (401, 403, 429) as a Response. Every call is counted against the
 * client's limit before its scope is checked, so a client calling what it may not is still slowed
 * (decision 059); a network sending unknown tokens is limited before any lookup. Every call,
 * refused or not, is counted per client in the metrics once the client is known.
 */
export async function requireApiClient(
  request: Request,
  scope: ApiScope,
  endpoint: string,
  context?: { clientIp?: string },
): Promise<ApiClient> {
  const network = coarseNetwork(context?.clientIp ?? "unknown");
  const closed = await apiUnknownTokenOpen(network);
  if (closed) throw rateLimited(request, closed);
  const header = request.headers.get("authorization") ?? "";
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  const client = token ? await clientByToken(await getDb(), token) : null;
  if (!client) {
    const wait = await apiUnknownTokenWait(network);
    if (wait) throw rateLimited(request, wait);
    throw apiError(request, 401, "unauthorized", "apiClient.unauthorized", undefined, {
      "WWW-Authenticate": 'Bearer realm="gi-mark-registry"',
    });
  }
  const wait = await apiClientWait(client.id);
  if (wait) {
    observeApiClientCall(client.id, endpoint, 429);
    throw rateLimited(request, wait);
  }
  if (!client.scopes.includes(scope)) {
    observeApiClientCall(client.id, endpoint, 403);
    throw apiError(request, 403, "forbidden", "apiClient.missingScope", { scope });
  }
  return client;
}

/** For `.catch`: a refusal thrown while reading an admitted call (a Response) is counted, then rethrown. */
export const countThrown =
  (client: ApiClient, endpoint: string) =>
  (thrown: unknown): never => {
    if (thrown instanceof Response) observeApiClientCall(client.id, endpoint, thrown.status);
    throw thrown;
  };

/** Counts the answer of an admitted call. */
export function counted(client: ApiClient, endpoint: string, response: Response): Response {
  observeApiClientCall(client.id, endpoint, response.status);
  return response;
}

const CODES: Record<number, string> = {
  400: "invalid_request",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  413: "too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
};

/** A domain refusal as the API's JSON error, naming the field it concerns when there is one. */
export function apiRefusal(request: Request, error: DomainError): Response {
  return apiJson(
    {
      error: {
        code: CODES[error.status] ?? "invalid_request",
        message: translator(langOf(request))(error.key, error.options.params),
        ...(error.options.field ? { field: error.options.field } : {}),
      },
    },
    { status: error.status, cache: false },
  );
}
