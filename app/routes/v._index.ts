import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { langOf } from "#app/verification/http.server.ts";
import { renderManualPage } from "#app/verification/verdict-page.server.ts";

/** /v: type a code by hand; /v?code=… goes to the scan page for it. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { lang, setCookie } = langOf(url.searchParams, request.headers.get("Cookie"));
  const code = (url.searchParams.get("code") ?? "").trim().slice(0, 64);
  const headers = new Headers({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
  if (setCookie) headers.append("Set-Cookie", setCookie);
  if (code) return redirect(`/v/${encodeURIComponent(code)}`, { headers });
  const { cspNonce } = context;
  return new Response(renderManualPage({ lang, nonce: cspNonce, value: "" }), { headers });
}
