import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { Kysely } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import postgres from "postgres";
import { PGliteDialect } from "./pglite-dialect.ts";
import { StripNulPlugin } from "./strip-nul-plugin.ts";
import type { DB } from "./schema.ts";

export type Backend = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Kysely<DB>;
  backend: Backend;
  /** postgres.js itself (PostgreSQL only): for COPY, which Kysely cannot express. */
  raw?: postgres.Sql;
  /** PGlite only: the data directory as a tarball (a template for tests). */
  dumpDataDir?: () => Promise<Blob>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… — when set, PostgreSQL through postgres.js. */
  url?: string;
  /** Directory for embedded PGlite; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  /** Pool size for PostgreSQL. */
  max?: number;
  /**
   * false behind a pooler that hands each transaction to any server connection (PgBouncer in
   * transaction pooling before 1.21): named prepared statements would not be found there.
   */
  prepare?: boolean;
  /** PGlite only: start from this data-dir dump instead of an empty cluster. */
  loadDataDir?: Blob;
}

const INT8 = 20;
const CLOSE_TIMEOUT_S = 5;
const DATE = 1082;

/** How postgres.js reads and writes our types (every pool: the primary's and the replicas'). */
export const POSTGRES_TYPES = {
  // int8 → number on both backends (counts and sequences stay far below 2^53).
  int8: { to: INT8, from: [INT8], serialize: (v: number) => String(v), parse: (v: string) => Number(v) },
  // Calendar dates stay "YYYY-MM-DD" strings: no time zone can shift them.
  date: { to: DATE, from: [DATE], serialize: (v: string) => v, parse: (v: string) => v },
};

/** One factory, two backends: DATABASE_URL set → PostgreSQL, unset → embedded PGlite. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const sql = postgres(options.url, {
      max: options.max ?? 10,
      prepare: options.prepare ?? true,
      connect_timeout: 2,
      idle_timeout: 60,
      onnotice: () => {},
      types: POSTGRES_TYPES,
    });
    const db = new Kysely<DB>({ dialect: new PostgresJSDialect({ postgres: sql }), plugins: [new StripNulPlugin()] });
    // Closing waits 5 s at most for queries in flight (a long issuing job): then the connections
    // are cut, their transactions roll back on the server, and shutdown goes on.
    const close = async () => {
      await sql.end({ timeout: CLOSE_TIMEOUT_S });
      await db.destroy();
    };
    return { db, backend: "postgres", raw: sql, close };
  }
  const dataDir = options.dataDir ?? "./data/pglite";
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, {
    parsers: { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v },
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), plugins: [new StripNulPlugin()] });
  return { db, backend: "pglite", dumpDataDir: () => pglite.dumpDataDir("none"), close: () => db.destroy() };
}
