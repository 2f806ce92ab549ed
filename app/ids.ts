import { randomBytes } from "node:crypto";

/**
 * The one check that a string from a URL or a form is a uuid before it reaches SQL: PostgreSQL
 * refuses anything else with an error, which would be a 500 for what is only a bad address.
 */
export function isUuid(id: unknown): id is string {
  return typeof id === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}

// Random bytes drawn 4 KiB at a time: one system call per 256 nonces instead of one each.
let pool = Buffer.alloc(0);
let offset = 0;
export function randomToken(bytes: number, encoding: "base64" | "base64url"): string {
  if (offset + bytes > pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  offset += bytes;
  return pool.subarray(offset - bytes, offset).toString(encoding);
}
