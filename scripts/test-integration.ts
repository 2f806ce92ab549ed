// Runs the integration suite on embedded PGlite, then again on PostgreSQL when
// TEST_DATABASE_URL is set: the same tests must pass on both backends.
import { spawnSync } from "node:child_process";

const backends: Array<"pglite" | "postgres"> = ["pglite"];
if (process.env.TEST_DATABASE_URL) backends.push("postgres");
else console.log("[test:integration] TEST_DATABASE_URL is not set: running on PGlite only.");

for (const backend of backends) {
  console.log(`\n[test:integration] backend: ${backend}`);
  const result = spawnSync("npx", ["vitest", "run", "--project", "integration", ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, TEST_BACKEND: backend },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
