import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql, type Kysely } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import type { DB } from "#db/schema.ts";
import { verifyAuditChain } from "#app/audit/audit.server.ts";
import { logKeys } from "#app/log/keys.server.ts";
import { checkpointNow, servedCheckpoint } from "#app/log/publisher.server.ts";
import { readTile } from "#app/log/public.server.ts";
import { LogInconsistent } from "#app/log/log.server.ts";
import { verifyLog, type Fetcher, type MonitorState } from "#app/log/monitor.ts";
import { compareWithDatabase } from "#app/log/against-db.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeUser } from "#tests/support/factories.ts";
import { actOn, labelsInEveryState, type LabelWorld, markWithPrinter } from "#tests/support/label-factories.ts";

// Each way an operator or whoever owns the database could rewrite history behind the app's
// back, tried as they would try it (triggers switched off, as the owner can), and named by the
// monitor (`npm run log:verify`, here over the same files it fetches) or refused by the log.

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-log-tamper-"));
process.env.LOG_ORIGIN = "gi.tamper.test/log";

function localFetcher(db: Kysely<DB>): Fetcher {
  return async (path) => {
    const empty = { status: 404, body: Buffer.alloc(0) };
    if (path === "vkey") return { status: 200, body: Buffer.from(`${logKeys().verifier}\n`) };
    if (path === "checkpoint") {
      const note = await servedCheckpoint(db);
      return note ? { status: 200, body: Buffer.from(note) } : empty;
    }
    const tile = path.startsWith("tile/") ? await readTile(db, path.slice(5)).catch(() => null) : null;
    return tile ? { status: 200, body: tile.body } : empty;
  };
}

/** As the database owner: triggers off for this one change. */
async function behindTheAppsBack(db: Kysely<DB>, tables: string[], change: (trx: Kysely<DB>) => Promise<unknown>) {
  await db.transaction().execute(async (trx) => {
    for (const t of tables) await sql.raw(`alter table "${t}" disable trigger user`).execute(trx);
    await change(trx);
    for (const t of tables) await sql.raw(`alter table "${t}" enable trigger user`).execute(trx);
  });
}

let t: TestDatabase | undefined;
afterEach(async () => {
  await t?.drop();
  t = undefined;
});

/** A county's history: a user with labels in every state, then cancelled; a checkpoint the monitor has seen. */
async function history() {
  t = await createTestDatabase();
  const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  const approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  const { mark, printerId, printer } = await markWithPrinter(t.db, "印务", { slug: "tamper-tea" });
  const w: LabelWorld = { db: t.db, raw: t.raw, markId: mark.id, printerId, regulator, approver, printer };
  const first = await labelsInEveryState(w, "T-1");
  await actOn(w, first.authorizationId, { action: "cancel", exitReason: "voluntary", comment: "退出" });
  await checkpointNow(t.db);
  const seen = await verifyLog(localFetcher(t.db));
  expect(seen.problem).toBeUndefined();
  expect(await compareWithDatabase(t.db, seen.leaves!, seen.size!)).toBeNull();
  return { db: t.db, w, first, state: seen.state! };
}

async function monitor(db: Kysely<DB>, previous: MonitorState) {
  const report = await verifyLog(localFetcher(db), { previous });
  if (!report.ok) return report.problem;
  return compareWithDatabase(db, report.leaves!, report.size!);
}

