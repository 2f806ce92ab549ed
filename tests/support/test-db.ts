import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { openDatabase, type DatabaseHandle } from "#db/connection.ts";
import { ensurePgliteTemplate, ensurePostgresTemplate } from "./test-template.ts";

export type TestDatabase = DatabaseHandle & { name: string; drop(): Promise<void> };

/**
 * A throwaway, migrated database with divisions loaded, copied from a template built once
 * (test-template.ts): in-memory PGlite by default, or a fresh database on the server named by
 * TEST_DATABASE_URL when TEST_BACKEND=postgres.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_BACKEND === "postgres" ? process.env.TEST_DATABASE_URL : undefined;
  if (process.env.TEST_BACKEND === "postgres" && !serverUrl) {
    throw new Error("TEST_BACKEND=postgres needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)");
  }
  if (!serverUrl) {
    const dump = new Blob([readFileSync(await ensurePgliteTemplate())]);
    const handle = await openDatabase({ dataDir: "memory://", loadDataDir: dump });
    return { ...handle, name: "memory", drop: () => handle.close() };
  }
  const template = await ensurePostgresTemplate(serverUrl);
  const name = `gi_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${template}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), max: 5 });
  return {
    ...handle,
    name,
    async drop() {
      await handle.close();
      const cleanup = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
