import { Router, type Request, type Response } from "express";
import { scanApi, scanPage, type PlainResponse, type ScanHttpRequest } from "./http.server.ts";

/**
 * The scan endpoints, mounted on the HTTP server ahead of static files and Remix: the hot path
 * skips Remix's route ranking and the static-file stat that every other request pays
 * (docs/decisions/007-verification-hot-path.md). Express matches paths case-insensitively,
 * so the QR's upper-case /V/<CODE> lands here too, with %7E and %3D decoded.
 */
export function verificationRouter(): Router {
  const router = Router({ caseSensitive: false, strict: false });
  const adapt = (handler: (req: ScanHttpRequest) => Promise<PlainResponse>) => (req: Request, res: Response, next: (error?: unknown) => void) => {
    const query = new URLSearchParams(req.originalUrl.includes("?") ? req.originalUrl.slice(req.originalUrl.indexOf("?") + 1) : "");
    handler({
      input: String(req.params.code ?? ""),
      query,
      cookie: req.get("cookie") ?? null,
      userAgent: req.get("user-agent") ?? null,
      clientIp: req.ip ?? "unknown",
      nonce: String(res.locals.cspNonce),
    }).then((answer) => {
      res.writeHead(answer.status, { ...answer.headers, "Content-Length": String(Buffer.byteLength(answer.body)) }).end(answer.body);
    }, next);
  };
  router.get("/v/:code", adapt(scanPage));
  router.get("/api/v1/verify/:code", adapt(scanApi));
  return router;
}
