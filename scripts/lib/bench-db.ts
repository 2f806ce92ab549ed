import postgres from "postgres";
import { openDatabase, type DatabaseHandle } from "#db/connection.ts";

/** A throwaway database on the benchmark server; `drop()` removes it whatever happened. */
export async function createBenchDatabase(
  prefix: string,
): Promise<DatabaseHandle & { url: string; drop(): Promise<void> }> {
  const serverUrl =
    process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `${prefix}_${process.pid}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name}`);
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), max: 4 });
  return {
    ...handle,
    url: url.toString(),
    async drop() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * A database an earlier run of the same benchmark seeded and left (BENCH_REUSE_DB): opened as it
 * is, and kept afterwards, so a long seeding is paid once.
 */
export async function reuseBenchDatabase(
  name: string,
): Promise<DatabaseHandle & { url: string; drop(): Promise<void> }> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`BENCH_REUSE_DB must be a plain database name, not ${name}`);
  const serverUrl =
    process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), max: 4 });
  return { ...handle, url: url.toString(), drop: () => handle.close() };
}
