import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_FORM_BYTES, readBody } from "#app/forms/body.server.ts";

const status = async (promise: Promise<unknown>) =>
  promise.then(
    () => "read",
    (error: unknown) => (error as { init?: { status?: number } }).init?.status ?? String(error),
  );

/** A body with no Content-Length, delivered in 16 KB pieces as a chunked upload would be. */
function chunked(bytes: number): Request {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const piece = Math.min(16 * 1024, bytes - sent);
      sent += piece;
      controller.enqueue(new Uint8Array(piece).fill(97));
    },
  });
  return new Request("http://x.invalid/login", { method: "POST", body, duplex: "half" } as RequestInit);
}

describe("readBody: limits count the bytes that arrive", () => {
  it("reads a chunked body up to the limit and refuses one byte more with 413", async () => {
    expect((await readBody(chunked(MAX_FORM_BYTES), MAX_FORM_BYTES)).byteLength).toBe(MAX_FORM_BYTES);
    expect(await status(readBody(chunked(MAX_FORM_BYTES + 1), MAX_FORM_BYTES))).toBe(413);
  });

  it("stops reading at the limit instead of taking the whole upload", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024));
      },
    });
    const endless = new Request("http://x.invalid/", { method: "POST", body, duplex: "half" } as RequestInit);
    expect(await status(readBody(endless, MAX_FORM_BYTES))).toBe(413);
    expect(pulled).toBeLessThan(MAX_FORM_BYTES + 64 * 1024);
  });

  it("refuses a declared length over the limit without reading", async () => {
    const request = new Request("http://x.invalid/", {
      method: "POST",
      headers: { "Content-Length": String(MAX_FORM_BYTES + 1) },
      body: "x",
    });
    expect(await status(readBody(request, MAX_FORM_BYTES))).toBe(413);
  });
});

// One reader for request bodies (app/forms/body.server.ts): a page that called request.formData()
// or .arrayBuffer() itself would buffer whatever arrives, however large.
it("no module but the body reader reads a request body", () => {
  const root = join(import.meta.dirname, "../../app");
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name)) files.push(path);
    }
  };
  walk(root);
  const offenders = files
    .filter((path) => !path.endsWith("forms/body.server.ts"))
    .filter((path) =>
      /\brequest\.(formData|arrayBuffer|json|text|blob)\(|\brequest\.body\b|\breq\.on\(\s*["']data/.test(
        readFileSync(path, "utf8"),
      ),
    )
    .map((path) => relative(root, path));
  expect(offenders).toEqual([]);
});
