import { randomToken } from "#app/ids.ts";
import type { NextFunction, Request, Response } from "express";

export function newNonce(): string {
  return randomToken(16, "base64");
}

const NONCE = "\u0000nonce\u0000";
const cspTemplates = new Map<boolean, string[]>();

/** Built once per mode and filled with each response's nonce (it is on every response). */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  let parts = cspTemplates.get(dev);
  if (!parts) {
    parts = [
      "default-src 'self'",
      `script-src 'self' 'nonce-${NONCE}'${dev ? " 'unsafe-eval'" : ""}`,
      `style-src 'self' 'nonce-${NONCE}'`,
      "img-src 'self' data:",
      "font-src 'self'",
      `connect-src 'self'${dev ? " ws: wss:" : ""}`,
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "object-src 'none'",
    ]
      .join("; ")
      .split(NONCE);
    cspTemplates.set(dev, parts);
  }
  return parts.join(nonce);
}

/** The headers every response carries, for a given nonce. */
export function securityHeaderValues(
  nonce: string,
  options: { dev: boolean; production: boolean },
): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(nonce, options.dev),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(self), payment=()",
    ...(options.production ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/** Security headers on every response, static files and errors included. */
export function securityHeaders(options: { dev: boolean; production: boolean }) {
  return (req: Request, res: Response, next: NextFunction) => {
    const nonce = newNonce();
    res.locals.cspNonce = nonce;
    for (const [name, value] of Object.entries(securityHeaderValues(nonce, options))) res.setHeader(name, value);
    next();
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function expectedOrigin(req: Request, publicOrigin?: string): string {
  if (publicOrigin) return new URL(publicOrigin).origin;
  return `${req.protocol}://${req.get("host")}`;
}

/**
 * CSRF: a state-changing request must come from our own pages. Browsers send Origin on
 * every POST (and Sec-Fetch-Site); a request carrying neither is allowed only without a
 * session cookie (scripts, curl), where there is no ambient authority to abuse.
 */
export function sameOriginOnly(options: {
  publicOrigin?: string;
  sessionCookieName: () => string;
  /** Paths that authenticate by bearer token only: cross-origin calls without a session cookie pass (decision 059). */
  bearerOnly?: (path: string) => boolean;
  /** How such a path is refused when a session cookie rides along cross-origin. */
  refuseBearerPath?: (req: Request, res: Response) => void;
}) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const hasSession = (req.get("cookie") ?? "").includes(`${options.sessionCookieName()}=`);
    if (options.bearerOnly?.(req.path) && !hasSession) return next();
    const origin = req.get("origin");
    const site = req.get("sec-fetch-site");
    let allowed: boolean;
    if (origin && origin !== "null") allowed = origin === expectedOrigin(req, options.publicOrigin);
    else if (origin === "null") allowed = false;
    else if (site) allowed = site === "same-origin" || site === "none";
    else allowed = !hasSession;
    if (allowed) return next();
    if (options.bearerOnly?.(req.path) && options.refuseBearerPath) return options.refuseBearerPath(req, res);
    res
      .status(403)
      .type("text/html; charset=utf-8")
      .send(csrfPage(String(res.locals.cspNonce ?? "")));
  };
}

/** What the app answers: pages (GET, HEAD) and forms (POST). */
export const ALLOWED_METHODS = ["GET", "HEAD", "POST"] as const;
const ALLOWED = new Set<string>(ALLOWED_METHODS);

/**
 * Any other method (TRACE, PUT, OPTIONS, WebDAV's) is a 405 naming the allowed ones, answered
 * before routing: the request object the pages are built on refuses TRACE outright.
 */
export function knownMethodsOnly() {
  return (req: Request, res: Response, next: NextFunction) => {
    if (ALLOWED.has(req.method)) return next();
    res
      .status(405)
      .set("Allow", ALLOWED_METHODS.join(", "))
      .type("text/html; charset=utf-8")
      .send(
        plainPage(
          String(res.locals.cspNonce ?? ""),
          "405",
          `<h1>不支持此请求方式</h1><p>本站只接受 ${ALLOWED_METHODS.join("、")} 请求。</p><p lang="en">This site answers only ${ALLOWED_METHODS.join(", ")} requests.</p><p><a href="/">返回首页 / Home</a></p>`,
        ),
      );
  };
}

export function plainPage(nonce: string, title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<style nonce="${nonce}">main{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.6}</style>
<main>${body}</main></html>`;
}

function csrfPage(nonce: string): string {
  return plainPage(
    nonce,
    "403",
    `<h1>请求来源无法验证</h1><p>操作未执行。请从本站页面重新提交。</p><p lang="en">The request's origin could not be verified, so nothing was done. Submit again from this site's pages.</p><p><a href="/">返回首页 / Home</a></p>`,
  );
}
