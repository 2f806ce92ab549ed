import type { LoaderFunctionArgs } from "@remix-run/node";
import { DomainError } from "#app/errors.ts";
import { apiRefusal, counted, requireApiClient } from "#app/http/api-client-gate.server.ts";
import { apiJson } from "#app/http/api.server.ts";
import { getDb } from "#app/db.server.ts";
import { takedownsOfClient } from "#app/report/takedown.server.ts";

const ENDPOINT = "takedown-requests";
const STATUSES = ["pending", "answered", "all"] as const;

/** GET /api/v1/takedown-requests?status=pending|answered|all — the calling platform's own requests. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const client = await requireApiClient(request, "takedowns", ENDPOINT, context);
  const asked = new URL(request.url).searchParams.get("status") ?? "pending";
  if (!(STATUSES as readonly string[]).includes(asked))
    return counted(
      client,
      ENDPOINT,
      apiRefusal(
        request,
        new DomainError("apiClient.fieldOneOf", {
          field: "status",
          params: { field: "status", options: STATUSES.join(", ") },
        }),
      ),
    );
  const status = asked as (typeof STATUSES)[number];
  const rows = await takedownsOfClient(await getDb(), client, { status });
  return counted(client, ENDPOINT, apiJson({ takedown_requests: rows }, { cache: false }));
}
