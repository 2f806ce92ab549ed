import { withDeadline } from "#app/deadline.ts";
import { join } from "node:path";
import { sql, type Kysely } from "kysely";
import { openDatabase, type Backend, type DatabaseHandle } from "#db/connection.ts";
import type { DB } from "#db/schema.ts";
import { getEnv } from "./env.server.ts";

export type Database = Kysely<DB>;

// One handle per process, shared by server.ts and the Remix build (two module graphs):
// PGlite must never be opened twice on the same directory.
const KEY = Symbol.for("gi-mark-registry.db");
type Holder = { [KEY]?: Promise<DatabaseHandle> };
const holder = globalThis as Holder;

export function connect(): Promise<DatabaseHandle> {
  holder[KEY] ??= (() => {
    const env = getEnv();
    return openDatabase({ url: env.DATABASE_URL, dataDir: join(env.DATA_DIR, "pglite") });
  })();
  return holder[KEY];
}

export async function getDb(): Promise<Database> {
  return (await connect()).db;
}

export async function getBackend(): Promise<Backend> {
  return (await connect()).backend;
}

export async function disconnect(): Promise<void> {
  const handle = holder[KEY];
  holder[KEY] = undefined;
  if (handle) await (await handle).close();
}

/** Answers within `ms` or throws: callers turn that into 503, never a hang. */
export async function pingDatabase(ms = 1500): Promise<void> {
  await withDeadline(
    getDb().then((db) => sql`select 1`.execute(db)),
    ms,
  );
}

/** postgres.js itself when on PostgreSQL (for COPY); undefined on PGlite. */
export async function getRaw() {
  return (await connect()).raw;
}
