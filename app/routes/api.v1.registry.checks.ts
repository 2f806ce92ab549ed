import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiError, counted, requireApiClient } from "#app/http/api-client-gate.server.ts";
import { CheckRequestError, checkRows, MAX_CHECK_BYTES, parseCheckBody } from "#app/api-client/bulk-check.server.ts";
import { checkResultsStream } from "#app/api-client/check-response.server.ts";
import { getDb } from "#app/db.server.ts";
import { readBody } from "#app/forms/body.server.ts";

const ENDPOINT = "registry.checks";

/** POST /api/v1/registry/checks — up to 10,000 (USCC, mark, date) rows, answered per row. */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(request, 405, "method_not_allowed", "apiClient.postOnly");
  const client = await requireApiClient(request, "registry.check", ENDPOINT, context);
  let body: Uint8Array;
  try {
    body = await readBody(request, MAX_CHECK_BYTES);
  } catch (error) {
    // readBody's refusal is a `data(…, 413)` for the page routes: answered here as the API's JSON.
    if ((error as { init?: { status?: number } } | null)?.init?.status === 413)
      return counted(
        client,
        ENDPOINT,
        apiError(request, 413, "too_large", "apiClient.tooLarge", { max: MAX_CHECK_BYTES }),
      );
    throw error;
  }
  try {
    const inputs = parseCheckBody(body, request.headers.get("content-type") ?? "");
    const results = await checkRows(await getDb(), inputs);
    return counted(client, ENDPOINT, checkResultsStream(request, results));
  } catch (error) {
    if (error instanceof CheckRequestError)
      return counted(client, ENDPOINT, apiError(request, 400, "invalid_request", error.key, error.params));
    throw error;
  }
}

export function loader({ request }: LoaderFunctionArgs) {
  return apiError(request, 405, "method_not_allowed", "apiClient.postOnly");
}
