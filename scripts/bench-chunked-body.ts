// npm run bench:body — what a 400 MB chunked POST /login (no Content-Length) costs the server in
// memory, with the body reading of before issue 13 and with the bounded reader, in the same run.
// Each variant is its own process (resident memory is per process) running the same small
// node:http server around the sign-in form's body reading:
//   before: the Remix express adapter's body stream and the old readForm, which looked only at
//           Content-Length and then buffered the whole body (request.formData());
//   after:  nodeRequestBody + readForm (app/forms/body.server.ts), as the app runs them now.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { sendChunked } from "./lib/chunked-client.ts";
import { discardBody, nodeRequestBody } from "#app/forms/body.server.ts";
import { readForm } from "#app/forms/form.server.ts";

const MB = 1024 * 1024;
const BODY_MB = Number(process.env.BENCH_BODY_MB ?? 400);
const PORT = Number(process.env.BENCH_PORT ?? 3395);

/** readForm as it was (app/forms/form.server.ts before issue 13, item 3). */
async function readFormBefore(request: Request, limit = 64 * 1024): Promise<FormData> {
  const length = Number(request.headers.get("Content-Length") ?? "0");
  if (length > limit) {
    await request.arrayBuffer().catch(() => undefined);
    throw new Response("too large", { status: 413 });
  }
  try {
    return await request.formData();
  } catch {
    throw new Response("Bad Request", { status: 400 });
  }
}

function serve(variant: "before" | "after", port: number) {
  const server = createServer((req, res) => {
    if (variant === "after") res.once("prefinish", () => discardBody(req, res));
    const body = variant === "after" ? nodeRequestBody(req, res) : createReadableStreamFromReadable(req);
    const request = new Request(`http://127.0.0.1:${port}${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body,
      duplex: "half",
    } as RequestInit);
    (variant === "after" ? readForm(request) : readFormBefore(request)).then(
      () => res.writeHead(401).end("signed-in form read"),
      (error: unknown) => {
        const status =
          error instanceof Response ? error.status : ((error as { init?: { status?: number } }).init?.status ?? 500);
        res.writeHead(status, { "Content-Type": "text/plain" }).end(String(status));
      },
    );
  });
  server.listen(port, "127.0.0.1", () => console.log("ready"));
}

async function measure(variant: "before" | "after", port: number, atOnce = 1) {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/bench-chunked-body.ts", "--serve", variant], {
    env: { ...process.env, BENCH_PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
  try {
    const sent = await Promise.all(
      Array.from({ length: atOnce }, () =>
        sendChunked({
          port,
          path: "/login",
          contentType: "application/x-www-form-urlencoded",
          head: "username=chief&password=x&redirectTo=",
          total: BODY_MB * MB,
          serverPid: child.pid!,
          timeoutMs: 600_000,
        }),
      ),
    );
    return {
      status: [...new Set(sent.map((s) => s.status))].join(","),
      rssGrowthMB: +(Math.max(...sent.map((s) => s.rssGrowth)) / MB).toFixed(1),
      wroteMB: +(Math.max(...sent.map((s) => s.written)) / MB).toFixed(1),
    };
  } finally {
    child.kill("SIGKILL");
  }
}

const serveAt = process.argv.indexOf("--serve");
if (serveAt >= 0) {
  serve(process.argv[serveAt + 1] === "after" ? "after" : "before", PORT);
} else {
  const before = await measure("before", PORT);
  const after = await measure("after", PORT + 1);
  // Thrown-away chunks are garbage, not kept: ten such uploads at once cost no more than one.
  const afterTen = await measure("after", PORT + 2, 10);
  const result = {
    benchmark: "chunked-body",
    body_mb: BODY_MB,
    before_status: before.status,
    before_rss_growth_mb: before.rssGrowthMB,
    before_client_wrote_mb: before.wroteMB,
    after_status: after.status,
    after_rss_growth_mb: after.rssGrowthMB,
    after_client_wrote_mb: after.wroteMB,
    after_10_at_once_status: afterTen.status,
    after_10_at_once_rss_growth_mb: afterTen.rssGrowthMB,
    ratio_rss_growth_before_vs_after: +(before.rssGrowthMB / Math.max(after.rssGrowthMB, 0.1)).toFixed(1),
  };
  console.log(
    `${BODY_MB} MB chunked POST /login — before: ${before.status}, server grew ${before.rssGrowthMB} MB, client wrote ${before.wroteMB} MB; ` +
      `after: ${after.status}, grew ${after.rssGrowthMB} MB, client wrote ${after.wroteMB} MB before the server closed; ratio ${result.ratio_rss_growth_before_vs_after}×; ` +
      `ten at once after: ${afterTen.status}, grew ${afterTen.rssGrowthMB} MB`,
  );
  console.log(JSON.stringify(result));
}
