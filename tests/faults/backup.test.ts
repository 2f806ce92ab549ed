import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase } from "#db/connection.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { loadDivisions } from "#app/division/division.server.ts";
import { seedDemo } from "#app/demo/seed.server.ts";
import { ThrowawayCluster } from "#tests/support/pg-cluster.ts";

let cluster: ThrowawayCluster;
let url = "";

beforeAll(async () => {
  cluster = await ThrowawayCluster.create();
  cluster.psql("create database gi_backup");
  url = cluster.url.replace(/\/postgres$/, "/gi_backup");
  process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-backup-"));
  const handle = await openDatabase({ url, max: 2 });
  await migrateToLatest(handle.db);
  await loadDivisions(handle.db);
  await seedDemo(handle.db); // accounts, marks, users, labels in every state, audit chain
  await handle.db
    .insertInto("scan")
    .values({ scanned_at: new Date(), verdict: "not_found", channel: "api", network: "10.1.1.0/24" })
    .execute();
  await handle.close();
}, 240_000);

afterAll(async () => {
  await cluster?.destroy();
});

it("the backup script dumps, restores into a fresh database and finds identical row counts", () => {
  const out = join(process.env.DATA_DIR!, "check.dump");
  const run = spawnSync("node", ["--import", "tsx", "scripts/backup.ts", "--out", out, "--verify"], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  expect(run.stderr).not.toMatch(/error/i);
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/restore verified: \d+ tables, identical row counts/);
  expect(run.stdout).toMatch(/^label\s+[1-9]\d* =/m);
  expect(run.stdout).toMatch(/^audit_entry\s+[1-9]\d* =/m);
  // The demo seed's scans and the one above, in this month's partition.
  expect(run.stdout).toMatch(/^scan_p\d{6}\s+[1-9]\d* =/m);
});
