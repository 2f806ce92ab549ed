import type { LoaderFunctionArgs } from "@remix-run/node";
import { getEnv } from "#app/env.server.ts";
import { resolverDescription } from "#app/label/digital-link.server.ts";

/** The GS1-Conformant resolver description file. */
export async function loader({ request }: LoaderFunctionArgs) {
  const origin = getEnv().PUBLIC_ORIGIN ?? new URL(request.url).origin;
  return new Response(JSON.stringify(resolverDescription(origin)), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "public, max-age=3600",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
