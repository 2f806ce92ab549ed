import type { IncomingMessage, ServerResponse } from "node:http";
import { data } from "@remix-run/node";
import { MAX_BODY_BYTES } from "./limits.ts";

/** A form without files. */
export const MAX_FORM_BYTES = 64 * 1024;
/** A form that pastes a list to import (credit records as CSV). */
export const MAX_IMPORT_FORM_BYTES = 1024 * 1024;
export { MAX_BODY_BYTES };
/**
 * A refused body is read on and thrown away up to this much more, so a browser that is still
 * uploading gets to see the answer; past it the connection is closed.
 */
export const DISCARD_BYTES = 32 * 1024 * 1024;
/** After closing our side, how long a client gets to read the answer before the socket goes. */
const LINGER_MS = 2000;

/** The 413 every refused body gets; the error page words it from `limitBytes`. */
export function bodyTooLarge(limitBytes: number) {
  return data({ limitBytes }, { status: 413 });
}

/**
 * The one reader of request bodies: the bytes actually received are counted, whatever the
 * framing (Content-Length or chunked), and reading stops at `limit` with a 413. Nothing past the
 * limit is kept; what follows is thrown away by the server (discardBody).
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (!request.body) return new Uint8Array(0);
  if (declared > limit) {
    await ignoreBody(request);
    throw bodyTooLarge(limit);
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let result: ReadableStreamReadResult<Uint8Array>;
    try {
      result = await reader.read();
    } catch (error) {
      // By its code: the server and the page build each load this module (instanceof would miss).
      if ((error as { code?: unknown }).code === BodyLimitExceeded.code)
        throw bodyTooLarge(Math.min(limit, (error as BodyLimitExceeded).limit));
      throw new Response("Bad Request", { status: 400 });
    }
    if (result.done) break;
    total += result.value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw bodyTooLarge(limit);
    }
    chunks.push(result.value);
  }
  const body = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

/** A body that will not be read (a refused request): the server throws it away (discardBody). */
export async function ignoreBody(request: Request): Promise<void> {
  await request.body?.cancel().catch(() => undefined);
}

/** The request body went past the server's own cap (MAX_BODY_BYTES). */
export class BodyLimitExceeded extends Error {
  static readonly code = "BODY_LIMIT_EXCEEDED";
  readonly code = BodyLimitExceeded.code;
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes`);
  }
}

/** The stream reading each request's body, so throwing the body away can take it off the socket. */
const readers = new WeakMap<IncomingMessage, () => void>();

/**
 * A Node request's body as the stream pages read (the Remix adapter's, but bounded): a chunk is
 * taken from the socket only when a reader asks for one, at most `cap` bytes are ever handed on,
 * and cancelling it (a refused body) throws the rest away instead of resetting the connection
 * before the answer is written.
 */
export function nodeRequestBody(
  req: IncomingMessage,
  res: ServerResponse,
  cap = MAX_BODY_BYTES,
): ReadableStream<Uint8Array> {
  let controller: ReadableStreamDefaultController<Uint8Array>;
  let read = 0;
  let listening = false;
  const detach = () => {
    req.off("data", onData);
    req.off("end", onEnd);
    req.off("error", onError);
    req.off("close", onClose);
  };
  const settle = (how: () => void) => {
    detach();
    readers.delete(req);
    try {
      how();
    } catch {
      // already closed or cancelled
    }
  };
  function onData(chunk: Buffer) {
    read += chunk.byteLength;
    if (read > cap) {
      settle(() => controller.error(new BodyLimitExceeded(cap)));
      discardBody(req, res);
      return;
    }
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    req.pause();
  }
  function onEnd() {
    settle(() => controller.close());
  }
  function onError(error: Error) {
    settle(() => controller.error(error));
  }
  function onClose() {
    // The client went away before the body was complete.
    if (!req.complete) onError(new Error("request aborted"));
  }
  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        readers.set(req, () => settle(() => controller.error(new Error("request body discarded"))));
      },
      pull() {
        if (!listening) {
          listening = true;
          req.on("data", onData);
          req.once("end", onEnd);
          req.once("error", onError);
          req.once("close", onClose);
        }
        req.resume();
      },
      cancel() {
        settle(() => undefined);
        discardBody(req, res);
      },
    },
    { highWaterMark: 0 },
  );
}

const discarding = new WeakSet<IncomingMessage>();

/**
 * The rest of a body nobody will read: read and thrown away (never kept) up to DISCARD_BYTES,
 * then, once the answer is written, our side of the connection is closed. Called for refused
 * bodies and, after every response, for a body the page did not read to the end.
 */
export function discardBody(req: IncomingMessage, res: ServerResponse) {
  if (req.complete || req.destroyed || discarding.has(req)) return;
  discarding.add(req);
  readers.get(req)?.();
  let thrownAway = 0;
  let closing = false;
  const close = () => {
    if (closing) return;
    closing = true;
    const socket = req.socket;
    socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  };
  const onData = (chunk: Buffer) => {
    thrownAway += chunk.byteLength;
    if (thrownAway <= DISCARD_BYTES) return;
    req.off("data", onData);
    req.pause();
    if (res.writableFinished) close();
    else {
      res.once("finish", close);
      res.once("close", close);
    }
  };
  req.on("data", onData);
  req.resume();
}
