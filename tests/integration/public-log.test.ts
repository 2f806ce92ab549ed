import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leafHash } from "#app/log/hash.ts";
import { rootOf, StreamingTree } from "#app/log/merkle.ts";
import { decodeLeaf, type LabelOrderLeaf, type Leaf } from "#app/log/leaf.ts";
import { openNote, parseVerifierKey } from "#app/log/note.ts";
import { parseCheckpointText } from "#app/log/checkpoint.ts";
import { decodeEntryBundle } from "#app/log/tiles.ts";
import { logKeys } from "#app/log/keys.server.ts";
import { checkpointNow, servedCheckpoint } from "#app/log/publisher.server.ts";
import { LogInconsistent } from "#app/log/log.server.ts";
import { readTile } from "#app/log/public.server.ts";
import { consistency, labelProof, tlogProofText } from "#app/log/proof.server.ts";
import { verifyConsistency, verifyInclusion } from "#app/log/merkle.ts";
import { parseCode } from "#app/label-code/code.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeUser } from "#tests/support/factories.ts";
import { actOn, labelsInEveryState, type LabelWorld, markWithPrinter } from "#tests/support/label-factories.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-log-"));
process.env.LOG_ORIGIN = "gi.test/log";

let t: TestDatabase;
let w: LabelWorld;
beforeAll(async () => {
  t = await createTestDatabase();
  const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  const approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  const { mark, printerId, printer } = await markWithPrinter(t.db, "印务", { slug: "log-tea" });
  w = { db: t.db, raw: t.raw, markId: mark.id, printerId, regulator, approver, printer };
});
afterAll(async () => {
  await t?.drop();
});

async function leaves(): Promise<{ idx: number; kind: string; ref: string; leaf: Leaf; data: Buffer }[]> {
  const rows = await t.db.selectFrom("log_leaf").selectAll().orderBy("idx").execute();
  return rows.map((r) => ({
    idx: r.idx,
    kind: r.kind,
    ref: r.ref,
    data: Buffer.from(r.data),
    leaf: decodeLeaf(r.data)!,
  }));
}

