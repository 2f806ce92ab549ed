// npm run log:verify -- <log URL> [--against-db] [--state FILE] [--vkey VKEY] [--witness VKEY]…
// Fetches the log's checkpoint and every tile, recomputes the tree, checks the signature (and the
// cosignatures of the witnesses named), and that the log extends the last checkpoint this
// machine saw (kept in the state file). --against-db also compares every entry with the database
// named by DATABASE_URL / DATA_DIR. Exits 1 naming the first problem. Decision 017.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { verifyLog, type MonitorState } from "#app/log/monitor.ts";

const args = process.argv.slice(2);
const url = args.find((a) => !a.startsWith("--") && !isValueOf(a));
function isValueOf(a: string) {
  const i = args.indexOf(a);
  return i > 0 && ["--state", "--vkey", "--witness"].includes(args[i - 1]!);
}
const values = (flag: string) => args.flatMap((a, i) => (args[i - 1] === flag ? [a] : []));
if (!url || !/^https?:\/\//.test(url)) {
  console.error(
    "usage: npm run log:verify -- <log URL, e.g. https://gi.example.gov.cn/log> [--against-db] [--state FILE] [--vkey VKEY] [--witness VKEY]",
  );
  process.exit(2);
}
const base = url.replace(/\/+$/, "");
const stateFile = values("--state")[0] ?? ".log-verify.json";
const states: Record<string, MonitorState> = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, "utf8")) : {};

async function fetchFile(path: string) {
  const res = await fetch(`${base}/${path}`, { headers: { "Accept-Encoding": "gzip, identity" } });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
}
async function consistencyProof(from: number, to: number) {
  const res = await fetch(`${base.replace(/\/log$/, "")}/api/v1/log/consistency?from=${from}&to=${to}`);
  if (res.status !== 200) return null;
  const body = (await res.json()) as { proof: string[] };
  return body.proof.map((h) => Buffer.from(h, "base64"));
}

const previous = states[base] ?? null;
const report = await verifyLog(fetchFile, {
  previous,
  vkey: values("--vkey")[0],
  witnesses: values("--witness"),
  consistencyProof,
});
if (!report.ok) {
  console.error(`log:verify: ${base}: ${report.problem}`);
  process.exit(1);
}
console.log(
  `log:verify: ${report.origin}: ${report.size} entries recomputed, root ${report.root}, signature valid${
    report.cosigned?.length ? `, cosigned by ${report.cosigned.join(", ")}` : ""
  }${previous ? `, consistent with checkpoint ${previous.size} seen before` : " (first check: remembered for next time)"}`,
);

if (args.includes("--against-db")) {
  // PGlite must never be opened by two processes: compare a PGlite folder only with the app stopped.
  if (!process.env.DATABASE_URL && !args.includes("--offline")) {
    console.error(
      "log:verify: --against-db needs DATABASE_URL (or, for a PGlite DATA_DIR, stop the app and add --offline)",
    );
    process.exit(2);
  }
  const { connect, disconnect } = await import("#app/db.server.ts");
  const { compareWithDatabase } = await import("#app/log/against-db.server.ts");
  const handle = await connect();
  const problem = await compareWithDatabase(handle.db, report.leaves ?? [], report.size ?? 0);
  await disconnect();
  if (problem) {
    console.error(`log:verify: the database disagrees with the log: ${problem}`);
    process.exit(1);
  }
  console.log("log:verify: every entry matches the database, and every public fact in it is logged");
}
writeFileSync(stateFile, `${JSON.stringify({ ...states, [base]: report.state }, null, 2)}\n`);
