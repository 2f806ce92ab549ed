import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#app/db.server.ts";
import { apiJson } from "#app/http/api.server.ts";
import { labelProof } from "#app/log/proof.server.ts";

const ERRORS = {
  invalid: { status: 400, code: "invalid_code" },
  unknown: { status: 404, code: "not_found" },
  pending: { status: 404, code: "not_yet_logged" },
} as const;

/** GET /api/v1/verify/{code}/proof — the label's proof from the public log (not counted as a scan). */
export async function loader({ params }: LoaderFunctionArgs) {
  const answer = await labelProof(await getDb(), (params.code ?? "").slice(0, 64));
  if ("problem" in answer) {
    const e = ERRORS[answer.problem];
    return apiJson({ error: { code: e.code } }, { status: e.status, cache: false });
  }
  return apiJson(answer.proof, { cache: false });
}
