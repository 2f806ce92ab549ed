// npm run bench — runs every benchmark one after another on this machine's PostgreSQL and writes
// docs/benchmarks.md: the machine, the date, each figure and each ratio against the baseline that
// benchmark measured in the same run (absolute times are not comparable between machines or runs).
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import postgres from "postgres";

const BENCHMARKS = [
  { script: "bench:registry", title: "Register search (100,000 enterprises, 150,000 authorizations)" },
  { script: "bench:issue", title: "Issuing ten consecutive orders of 1,000,000 label codes" },
  { script: "bench:verify", title: "Public scan page under load (1,000,000 labels)" },
  { script: "bench:dashboard", title: "Supervision dashboard (1,000,000 labels, 5,000,000 scans)" },
  {
    script: "bench:collect",
    title: "Scans while one request collects labels: before/after at 60,000, then 1,000,000 (the limit)",
  },
  { script: "bench:pglite", title: "Embedded PGlite beside PostgreSQL (100,000 labels)" },
  { script: "bench:import", title: "Importing a 10,000-row register (.xlsx): dry run and confirmation" },
  { script: "bench:body", title: "A 400 MB chunked POST /login: server memory before and after the bounded reader" },
];

function run(script: string): Promise<{ json: Record<string, unknown> | null; seconds: number; code: number | null }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", script], { stdio: ["ignore", "pipe", "inherit"] });
    let last: Record<string, unknown> | null = null;
    let buffer = "";
    child.stdout.on("data", (d: Buffer) => {
      process.stdout.write(d);
      buffer += d.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) if (line.startsWith("{")) last = JSON.parse(line) as Record<string, unknown>;
    });
    child.on("exit", (code) => resolve({ json: last, seconds: Math.round((Date.now() - started) / 1000), code }));
  });
}

const server = postgres(
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
  { max: 1, onnotice: () => {} },
);
const version = (await server<{ version: string }[]>`select version()`)[0]?.version ?? "PostgreSQL";
await server.end();

const results: {
  title: string;
  script: string;
  json: Record<string, unknown> | null;
  seconds: number;
  code: number | null;
}[] = [];
for (const b of BENCHMARKS) {
  console.log(`\n=== npm run ${b.script}`);
  results.push({ ...b, ...(await run(b.script)) });
}

const goal = (r: Record<string, unknown>, key: string) => {
  const g = r[`goal_${key}`];
  return g === undefined
    ? ""
    : ` (goal ${key.includes("p95") || key.includes("rss") || key.endsWith("_ms") ? "<" : "≥"} ${String(g)})`;
};
const lines = [
  "# Benchmarks",
  "",
  "Written by `npm run bench`. Each benchmark measures its own baseline in the same run; compare",
  "the ratios, not the absolute figures, between runs or machines.",
  "",
  `- Date: ${new Date().toISOString()}`,
  `- Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}`,
  `- Node ${process.version}; ${version.split(",")[0]}`,
  "",
];
for (const r of results) {
  lines.push(
    `## ${r.title}`,
    "",
    `\`npm run ${r.script}\` — ${r.seconds} s${r.code === 0 ? "" : ` — **exited with ${r.code}**`}`,
    "",
  );
  if (!r.json) {
    lines.push("No result line was printed.", "");
    continue;
  }
  lines.push("| figure | value |", "|---|---|");
  for (const [key, value] of Object.entries(r.json)) {
    if (key.startsWith("goal_") || key === "benchmark") continue;
    lines.push(`| ${key} | ${String(value)}${goal(r.json, key)} |`);
  }
  lines.push("");
}
writeFileSync("docs/benchmarks.md", lines.join("\n"));
console.log("\nwrote docs/benchmarks.md");
if (results.some((r) => r.code !== 0 || !r.json)) process.exit(1);
