import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "#app/db.server.ts";
import { apiJson, apiValidationError } from "#app/http/api.server.ts";
import { consistency, ConsistencyRangeError } from "#app/log/proof.server.ts";

const size = z
  .string({ required_error: "form.required" })
  .regex(/^\d{1,15}$/, "form.invalid")
  .transform(Number);
const query = z.object({ from: size, to: size });

/** GET /api/v1/log/consistency?from=N&to=M */
export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return apiValidationError(parsed.error, request);
  try {
    const proof = await consistency(await getDb(), parsed.data.from, parsed.data.to);
    return apiJson({ proof }, { cache: false });
  } catch (error) {
    if (error instanceof ConsistencyRangeError)
      return apiJson({ error: { code: "invalid_range" } }, { status: 400, cache: false });
    throw error;
  }
}
