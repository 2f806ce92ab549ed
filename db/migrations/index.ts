import type { Migration } from "kysely";
import * as foundation from "./2026-11-23T0100_foundation.ts";

/** Explicit, ordered index: bundling can never lose a migration. Append only. */
export const migrations: Record<string, Migration> = {
  "2026-11-23T0100_foundation": foundation,
};