// Each test builds its own history (a few seconds, a minute or more on a loaded machine).
describe("tampering with the database behind the app is named by log:verify", { timeout: 240_000 }, () => {
  it("editing an authorization's dates", async () => {
    const { db, first, state } = await history();
    await behindTheAppsBack(db, ["authorization"], (trx) =>
      trx
        .updateTable("authorization")
        .set({ active_from: "2020-01-01" })
        .where("id", "=", first.authorizationId)
        .execute(),
    );
    expect(await monitor(db, state)).toMatch(
      new RegExp(`authorization ${first.authorizationId} shows an entry date of 2020-01-01, but the log says`),
    );
    // The history itself, back-dated.
    await behindTheAppsBack(db, ["authorization_event"], (trx) =>
      trx
        .updateTable("authorization_event")
        .set({ effective_on: "2020-01-01" })
        .where("authorization_id", "=", first.authorizationId)
        .where("action", "=", "activate")
        .execute(),
    );
    expect(await monitor(db, state)).toMatch(/was changed in the database: (items|effectiveOn) is now .*"2020-01-01"/);
  });

  it("deleting a label order", async () => {
    const { db, first, state } = await history();
    await behindTheAppsBack(db, ["label", "label_ledger", "label_order", "log_batch"], async (trx) => {
      await trx.deleteFrom("label").where("order_id", "=", first.orderId).execute();
      await trx.deleteFrom("label_ledger").where("order_id", "=", first.orderId).execute();
      await trx.deleteFrom("log_batch").where("order_id", "=", first.orderId).execute();
      await trx.deleteFrom("label_order").where("id", "=", first.orderId).execute();
    });
    expect(await monitor(db, state)).toMatch(new RegExp(`the database no longer has the label order ${first.orderId}`));
  });

  it("rewriting an announcement's date", async () => {
    const { db, state } = await history();
    const a = await db
      .selectFrom("announcement")
      .select(["id", "number"])
      .orderBy("created_at")
      .executeTakeFirstOrThrow();
    await behindTheAppsBack(db, ["announcement"], (trx) =>
      trx.updateTable("announcement").set({ published_on: "2019-05-01" }).where("id", "=", a.id).execute(),
    );
    expect(await monitor(db, state)).toMatch(
      new RegExp(`the announcement ${a.number} was changed in the database: publishedOn is now "2019-05-01"`),
    );
  });

  it("truncating the log table: the log refuses to sign, the monitor finds the entries gone, then the log shrunk", async () => {
    const { db, w, state } = await history();
    await behindTheAppsBack(db, ["log_leaf", "log_node"], (trx) => sql`truncate log_leaf, log_node`.execute(trx));
    expect(await monitor(db, state)).toMatch(/tile\/entries\/000\.p\/\d+ is missing/);
    await labelsInEveryState(w, "T-3");
    await expect(checkpointNow(db)).rejects.toThrow(LogInconsistent);
    // And with the signed checkpoints gone too, a fresh log starts: the monitor remembers.
    await behindTheAppsBack(db, ["log_checkpoint", "log_cosignature"], (trx) =>
      sql`truncate log_cosignature, log_checkpoint`.execute(trx),
    );
    await checkpointNow(db);
    expect(await monitor(db, state)).toMatch(
      /(the log shrank|is not consistent with checkpoint \d+ seen before: the first \d+ entries were rewritten)/,
    );
  });

  it("deleting the audit tail together with its head", async () => {
    const { db, state } = await history();
    const head = await db.selectFrom("audit_entry").select("seq").orderBy("seq", "desc").executeTakeFirstOrThrow();
    const keep = await db
      .selectFrom("audit_entry")
      .select(["seq", "hash"])
      .where("seq", "=", head.seq - 3)
      .executeTakeFirstOrThrow();
    await behindTheAppsBack(db, ["audit_entry"], async (trx) => {
      await trx.deleteFrom("audit_entry").where("seq", ">", keep.seq).execute();
      await trx
        .updateTable("app_meta")
        .set({ value: `${keep.seq}:${keep.hash}` })
        .where("key", "=", "audit_head")
        .execute();
    });
    // The chain alone cannot tell (decision 003)…
    expect((await verifyAuditChain(db)).ok).toBe(true);
    // …the log can.
    expect(await monitor(db, state)).toMatch(
      new RegExp(`the audit chain no longer has entry ${head.seq}, whose hash the log recorded`),
    );
  });

  it("restoring the database from an older backup", async () => {
    const { db, w, state: older } = await history();
    // The monitor keeps watching while the county works on.
    await labelsInEveryState(w, "T-4");
    await checkpointNow(db);
    const newer = await verifyLog(localFetcher(db), { previous: older });
    expect(newer.ok).toBe(true);
    // The restore puts the log (and everything else) back as it was at the older checkpoint.
    await behindTheAppsBack(db, ["log_leaf", "log_node", "log_checkpoint"], async (trx) => {
      await trx.deleteFrom("log_leaf").where("idx", ">=", older.size).execute();
      await trx
        .deleteFrom("log_node")
        .where("idx", ">=", Math.floor(older.size / 256))
        .execute();
      await trx.deleteFrom("log_checkpoint").where("size", ">", older.size).execute();
    });
    expect(await monitor(db, newer.state!)).toMatch(/the log shrank: checkpoint \d+ after checkpoint \d+ was seen/);
    // Work goes on after the restore: the log grows past the size seen, but on another history.
    await labelsInEveryState(w, "T-5");
    await labelsInEveryState(w, "T-6");
    await checkpointNow(db);
    expect(await monitor(db, newer.state!)).toMatch(/is not consistent with checkpoint \d+ seen before/);
  });
});
