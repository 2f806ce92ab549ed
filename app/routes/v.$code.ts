import type { LoaderFunctionArgs } from "@remix-run/node";
import { scanPageResponse } from "#app/verification/http.server.ts";

// A resource route on purpose: the scan page is its own small document, so it skips the root
// layout's session lookup and bundle (docs/decisions/007-scan-log.md).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return scanPageResponse(request, context, params.code ?? "");
}
