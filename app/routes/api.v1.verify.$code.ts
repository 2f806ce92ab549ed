import type { LoaderFunctionArgs } from "@remix-run/node";
import { scanApiResponse } from "#app/verification/http.server.ts";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return scanApiResponse(request, context, params.code ?? "");
}
