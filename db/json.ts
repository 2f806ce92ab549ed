import { sql, type RawBuilder } from "kysely";

/**
 * A jsonb value from JS, sent as text and cast by the server. postgres.js would otherwise
 * JSON-encode a string parameter a second time when the column is jsonb; PGlite would not.
 */
export function jsonb(value: unknown): RawBuilder<unknown> | null {
  if (value === null || value === undefined) return null;
  return sql`${JSON.stringify(value)}::text::jsonb`;
}
