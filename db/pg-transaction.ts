import { Kysely } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import type postgres from "postgres";
import type { DB } from "./schema.ts";

/**
 * A Kysely bound to one open postgres.js transaction, so typed queries and a COPY stream can
 * share it (Kysely cannot express COPY). Every query runs on that transaction's connection.
 */
export function kyselyOnTransaction(tx: postgres.TransactionSql): Kysely<DB> {
  const bound = {
    reserve: async () => ({
      unsafe: (query: string, parameters?: unknown[]) => tx.unsafe(query, parameters as never[]),
      release: () => {},
    }),
    end: async () => {},
  };
  return new Kysely<DB>({ dialect: new PostgresJSDialect({ postgres: () => bound as never }) });
}
