// The baseline for bench:verify: a bare node:http server doing the scan page's lookup with the same
// driver and pool (openDatabase → postgres.js), and nothing else: no framework, no headers, no log.
import { createServer } from "node:http";
import { openDatabase } from "#db/connection.ts";
import { parseCode } from "#app/label-code/code.ts";
import { lookupCode, verdictOf } from "#app/verification/verdict.server.ts";

const handle = await openDatabase({ url: process.env.DATABASE_URL! });
const server = createServer(async (req, res) => {
  const parsed = parseCode(decodeURIComponent((req.url ?? "").replace(/^\/v\//i, "")));
  if (!parsed.ok) {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end("<h1>invalid</h1>");
    return;
  }
  try {
    const found = await lookupCode(handle.db, parsed.bytes, handle.raw);
    const f = found.facts;
    res
      .writeHead(200, { "Content-Type": "text/html; charset=utf-8" })
      .end(
        `<h1>${verdictOf(f)}</h1><p>${f?.markName ?? ""} ${f?.enterpriseName ?? ""} ${f?.batchNo ?? ""} ${found.committedCount + 1}</p>`,
      );
  } catch {
    res.writeHead(503).end();
  }
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
process.on("SIGTERM", () => server.close(() => void handle.close().then(() => process.exit(0))));
