import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiError, countThrown, apiRefusal, counted, requireApiClient } from "#app/http/api-client-gate.server.ts";
import { readJson } from "#app/http/api-json-body.server.ts";
import { apiJson } from "#app/http/api.server.ts";
import { getDb } from "#app/db.server.ts";
import { DomainError } from "#app/errors.ts";
import { answerTakedown } from "#app/report/takedown.server.ts";
import { uuidParam } from "#app/http/params.ts";
import { takedownAnswerSchema } from "#app/report/listing-form.ts";

const ENDPOINT = "takedown-requests.answer";

/**
 * POST /api/v1/takedown-requests/{id}/answer {outcome: "removed" | "refused", note} — answered
 * once; a refusal gives its reason; another client's request is "not found".
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const client = await requireApiClient(request, "takedowns", ENDPOINT, context);
  const input = await readJson(request, takedownAnswerSchema, `{"outcome": "removed" | "refused", "note": "…"}`).catch(
    countThrown(client, ENDPOINT),
  );
  try {
    const answered = await answerTakedown(await getDb(), client, uuidParam(params, "requestId") ?? "", input);
    return counted(
      client,
      ENDPOINT,
      apiJson(
        { id: answered.id, status: answered.status, answered_at: answered.answered_at, note: answered.answer_note },
        { cache: false },
      ),
    );
  } catch (error) {
    if (error instanceof DomainError) return counted(client, ENDPOINT, apiRefusal(request, error));
    throw error;
  }
}

export function loader({ request }: LoaderFunctionArgs) {
  return apiError(request, 405, "method_not_allowed", "apiClient.postOnly");
}
