import type { LoaderFunctionArgs } from "@remix-run/node";
import { counted, requireApiClient } from "#app/http/api-client-gate.server.ts";
import { apiJson } from "#app/http/api.server.ts";
import { getDb } from "#app/db.server.ts";
import { takedownsOfClient } from "#app/report/takedown.server.ts";

const ENDPOINT = "takedown-requests";
const STATUSES = ["pending", "answered", "all"] as const;

/** GET /api/v1/takedown-requests?status=pending|answered|all — the calling platform's own requests. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const client = await requireApiClient(request, "takedowns", ENDPOINT, context);
  const asked = new URL(request.url).searchParams.get("status") ?? "pending";
  const status = (STATUSES as readonly string[]).includes(asked) ? (asked as (typeof STATUSES)[number]) : "pending";
  const rows = await takedownsOfClient(await getDb(), client, { status });
  return counted(client, ENDPOINT, apiJson({ takedown_requests: rows }, { cache: false }));
}
