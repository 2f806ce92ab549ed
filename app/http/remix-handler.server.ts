import {
  createRequestHandler as createRemixHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import type express from "express";
import { nodeRequestBody } from "#app/forms/body.server.ts";
import { apiAnswer } from "./api-edge.server.ts";

/**
 * @remix-run/express's request handler, with one change: the body pages read is
 * nodeRequestBody (bounded, taken from the socket only when read), not the adapter's stream,
 * which pulls the upload in as it arrives and resets the connection when cancelled.
 */
export function remixRequestHandler(options: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: string;
  getLoadContext: (req: express.Request, res: express.Response) => AppLoadContext;
}) {
  const handle = createRemixHandler(options.build, options.mode);
  return async (req: express.Request, res: express.Response, next: express.NextFunction) => {
    try {
      const request = remixRequest(req, res);
      const response = await apiAnswer(request, await handle(request, options.getLoadContext(req, res)));
      // A resource route's refusal from Remix itself ("Unexpected Server Error" as JSON: a POST to
      // a route without an action, a body over its limit) becomes the site's plain refusal page.
      if (response.headers.get("X-Remix-Error") === "yes" && response.status >= 400 && response.status < 500) {
        // Remix refuses a method the route has no function for: a loader-only route takes GET and
        // HEAD, an action-only route POST.
        if (response.status === 405)
          res.setHeader("Allow", req.method === "GET" || req.method === "HEAD" ? "POST" : "GET, HEAD");
        await response.body?.cancel();
        return next(Object.assign(new Error(`refused by Remix (${response.status})`), { status: response.status }));
      }
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

// A host name or an IP literal: anything else ("a b", "a@b", "a/b", "x:99999") is not a request
// this site can answer, and must not reach the URL the pages read.
const HOSTNAME =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]+\])$/;

/** A bad Host (or, behind a trusted proxy, X-Forwarded-Host): 400, answered by the error page. */
const badHost = () => Object.assign(new Error("bad Host header"), { status: 400 });

function remixRequest(req: express.Request, res: express.Response): Request {
  // req.hostname follows "trust proxy"; so does the header the port is read from.
  const host = (req.app.get("trust proxy") ? req.get("X-Forwarded-Host")?.split(",")[0] : undefined) ?? req.get("host");
  const portText = host?.match(/:(\d*)$/)?.[1];
  const port = portText ? Number(portText) : undefined;
  // No Host at all (HTTP/1.0, some health checks): this machine.
  const hostname = req.hostname || "localhost";
  if (!HOSTNAME.test(hostname) || (port !== undefined && !(port >= 1 && port <= 65535))) throw badHost();
  const url = new URL(`${req.protocol}://${hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  const headers = new Headers();
  for (const [name, values] of Object.entries(req.headers)) {
    if (values === undefined) continue;
    for (const value of Array.isArray(values) ? values : [values]) headers.append(name, value);
  }
  // Loaders and actions are aborted when the answer can no longer be written.
  let controller: AbortController | null = new AbortController();
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = nodeRequestBody(req, res);
    init.duplex = "half";
  }
  return new Request(url.href, init);
}

async function sendResponse(res: express.Response, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (response.headers.get("Content-Type")?.match(/text\/event-stream/i)) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
