import { getDb } from "#app/db.server.ts";
import { coarseNetwork } from "#app/accounts/rate-limit.server.ts";
import { langFromCookieHeader, LANG_COOKIE, type Lang } from "#app/i18n/i18n.ts";
import { formatCode } from "#app/label/code.ts";
import { scan, type ScanAnswer } from "./verification.server.ts";
import { renderNoticePage, renderVerdictPage } from "./verdict-page.server.tsx";

export interface ScanContext {
  cspNonce: string;
  clientIp: string;
}

const PAGE_HEADERS = { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" };

/** `?lang=` wins (and is remembered), else the cookie, else Chinese. */
export function langOf(request: Request, url: URL): { lang: Lang; setCookie: string | null } {
  const asked = url.searchParams.get("lang");
  if (asked === "en" || asked === "zh-CN") return { lang: asked, setCookie: `${LANG_COOKIE}=${asked}; Path=/; Max-Age=31536000; SameSite=Lax` };
  return { lang: langFromCookieHeader(request.headers.get("Cookie")), setCookie: null };
}

function headersWith(base: Record<string, string>, setCookie: string | null): Headers {
  const headers = new Headers(base);
  if (setCookie) headers.append("Set-Cookie", setCookie);
  return headers;
}

export function scanRequestOf(request: Request, context: ScanContext, input: string, channel: "page" | "api", viewToken: string | null) {
  return {
    input,
    channel,
    network: coarseNetwork(context.clientIp),
    userAgent: request.headers.get("User-Agent"),
    viewToken,
  };
}

/** GET /v/:code — the page a QR code opens. */
export async function scanPageResponse(request: Request, context: ScanContext, input: string): Promise<Response> {
  const url = new URL(request.url);
  const { lang, setCookie } = langOf(request, url);
  const answer = await scan(await getDb(), scanRequestOf(request, context, input, "page", url.searchParams.get("view")));
  const retryHref = `/v/${encodeURIComponent(input.slice(0, 64))}`;
  if (answer.kind === "limited") {
    return new Response(renderNoticePage("limited", { lang, nonce: context.cspNonce, seconds: answer.retryAfter, retryHref }), {
      status: 429,
      headers: headersWith({ ...PAGE_HEADERS, "Retry-After": String(answer.retryAfter) }, setCookie),
    });
  }
  if (answer.kind === "unavailable") {
    return new Response(renderNoticePage("unavailable", { lang, nonce: context.cspNonce, seconds: 5, retryHref }), {
      status: 503,
      headers: headersWith({ ...PAGE_HEADERS, "Retry-After": "5" }, setCookie),
    });
  }
  const html = renderVerdictPage(answer, { lang, nonce: context.cspNonce, input: input.slice(0, 64), located: url.searchParams.get("located") === "1" });
  return new Response(html, { status: 200, headers: headersWith(PAGE_HEADERS, setCookie) });
}

/** The same verdict as JSON: what a platform needs, nothing about who scanned. */
export function verdictJson(answer: Extract<ScanAnswer, { kind: "answer" }>) {
  const f = answer.facts;
  return {
    verdict: answer.verdict,
    code: answer.code,
    formattedCode: answer.code ? formatCode(answer.code) : null,
    problem: answer.problem,
    scans: answer.scans ? { count: answer.scans.count, firstScannedAt: answer.scans.firstScannedAt.toISOString() } : null,
    suspicious: answer.suspicious,
    warnThreshold: answer.threshold,
    mark: f ? { slug: f.markSlug, name: f.markName, kind: f.markKind } : null,
    enterprise: f ? { id: f.enterpriseId, name: f.enterpriseName, uscc: f.uscc, registerUrl: `/registry/enterprises/${f.enterpriseId}` } : null,
    authorization: f
      ? { status: f.authorizationStatus, activeFrom: f.activeFrom, exitedOn: f.exitedOn, exitReason: f.exitReason, entryAnnouncement: f.entryAnnouncement, exitAnnouncement: f.exitAnnouncement }
      : null,
    product: f?.product ? { name: f.product, specification: f.specification, batchNo: f.batchNo, productionDate: f.productionDate } : null,
  };
}

/** GET /api/v1/verify/:code */
export async function scanApiResponse(request: Request, context: ScanContext, input: string): Promise<Response> {
  const answer = await scan(await getDb(), scanRequestOf(request, context, input, "api", null));
  const headers = { "Access-Control-Allow-Origin": "*", "Cache-Control": "no-store" };
  if (answer.kind === "limited") {
    return Response.json({ error: { code: "rate_limited", retryAfter: answer.retryAfter } }, { status: 429, headers: { ...headers, "Retry-After": String(answer.retryAfter) } });
  }
  if (answer.kind === "unavailable") {
    return Response.json({ error: { code: "unavailable", retryAfter: 5 } }, { status: 503, headers: { ...headers, "Retry-After": "5" } });
  }
  return Response.json(verdictJson(answer), { headers });
}
