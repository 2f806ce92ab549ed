import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#app/db.server.ts";
import { getEnv } from "#app/env.server.ts";
import { digitalLinkUri, labelForPrintedDigitalLink, labelLinkset } from "#app/label/digital-link.server.ts";
import { parseGtin } from "#app/label/gtin.ts";
import { langOf, scanPage } from "#app/verification/http.server.ts";
import { renderNoticePage } from "#app/verification/verdict-page.server.ts";

/**
 * GS1 Digital Link as printed (decision 056): `/01/<gtin>/21/<serial>?C=<code>` answers the same
 * verdict as `/v/<code>` (the same scan path, counted and rate-limited alike) when the code and
 * the serial agree and the GTIN is well formed; asked for `application/linkset+json` (or
 * `?linkType=linkset`) it answers the RFC 9264 linkset. Without the code, or with a code that is
 * not that serial's, the page says so in words (404) and names no code.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const gtin = parseGtin(params.gtin ?? "");
  const serial = params.serial ?? "";
  const printedCode = url.searchParams.get("C") ?? url.searchParams.get("c");
  // Without the code a link names a public serial only: it proves nothing and answers no code
  // (decision 056; a lookup by serial handed every collected label's code to whoever counted).
  const label =
    gtin.ok && printedCode !== null ? await labelForPrintedDigitalLink(await getDb(), serial, printedCode) : null;
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
  if (!label) {
    const { lang } = langOf(url.searchParams, request.headers.get("Cookie"));
    const body = renderNoticePage(printedCode === null ? "serialOnly" : "linkMismatch", {
      lang,
      nonce: context.cspNonce,
      seconds: 0,
      retryHref: "/v",
    });
    return new Response(body, {
      status: 404,
      headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  const answer = await scanPage({
    method: request.method,
    input: label.code,
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
