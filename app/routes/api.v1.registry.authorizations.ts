import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorizedOnQuerySchema } from "#app/authorization/register-query.ts";
import { authorizedOn } from "#app/authorization/register.server.ts";
import { getDb } from "#app/db.server.ts";
import { apiJson, apiValidationError } from "#app/http/api.server.ts";

/** GET /api/v1/registry/authorizations?uscc=…&mark=…&date=YYYY-MM-DD */
export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = authorizedOnQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return apiValidationError(parsed.error, request);
  const answer = await authorizedOn(await getDb(), {
    uscc: parsed.data.uscc,
    markSlug: parsed.data.mark,
    date: parsed.data.date,
  });
  return apiJson(answer, { cache: false });
}
