import { readFileSync } from "node:fs";
import net from "node:net";

export interface ChunkedAnswer {
  status: number;
  location?: string;
  body: string;
  /** Bytes of body the client wrote before the server stopped reading (or all of them). */
  written: number;
  /** The server's largest resident size while the body was arriving, over its size before. */
  rssGrowth: number;
  ms: number;
}

/** A process's resident set size in bytes (Linux). */
export function rssOf(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;
}

/** Status, Location and the (de-chunked) body of a raw HTTP/1.1 answer. */
function parseAnswer(raw: Buffer): Omit<ChunkedAnswer, "written" | "rssGrowth" | "ms"> | undefined {
  const split = raw.indexOf("\r\n\r\n");
  if (split < 0) return undefined;
  const head = raw.subarray(0, split).toString("latin1");
  let rest = raw.subarray(split + 4);
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
  const location = /\r\nlocation: ([^\r]*)/i.exec(head)?.[1];
  if (!/\r\ntransfer-encoding: chunked/i.test(head)) return { status, location, body: rest.toString("utf8") };
  const parts: Buffer[] = [];
  for (;;) {
    const line = rest.indexOf("\r\n");
    if (line < 0) return undefined;
    const size = parseInt(rest.subarray(0, line).toString("latin1"), 16);
    if (size === 0) return { status, location, body: Buffer.concat(parts).toString("utf8") };
    if (rest.length < line + 2 + size + 2) return undefined;
    parts.push(rest.subarray(line + 2, line + 2 + size));
    rest = rest.subarray(line + 2 + size + 2);
  }
}

/**
 * A chunked POST (Transfer-Encoding: chunked, no Content-Length) of `total` body bytes, `head`
 * first and then filler, over a bare socket: written as fast as the server takes it and to the
 * end unless the server stops reading, like a client that ignores an early answer (Node's own
 * HTTP client stops writing once it has one). Samples `serverPid`'s memory meanwhile.
 */
export function sendChunked(options: {
  port: number;
  path: string;
  contentType: string;
  head: string;
  total: number;
  serverPid: number;
  timeoutMs?: number;
}): Promise<ChunkedAnswer> {
  const { port, path, contentType, head, total, serverPid } = options;
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const before = rssOf(serverPid);
    let peak = before;
    const sample = () => {
      try {
        peak = Math.max(peak, rssOf(serverPid));
      } catch {
        // the server has exited
      }
    };
    const sampler = setInterval(sample, 10);
    const socket = net.connect(port, "127.0.0.1");
    const received: Buffer[] = [];
    let written = 0;
    const frame = (bytes: Buffer) =>
      Buffer.concat([Buffer.from(`${bytes.byteLength.toString(16)}\r\n`), bytes, Buffer.from("\r\n")]);
    const filler = Buffer.alloc(64 * 1024, "a");
    const pump = () => {
      while (written < total) {
        const bytes =
          written === 0 ? Buffer.from(head) : filler.subarray(0, Math.min(filler.byteLength, total - written));
        written += bytes.byteLength;
        if (!socket.write(frame(bytes))) return void socket.once("drain", pump);
      }
      socket.write("0\r\n\r\n");
      if (parseAnswer(Buffer.concat(received))) finish();
    };
    socket.on("connect", () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\n` +
          `Content-Type: ${contentType}\r\nTransfer-Encoding: chunked\r\n\r\n`,
      );
      pump();
    });
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearInterval(sampler);
      sample();
      const answer = parseAnswer(Buffer.concat(received));
      socket.destroy();
      if (!answer) return reject(new Error(`no complete answer after ${written} bytes`));
      resolve({ ...answer, written, rssGrowth: peak - before, ms: Date.now() - started });
    };
    socket.on("data", (d: Buffer) => {
      received.push(d);
      // Answered and everything sent: the connection may stay open (keep-alive), we are done.
      if (written >= total && parseAnswer(Buffer.concat(received))) finish();
    });
    socket.on("error", () => undefined); // EPIPE / ECONNRESET once the server has stopped reading
    socket.on("close", finish);
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`no end after ${written} bytes`));
    }, options.timeoutMs ?? 80_000).unref();
  });
}
