import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiRefusal, countThrown, counted, requireApiClient } from "#app/http/api-client-gate.server.ts";
import { readJson } from "#app/http/api-json-body.server.ts";
import { listSubscriptions, subscribe } from "#app/api-client/webhooks.server.ts";
import { getDb } from "#app/db.server.ts";
import { DomainError } from "#app/errors.ts";
import { apiJson } from "#app/http/api.server.ts";

const ENDPOINT = "webhooks.subscriptions";
const schema = z.object({ url: z.string().max(2000), mark: z.string().max(64).nullish() });

/** GET /api/v1/webhooks/subscriptions — the calling client's own subscriptions. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const client = await requireApiClient(request, "webhooks", ENDPOINT, context);
  const rows = await listSubscriptions(await getDb(), client);
  return counted(client, ENDPOINT, apiJson({ subscriptions: rows }, { cache: false }));
}

/** POST /api/v1/webhooks/subscriptions {url, mark?} — register changes of one mark, or of all the client's marks. */
export async function action({ request, context }: ActionFunctionArgs) {
  const client = await requireApiClient(request, "webhooks", ENDPOINT, context);
  const input = await readJson(request, schema, `{"url": "https://…", "mark": "…"}`).catch(
    countThrown(client, ENDPOINT),
  );
  try {
    const created = await subscribe(await getDb(), client, { url: input.url, markSlug: input.mark ?? null });
    return counted(client, ENDPOINT, apiJson(created, { status: 201, cache: false }));
  } catch (error) {
    if (error instanceof DomainError) return counted(client, ENDPOINT, apiRefusal(request, error));
    throw error;
  }
}
