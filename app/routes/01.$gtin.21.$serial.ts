import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#app/db.server.ts";
import { getEnv } from "#app/env.server.ts";
import {
  digitalLinkUri,
  labelForDigitalLink,
  labelForPrintedDigitalLink,
  labelLinkset,
} from "#app/label/digital-link.server.ts";
import { parseGtin } from "#app/label/gtin.ts";
import { scanPage } from "#app/verification/http.server.ts";

/**
 * GS1 Digital Link: `/01/<gtin>/21/<serial>` of a label collected onto a batch with that GTIN
 * answers the same verdict as `/v/<code>` (the same scan path, counted and rate-limited alike);
 * asked for `application/linkset+json` (or `?linkType=linkset`) it answers the RFC 9264 linkset.
 * A GTIN whose check digit fails, or a serial no such batch holds, is not a label: invalid.
 * A printed Digital Link carries the label's code as `?c=` (decision 056): then the code, its
 * serial and the GTIN must agree, and the verdict is the code's.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const gtin = parseGtin(params.gtin ?? "");
  const serial = params.serial ?? "";
  const printedCode = url.searchParams.get("c") ?? url.searchParams.get("C");
  const label = !gtin.ok
    ? null
    : printedCode !== null
      ? await labelForPrintedDigitalLink(await getDb(), gtin.gtin, serial, printedCode)
      : await labelForDigitalLink(await getDb(), gtin.gtin, serial);
  const origin = getEnv().PUBLIC_ORIGIN ?? url.origin;
  const wantsLinkset =
    (request.headers.get("Accept") ?? "").includes("application/linkset+json") ||
    ["linkset", "all"].includes(url.searchParams.get("linkType") ?? "");
  if (wantsLinkset) {
    if (!label || !gtin.ok)
      return new Response(JSON.stringify({ error: "not found" }), {
        status: 404,
        headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
      });
    const anchor = digitalLinkUri(origin, gtin.gtin, serial).replace(/^HTTPS?:\/\/[^/]+/, origin);
    return new Response(JSON.stringify(labelLinkset(origin, anchor, label)), {
      headers: {
        "Content-Type": "application/linkset+json",
        "Cache-Control": "no-store",
        "Access-Control-Allow-Origin": "*",
        Link: `<https://ref.gs1.org/standards/resolver/linkset-context>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`,
      },
    });
  }
  const answer = await scanPage({
    method: request.method,
    input: label?.code ?? `01/${params.gtin ?? ""}/21/${serial}`,
    query: url.searchParams,
    cookie: request.headers.get("Cookie"),
    userAgent: request.headers.get("User-Agent"),
    clientIp: context.clientIp,
    nonce: context.cspNonce,
    host: request.headers.get("Host"),
  });
  return new Response(answer.body, {
    status: answer.status,
    headers: { ...answer.headers, Link: `<${url.pathname}>; rel="linkset"; type="application/linkset+json"` },
  });
}
