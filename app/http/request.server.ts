import type { AppLoadContext } from "@remix-run/node";
import { langFromCookieHeader, translator } from "#app/i18n/i18n.ts";
import { coarseNetwork } from "#app/rate-limit/rate-limit.server.ts";

export function requestLang(request: Request) {
  return langFromCookieHeader(request.headers.get("Cookie"));
}

export function requestT(request: Request) {
  return translator(requestLang(request));
}

export function clientNetwork(context: AppLoadContext | undefined): string {
  return coarseNetwork(context?.clientIp ?? "unknown");
}
