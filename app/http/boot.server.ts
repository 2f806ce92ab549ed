import { getEnv } from "#app/env.server.ts";
import { connect } from "#app/db.server.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { loadDivisions } from "#app/division/division.server.ts";
import { seedDemo, demoAccountsTable } from "#app/demo/seed.server.ts";
import { settlePendingDocuments } from "#app/document/document.server.ts";
import { logger } from "#app/logging/logger.server.ts";
import { sweepExpiredDrafts } from "#app/document/upload-draft.server.ts";

/** Migrate, load reference data, seed the demo when asked. Used by the server and scripts. */
export async function prepareDatabase(log: (line: string) => void = (line: string) => logger.info(line)) {
  const env = getEnv();
  const handle = await connect();
  const applied = await migrateToLatest(handle.db);
  if (applied.length) log(`[db] ${handle.backend}: applied migrations ${applied.join(", ")}`);
  const divisions = await loadDivisions(handle.db);
  if (divisions) log(`[db] loaded ${divisions} administrative divisions`);
  const uploads = await settlePendingDocuments(handle.db);
  if (uploads.moved || uploads.removed)
    log(
      `[documents] after a crash: ${uploads.moved} committed uploads moved into place, ${uploads.removed} abandoned removed`,
    );
  const drafts = await sweepExpiredDrafts(handle.db);
  if (drafts.expired || drafts.orphans)
    log(`[documents] ${drafts.expired} expired kept files removed, ${drafts.orphans} without a draft removed`);
  if (env.APP_ENV !== "production" && env.SEED === "demo") {
    const seeded = await seedDemo(handle.db);
    if (seeded) log("[seed] demo data created");
    const accounts = await demoAccountsTable(handle.db);
    if (accounts) log(accounts);
  }
  return handle;
}
