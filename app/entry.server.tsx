import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import "./http/context.ts";
import { logger } from "#app/logging/logger.server.ts";
import { currentRequestId, routeOf } from "#app/logging/request-log.server.ts";
import { NonceContext } from "./ui/nonce.ts";
import { layoutDataWithoutLoader } from "./layout-data.server.ts";
import { RootDataFallback } from "./root-data.ts";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // The nonce comes from the HTTP server (same value as its CSP header), never a loader.
  const nonce = loadContext.cspNonce;
  // A page may name who is signed in and what they may see: no cache keeps it (shared office PCs).
  if (!responseHeaders.has("Cache-Control")) responseHeaders.set("Cache-Control", "no-store");
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  // An error page without the root loader's data still gets the layout's data: the reader's
  // language, and who is signed in (decision 060). Remix runs no loader when an action threw; on
  // a GET the root loader ran and failed (the database is down), so it is not asked again.
  const handler = remixContext.staticHandlerContext;
  const fallback =
    handler.errors && handler.loaderData.root == null
      ? await layoutDataWithoutLoader(request, request.method === "GET" || request.method === "HEAD")
      : undefined;
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RootDataFallback.Provider value={fallback}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </RootDataFallback.Provider>
      </NonceContext.Provider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logger.error({ err: error, reqId: currentRequestId() }, "render failed");
        },
      },
    );
    setTimeout(abort, ABORT_DELAY + 1000);
  });
}

/** The data a page reloads (single fetch) is kept by no cache either. */
export function handleDataRequest(response: Response) {
  if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "no-store");
  return response;
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  // A client's mistake (a POST to a page without a form, say) is one line; a stack trace per bot
  // request would bury the errors that need someone.
  if (isRouteErrorResponse(error) && error.status < 500) {
    logger.warn(
      {
        reqId: currentRequestId(),
        status: error.status,
        method: request.method,
        route: routeOf(new URL(request.url).pathname),
      },
      "client error",
    );
    return;
  }
  logger.error({ err: error, reqId: currentRequestId() }, "unhandled error");
}