describe("the public log records each public fact in the fact's own transaction", () => {
  let world: Awaited<ReturnType<typeof labelsInEveryState>>;
  beforeAll(async () => {
    world = await labelsInEveryState(w, "LOG-1");
  });

  it("has a leaf for the entry, the announcement, the issued order, printing, collection and voiding", async () => {
    const pending = await t.db.selectFrom("log_pending").selectAll().execute();
    expect(pending).toEqual([]);
    const all = await leaves();
    const types = all.map((l) => l.leaf.type);
    expect(types).toEqual([
      "gi.announcement",
      "gi.register.transition",
      "gi.label-order.issued",
      "gi.label-range",
      "gi.label-range",
      "gi.label-range",
    ]);
    const activation = all[1]!.leaf;
    expect(activation).toMatchObject({ action: "activate", to: "active", authorization: world.authorizationId });
    expect(
      all.filter((l) => l.leaf.type === "gi.label-range").map((l) => (l.leaf as { action: string }).action),
    ).toEqual(["print", "collect", "void"]);
    // Nothing personal: no names, phones or free text.
    const text = all.map((l) => l.data.toString("utf8")).join("\n");
    expect(text).not.toMatch(/13800000000|王|公告\b|符合/);
  });

  it("commits in the issued order's leaf to the root over its codes in serial order", async () => {
    const order = (await leaves()).find((l) => l.leaf.type === "gi.label-order.issued")!.leaf as LabelOrderLeaf;
    const codes = await t.db
      .selectFrom("label")
      .select("code")
      .where("order_id", "=", world.orderId)
      .orderBy("serial")
      .execute();
    const tree = new StreamingTree();
    for (const c of codes) tree.pushCode(c.code);
    expect(order.codesRoot).toBe(tree.root().toString("base64"));
    expect(order).toMatchObject({ count: 20, serialTo: order.serialFrom + 19 });
  });

  it("signs a checkpoint over all leaves that the published key verifies, and serves tiles and entries", async () => {
    const checkpoint = await checkpointNow(t.db);
    const all = await leaves();
    // The audit head joined at the checkpoint.
    expect(all.at(-1)!.leaf.type).toBe("gi.audit.head");
    expect(checkpoint.size).toBe(all.length);
    const note = (await servedCheckpoint(t.db))!;
    const opened = openNote(note, [parseVerifierKey(logKeys().verifier)]);
    const body = parseCheckpointText(opened.text);
    expect(body.origin).toBe("gi.test/log");
    expect(body.root.toString("hex")).toBe(rootOf(all.map((l) => leafHash(l.data))).toString("hex"));
    const tile = await readTile(t.db, `0/000.p/${all.length}`);
    expect(tile!.body.equals(Buffer.concat(all.map((l) => leafHash(l.data))))).toBe(true);
    expect(tile!.immutable).toBe(false);
    const bundle = await readTile(t.db, `entries/000.p/${all.length}`);
    expect(decodeEntryBundle(bundle!.body).map((e) => e.toString("hex"))).toEqual(
      all.map((l) => l.data.toString("hex")),
    );
    expect(await readTile(t.db, `0/000.p/${all.length + 1}`)).toBeNull();
    expect(await readTile(t.db, "0/001")).toBeNull();
    // Nothing new: the same checkpoint.
    expect((await checkpointNow(t.db)).size).toBe(checkpoint.size);
  });

  it("logs an exit with its reason code and effective date", async () => {
    await actOn(w, world.authorizationId, { action: "cancel", exitReason: "violation", comment: "违规（测试）" });
    const last = (await leaves()).at(-1)!.leaf;
    expect(last).toMatchObject({
      type: "gi.register.transition",
      action: "cancel",
      to: "cancelled",
      reason: "violation",
    });
    expect(JSON.stringify(last)).not.toContain("违规");
  });

  it("logs, before the next checkpoint, a fact written without the call (as the demo seed does)", async () => {
    const a = await t.db
      .selectFrom("authorization")
      .select("id")
      .where("id", "=", world.authorizationId)
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("authorization_event")
      .values({
        authorization_id: a.id,
        effective_on: "2026-01-05",
        action: "announce_exit",
        from_status: "cancelled",
        to_status: "cancelled",
      })
      .execute();
    expect(await t.db.selectFrom("log_pending").selectAll().execute()).toHaveLength(1);
    await checkpointNow(t.db);
    expect(await t.db.selectFrom("log_pending").selectAll().execute()).toEqual([]);
    expect(
      (await leaves()).some(
        (l) => l.leaf.type === "gi.register.transition" && (l.leaf as { action: string }).action === "announce_exit",
      ),
    ).toBe(true);
  });

  it("proves one label on its own: the code to its order's codesRoot, the order's entry to a signed checkpoint", async () => {
    const first = await checkpointNow(t.db);
    const code = world.codeAt(7);
    const page = await labelProof(t.db, code);
    if ("problem" in page) throw new Error(page.problem);
    const p = page.proof;
    const key = parseVerifierKey(logKeys().verifier);
    const { text } = openNote(p.checkpoint, [key]);
    const cp = parseCheckpointText(text);
    expect(cp.size).toBe(p.treeSize);
    const leaf = Buffer.from(p.leaf, "base64");
    const inclusion = p.inclusion.map((h) => Buffer.from(h, "base64"));
    expect(verifyInclusion(leafHash(leaf), p.leafIndex, p.treeSize, inclusion, cp.root)).toBe(true);
    const order = decodeLeaf(leaf) as LabelOrderLeaf;
    expect(order.codesRoot).toBe(p.batch.root);
    const codeBytes = (parseCode(code) as { bytes: Uint8Array }).bytes;
    const path = p.batch.path.map((h) => Buffer.from(h, "base64"));
    expect(p.batch.index).toBe(7);
    expect(verifyInclusion(leafHash(codeBytes), 7, p.batch.size, path, Buffer.from(p.batch.root, "base64"))).toBe(true);
    expect(verifyInclusion(leafHash(codeBytes), 8, p.batch.size, path, Buffer.from(p.batch.root, "base64"))).toBe(
      false,
    );
    expect(page.verified).toBe(true);
    expect(page.authorizedAtIssue.authorized).toBe(true);
    expect(page.register.map((r) => r.action)).toContain("activate");
    expect(tlogProofText(p)).toMatch(
      new RegExp(`^c2sp.org/tlog-proof@v1\nextra [A-Za-z0-9+/=]+\nindex ${p.leafIndex}\n`),
    );
    expect(await labelProof(t.db, "not-a-code")).toEqual({ problem: "invalid" });

    // A later checkpoint is consistent with this one, by the served proof.
    await labelsInEveryState(w, "LOG-3");
    const second = await checkpointNow(t.db);
    const proof = (await consistency(t.db, first.size, second.size)).map((h) => Buffer.from(h, "base64"));
    expect(verifyConsistency(first.size, second.size, first.root, second.root, proof)).toBe(true);
    await expect(consistency(t.db, second.size, second.size + 1)).rejects.toThrow();
  });

  it("refuses to change or delete a leaf, and refuses to sign once the stored tree was edited behind its back", async () => {
    await expect(sql`update log_leaf set kind = 'x' where idx = 0`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from log_leaf where idx = 0`.execute(t.db)).rejects.toThrow(/append-only/);
    await sql`alter table log_leaf disable trigger log_leaf_no_change`.execute(t.db);
    await sql`update log_leaf set hash = ${leafHash(Buffer.from("forged"))} where idx = 1`.execute(t.db);
    await sql`alter table log_leaf enable trigger log_leaf_no_change`.execute(t.db);
    await actOn(w, (await labelsInEveryState(w, "LOG-2")).authorizationId, { action: "suspend", comment: "测试" });
    await expect(checkpointNow(t.db)).rejects.toThrow(LogInconsistent);
  });
});
