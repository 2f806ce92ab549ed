import { connect } from "#app/db.server.ts";
import { observeScan } from "#app/metrics/metrics.server.ts";
import { clientAddress, coarseNetwork } from "#app/rate-limit/rate-limit.server.ts";
import { langFromCookieHeader, LANG_COOKIE, type Lang } from "#app/i18n/i18n.ts";
import { formatCode } from "#app/label-code/code.ts";
import { scan, type ScanAnswer } from "./verification.server.ts";
import { isLinkPreview } from "./link-preview.ts";
import { renderNoticePage, renderVerdictPage } from "./verdict-page.server.ts";

/** What the scan endpoints need from an HTTP request, whichever server carries it. */
export interface ScanHttpRequest {
  method: string;
  input: string;
  query: URLSearchParams;
  cookie: string | null;
  userAgent: string | null;
  clientIp: string;
  nonce: string;
  /** The Host header: names the page's own address in the demo, where PUBLIC_ORIGIN is unset. */
  host?: string | null;
}

export interface PlainResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const PAGE_HEADERS = { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" };
const API_HEADERS = {
  "Content-Type": "application/json; charset=utf-8",
  "Cache-Control": "no-store",
  "Access-Control-Allow-Origin": "*",
};

/** `?lang=` wins (and is remembered), else the cookie, else Chinese. */
export function langOf(query: URLSearchParams, cookie: string | null): { lang: Lang; setCookie: string | null } {
  const asked = query.get("lang");
  if (asked === "en" || asked === "zh-CN")
    return { lang: asked, setCookie: `${LANG_COOKIE}=${asked}; Path=/; Max-Age=31536000; SameSite=Lax` };
  return { lang: langFromCookieHeader(cookie), setCookie: null };
}

async function answerFor(req: ScanHttpRequest, channel: "page" | "api") {
  const started = performance.now();
  const { db, raw } = await connect();
  const preview = isLinkPreview(req.method, req.userAgent);
  const answer = await scan(
    db,
    {
      input: req.input,
      channel,
      network: coarseNetwork(req.clientIp),
      client: clientAddress(req.clientIp),
      userAgent: req.userAgent,
      viewToken: channel === "page" ? req.query.get("view") : null,
      preview,
    },
    { raw },
  );
  // The same channel words as the scan log: a link preview is "preview" whichever endpoint it hit.
  const logged = preview ? "preview" : channel;
  observeScan(answer.kind === "answer" ? answer.verdict : answer.kind, logged, (performance.now() - started) / 1000);
  return answer;
}

/** GET /v/:code — the page a QR code opens. */
export async function scanPage(req: ScanHttpRequest): Promise<PlainResponse> {
  const { lang, setCookie } = langOf(req.query, req.cookie);
  const answer = await answerFor(req, "page");
  const headers: Record<string, string> = { ...PAGE_HEADERS, ...(setCookie ? { "Set-Cookie": setCookie } : {}) };
  const retryHref = `/v/${encodeURIComponent(req.input.slice(0, 64))}`;
  if (answer.kind === "limited") {
    return {
      status: 429,
      headers: { ...headers, "Retry-After": String(answer.retryAfter) },
      body: renderNoticePage(answer.reason === "unknownCodes" ? "unknownLimited" : "limited", {
        lang,
        nonce: req.nonce,
        seconds: answer.retryAfter,
        retryHref,
      }),
    };
  }
  if (answer.kind === "unavailable") {
    return {
      status: 503,
      headers: { ...headers, "Retry-After": "5" },
      body: renderNoticePage("unavailable", { lang, nonce: req.nonce, seconds: 5, retryHref }),
    };
  }
  const body = renderVerdictPage(answer, {
    lang,
    nonce: req.nonce,
    input: req.input.slice(0, 64),
    located: req.query.get("located") === "1",
    host: req.host ?? null,
  });
  return { status: 200, headers, body };
}

/** The same verdict as JSON: what a platform needs, nothing about who scanned. */
export function verdictJson(answer: Extract<ScanAnswer, { kind: "answer" }>) {
  const f = answer.facts;
  return {
    verdict: answer.verdict,
    code: answer.code,
    formattedCode: answer.code ? formatCode(answer.code) : null,
    problem: answer.problem,
    scans: answer.scans
      ? { count: answer.scans.count, firstScannedAt: answer.scans.firstScannedAt.toISOString() }
      : null,
    suspicious: answer.suspicious,
    warnThreshold: answer.threshold,
    mark: f
      ? {
          slug: f.markSlug,
          name: f.markName,
          kind: f.markKind,
          supervisingAuthority: f.supervisingAuthority,
          hotline: f.hotline,
        }
      : null,
    label: f ? { status: f.labelStatus, changedOn: f.labelChangedOn, voidReason: f.voidReason } : null,
    enterprise: f
      ? {
          id: f.enterpriseId,
          name: f.enterpriseName,
          uscc: f.uscc,
          registerUrl: `/registry/enterprises/${f.enterpriseId}`,
        }
      : null,
    authorization: f
      ? {
          status: f.authorizationStatus,
          activeFrom: f.activeFrom,
          exitedOn: f.exitedOn,
          exitReason: f.exitReason,
          entryAnnouncement: f.entryAnnouncement,
          exitAnnouncement: f.exitAnnouncement,
          suspendedOn: f.suspendedOn,
        }
      : null,
    product: f?.product
      ? { name: f.product, specification: f.specification, batchNo: f.batchNo, productionDate: f.productionDate }
      : null,
  };
}

/** GET /api/v1/verify/:code */
export async function scanApi(req: ScanHttpRequest): Promise<PlainResponse> {
  const answer = await answerFor(req, "api");
  if (answer.kind === "limited") {
    return {
      status: 429,
      headers: { ...API_HEADERS, "Retry-After": String(answer.retryAfter) },
      body: JSON.stringify({
        error: {
          code: answer.reason === "unknownCodes" ? "unknown_codes_limited" : "rate_limited",
          retryAfter: answer.retryAfter,
        },
      }),
    };
  }
  if (answer.kind === "unavailable") {
    return {
      status: 503,
      headers: { ...API_HEADERS, "Retry-After": "5" },
      body: JSON.stringify({ error: { code: "unavailable", retryAfter: 5 } }),
    };
  }
  return { status: 200, headers: API_HEADERS, body: JSON.stringify(verdictJson(answer)) };
}
