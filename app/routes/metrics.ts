import { timingSafeEqual } from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getUser } from "#app/accounts/auth.server.ts";
import { getEnv } from "#app/env.server.ts";
import { may } from "#app/permission/permissions.ts";
import { metricsContentType, renderMetrics } from "#app/metrics/metrics.server.ts";

function bearerMatches(header: string | null, token: string | undefined): boolean {
  if (!token || !header?.startsWith("Bearer ")) return false;
  const given = Buffer.from(header.slice(7));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Prometheus text format, for a scraper holding METRICS_TOKEN or a signed-in administrator. */
export async function loader({ request }: LoaderFunctionArgs) {
  const scraper = bearerMatches(request.headers.get("Authorization"), getEnv().METRICS_TOKEN);
  const viewer = scraper ? null : await getUser(request);
  const allowed = scraper || (viewer ? may(viewer, "metrics.read", null) : false);
  if (!allowed)
    return new Response("Forbidden: send Authorization: Bearer <METRICS_TOKEN>, or sign in as an administrator.\n", {
      status: 403,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  return new Response(await renderMetrics(), {
    headers: { "Content-Type": metricsContentType(), "Cache-Control": "no-store" },
  });
}
