import type { IncomingMessage, ServerResponse } from "node:http";
import { newNonce, securityHeaderValues } from "#app/http/security.server.ts";
import { logger } from "#app/logging/logger.server.ts";
import { decodeScannedSegment } from "#app/label-code/code.ts";
import { scanApi, scanPage, type PlainResponse, type ScanHttpRequest } from "#app/verification/http.server.ts";

// /v/<code> and /api/v1/verify/<code>, any case (the QR carries /V/<CODE>), optional query.
const SCAN_PATH = /^\/(v|api\/v1\/verify)\/([^/?#]+)\/?(?:\?(.*))?$/i;

/** The client address: the socket's, or with one trusted proxy the right-most X-Forwarded-For entry. */
function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const last = (Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? "")).split(",").pop()?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? "unknown";
}

/**
 * The scan endpoints, answered straight from node:http before express sees the request: the hot
 * path pays for no middleware chain, route ranking or static-file stat, only for the lookup and a
 * small page (docs/decisions/007-verification-hot-path.md). Everything else returns false.
 */
export function scanHotPath(options: { dev: boolean; production: boolean; trustProxy: boolean }) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const match = SCAN_PATH.exec(req.url ?? "");
    if (!match) return false;
    const input = decodeScannedSegment(match[2]!);
    const nonce = newNonce();
    const request: ScanHttpRequest = {
      method: req.method,
      input,
      query: new URLSearchParams(match[3] ?? ""),
      cookie: req.headers.cookie ?? null,
      userAgent: req.headers["user-agent"] ?? null,
      clientIp: clientIp(req, options.trustProxy),
      nonce,
      host: req.headers.host ?? null,
    };
    const handler: (r: ScanHttpRequest) => Promise<PlainResponse> =
      match[1]!.toLowerCase() === "v" ? scanPage : scanApi;
    handler(request).then(
      (answer) => {
        res.writeHead(answer.status, {
          ...securityHeaderValues(nonce, options),
          ...answer.headers,
          "Content-Length": String(Buffer.byteLength(answer.body)),
        });
        res.end(req.method === "HEAD" ? undefined : answer.body);
      },
      (error: unknown) => {
        logger.error({ err: error }, "[verify] unexpected error");
        if (res.headersSent) return res.destroy();
        res.writeHead(503, {
          ...securityHeaderValues(nonce, options),
          "Content-Type": "text/plain; charset=utf-8",
          "Cache-Control": "no-store",
          "Retry-After": "5",
        });
        res.end("请稍后再试。Please try again shortly.");
      },
    );
    return true;
  };
}
