import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiError, countThrown, counted, requireApiClient } from "#app/http/api-client-gate.server.ts";
import { readJson } from "#app/http/api-json-body.server.ts";
import { eventId, parseEventId, replaySince } from "#app/api-client/webhooks.server.ts";
import { getDb } from "#app/db.server.ts";
import { apiJson } from "#app/http/api.server.ts";

const ENDPOINT = "webhooks.replay";

/**
 * POST /api/v1/webhooks/replay {since: "evt_…"} — later events in scope are delivered again, a
 * bounded page a call; `continue_after` names the event to replay from next while more remain.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const client = await requireApiClient(request, "webhooks", ENDPOINT, context);
  const input = await readJson(request, z.object({ since: z.string().max(40) }), `{"since": "evt_120"}`).catch(
    countThrown(client, ENDPOINT),
  );
  const since = parseEventId(input.since);
  if (since === null)
    return counted(client, ENDPOINT, apiError(request, 400, "invalid_request", "apiClient.badEventId"));
  const { queued, continueAfter } = await replaySince(await getDb(), client, since);
  return counted(
    client,
    ENDPOINT,
    apiJson(
      { queued, continue_after: continueAfter === null ? null : eventId(continueAfter) },
      { status: 202, cache: false },
    ),
  );
}
