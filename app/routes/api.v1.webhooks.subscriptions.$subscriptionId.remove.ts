import type { ActionFunctionArgs } from "@remix-run/node";
import { apiError, counted, requireApiClient } from "#app/http/api-client-gate.server.ts";
import { unsubscribe } from "#app/api-client/webhooks.server.ts";
import { getDb } from "#app/db.server.ts";
import { DomainError } from "#app/errors.ts";
import { apiJson } from "#app/http/api.server.ts";
import { uuidParam } from "#app/http/params.ts";

const ENDPOINT = "webhooks.subscriptions.remove";

/** POST /api/v1/webhooks/subscriptions/{id}/remove — only the client's own; another's is "not found". */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const client = await requireApiClient(request, "webhooks", ENDPOINT, context);
  const id = uuidParam(params, "subscriptionId");
  try {
    if (!id) throw new DomainError("apiClient.subscriptionNotFound", { status: 404 });
    await unsubscribe(await getDb(), client, id);
    return counted(client, ENDPOINT, apiJson({ removed: id }, { cache: false }));
  } catch (error) {
    if (error instanceof DomainError)
      return counted(client, ENDPOINT, apiError(request, error.status, "not_found", error.key, error.options.params));
    throw error;
  }
}
