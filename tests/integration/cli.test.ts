import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "#db/connection.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { recordAudit, SYSTEM_ACTOR } from "#app/audit/audit.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";

// The commands an operator runs, against a database of their own.
let dataDir: string;
let pg: TestDatabase | undefined;
let handle: DatabaseHandle;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "gi-cli-"));
  if (process.env.TEST_BACKEND === "postgres") {
    pg = await createTestDatabase();
    handle = pg;
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${pg.name}`;
    env = { ...process.env, DATABASE_URL: url.toString(), DATA_DIR: dataDir };
  } else {
    handle = await openDatabase({ dataDir: join(dataDir, "pglite") });
    await migrateToLatest(handle.db);
    env = { ...process.env, DATABASE_URL: "", DATA_DIR: dataDir };
    delete env.DATABASE_URL;
  }
  for (let i = 0; i < 3; i++) {
    await handle.db
      .transaction()
      .execute((trx) =>
        recordAudit(trx, SYSTEM_ACTOR, { action: "calendar.set", entityType: "calendar_day", after: { i } }),
      );
  }
  // PGlite allows one process per directory: let the CLI open it.
  if (!pg) await handle.close();
});

afterAll(async () => {
  await pg?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

function run(script: string, extraEnv: Record<string, string> = {}) {
  return spawnSync("npx", ["tsx", script], { env: { ...env, ...extraEnv }, encoding: "utf8", timeout: 120_000 });
}

describe("operator commands", () => {
  it("audit:verify passes an intact chain and fails, naming the entry, after an edit", async () => {
    const ok = run("scripts/audit-verify.ts");
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/intact: 3 entries/);

    const db = pg ? handle : await openDatabase({ dataDir: join(dataDir, "pglite") });
    await sql`alter table audit_entry disable trigger user`.execute(db.db);
    await sql`update audit_entry set actor_label = 'someone else' where seq = 2`.execute(db.db);
    await sql`alter table audit_entry enable trigger user`.execute(db.db);
    if (!pg) await db.close();

    const broken = run("scripts/audit-verify.ts");
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/BROKEN at entry 2 \(edited\)/);
  });

  it("user:create bootstraps an administrator and refuses a common password", async () => {
    const weak = run("scripts/user-create.ts", { USER_PASSWORD: "password123" });
    expect(weak.status).toBe(2); // usage: no --username
    const refused = spawnSync("npx", ["tsx", "scripts/user-create.ts", "--username", "chief", "--name", "首任管理员"], {
      env: { ...env, USER_PASSWORD: "password123" },
      encoding: "utf8",
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/太常见/);
    const created = spawnSync("npx", ["tsx", "scripts/user-create.ts", "--username", "chief", "--name", "首任管理员"], {
      env: { ...env, USER_PASSWORD: "a long and unusual passphrase" },
      encoding: "utf8",
    });
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/created administrator chief/);
  });
});
