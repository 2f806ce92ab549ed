import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { verifyAuditChain } from "#app/audit/audit.server.ts";
import { recordFinding } from "#app/inspection/finding.server.ts";
import { campaignDetail, createCampaign, listCampaigns } from "#app/inspection/inspection.server.ts";
import { drawDueCampaigns, redraw } from "#app/inspection/campaign-draw.server.ts";
import { checkpointNow } from "#app/log/publisher.server.ts";
import { compareWithDatabase } from "#app/log/against-db.server.ts";
import { decodeLeaf } from "#app/log/leaf.ts";
import { jsonb } from "#db/json.ts";
import { draw } from "#app/inspection/draw.server.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeUser } from "#tests/support/factories.ts";
import { activeUser, type LabelWorld, markWithPrinter } from "#tests/support/label-factories.ts";
import { makeMark } from "#tests/support/register-factories.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-inspections-"));
process.env.LOG_ORIGIN = "gi.test/inspections";

let t: TestDatabase;
let w: LabelWorld;
let inspectors: SessionUser[];
let outsider: SessionUser;
const users: { authorizationId: string }[] = [];
const nextWeek = () => new Date(Date.parse(`${shanghaiDate()}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestDatabase();
  const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  const approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  inspectors = [
    regulator,
    approver,
    await makeUser(t.db, "regulator", { divisionCode: "430923" }),
    await makeUser(t.db, "regulator", { divisionCode: "430923" }),
  ];
  outsider = await makeUser(t.db, "regulator", { divisionCode: "611026" });
  const { mark, printerId, printer } = await markWithPrinter(t.db, "抽查测试印务", { slug: "inspected" });
  w = { db: t.db, raw: t.raw, markId: mark.id, printerId, regulator, approver, printer };
  for (let i = 0; i < 12; i++) users.push(await activeUser(w));
});
afterAll(async () => {
  await t?.drop();
});

const announce = () =>
  createCampaign(t.db, w.regulator, {
    title: "2026 年安化地理标志专用标志使用双随机抽查",
    markIds: [w.markId],
    sampleKind: "ratio",
    sampleValue: "25",
    inspectorIds: inspectors.map((i) => i.id),
    inspectorsPerTarget: 2,
  });

/** Announced, then drawn from the next signed checkpoint, as the publisher's hook does it. */
const campaign = async () => {
  const created = await announce();
  await checkpointNow(t.db);
  await drawDueCampaigns(t.db);
  return created;
};

it("announces first; the first checkpoint containing the announcement seeds the draw, and anyone re-runs it", async () => {
  // A checkpoint signed before the announcement cannot seed it.
  const before = await checkpointNow(t.db);
  const created = await announce();
  const announced = (await campaignDetail(t.db, created.id))!;
  expect(announced.inspection).toMatchObject({ seed: null, drawn_at: null });
  expect(announced.targets).toEqual([]);
  expect(announced.inspection.announce_leaf).toBeGreaterThanOrEqual(before.size);
  expect(redraw(announced)).toBeNull();
  expect(await drawDueCampaigns(t.db)).toBe(0);

  // The announcement is a public leaf: the candidates (by hash), the pool and the sample are fixed.
  const leaf = JSON.parse(
    Buffer.from(
      (
        await t.db
          .selectFrom("log_leaf")
          .select("data")
          .where("kind", "=", "inspection_announce")
          .where("ref", "=", created.id)
          .executeTakeFirstOrThrow()
      ).data,
    ).toString("utf8"),
  );
  expect(leaf).toMatchObject({
    type: "gi.inspection.announce",
    number: announced.inspection.number,
    populationCount: 12,
    pool: [...inspectors.map((i) => i.id)].sort(),
    sample: { ratio: "0.25" },
    seedFrom: "first-checkpoint-containing-this-leaf",
  });

  const seeding = await checkpointNow(t.db);
  expect(seeding.size).toBeGreaterThan(announced.inspection.announce_leaf!);
  expect(await drawDueCampaigns(t.db)).toBe(1);
  // Drawn once: a second run (another process, the next tick) changes nothing.
  expect(await drawDueCampaigns(t.db)).toBe(0);

  const detail = (await campaignDetail(t.db, created.id))!;
  // The seed is the checkpoint's root as its signed note prints it, and the page shows that note.
  expect(detail.inspection.seed).toBe(seeding.root.toString("base64"));
  expect(detail.inspection.seed_checkpoint_size).toBe(seeding.size);
  expect(detail.inspection.seed_checkpoint).toBe(seeding.note);
  expect(seeding.note.split("\n")[2]).toBe(detail.inspection.seed);
  expect(detail.inspection.population).toHaveLength(12);
  // 25% of 12, rounded up.
  expect(detail.targets).toHaveLength(3);
  expect(detail.targets.every((target) => target.inspectors.length === 2)).toBe(true);
  expect(detail.inspection.assignment).toBe("balanced");
  expect(redraw(detail)).toMatchObject({ matches: true });
  // Re-run by hand from the published checkpoint and inputs, with the candidates in another order.
  const again = draw(
    seeding.note.split("\n")[2]!,
    [...detail.inspection.population].reverse(),
    detail.inspection.pool,
    3,
    2,
  );
  expect(again.targets).toEqual(
    detail.targets.map((target) => ({
      authorizationId: target.authorization_id,
      inspectorIds: target.inspectors.map((i) => i.user_id),
    })),
  );

  // The draw is logged too, naming the checkpoint that seeded it.
  const drawLeaf = JSON.parse(
    Buffer.from(
      (
        await t.db
          .selectFrom("log_leaf")
          .select("data")
          .where("kind", "=", "inspection")
          .where("ref", "=", created.id)
          .executeTakeFirstOrThrow()
      ).data,
    ).toString("utf8"),
  );
  expect(drawLeaf).toMatchObject({
    type: "gi.inspection.draw",
    seed: seeding.root.toString("base64"),
    seedCheckpoint: { origin: seeding.note.split("\n")[0], size: seeding.size, root: seeding.root.toString("base64") },
    sampleSize: 3,
  });
  expect(
    await t.db.selectFrom("audit_entry").select("action").where("entity_id", "=", created.id).orderBy("seq").execute(),
  ).toEqual([{ action: "inspection.create" }, { action: "inspection.draw" }]);
});

it("a stored draw that was tampered with no longer matches its seed", async () => {
  const created = await campaign();
  const detail = (await campaignDetail(t.db, created.id))!;
  const [first, second] = detail.targets;
  await t.db.updateTable("inspection_target").set({ position: 99 }).where("id", "=", first!.id).execute();
  await t.db.updateTable("inspection_target").set({ position: first!.position }).where("id", "=", second!.id).execute();
  await t.db.updateTable("inspection_target").set({ position: second!.position }).where("id", "=", first!.id).execute();
  expect(redraw((await campaignDetail(t.db, created.id))!)?.matches).toBe(false);
  // Put it back, so the log's monitor (below) sees an honest database again.
  await t.db.updateTable("inspection_target").set({ position: 99 }).where("id", "=", first!.id).execute();
  await t.db
    .updateTable("inspection_target")
    .set({ position: second!.position })
    .where("id", "=", second!.id)
    .execute();
  await t.db.updateTable("inspection_target").set({ position: first!.position }).where("id", "=", first!.id).execute();
  expect(redraw((await campaignDetail(t.db, created.id))!)?.matches).toBe(true);
});

it("a failed inspection moves the authorization into rectification and appears on the public results", async () => {
  const created = await campaign();
  const detail = (await campaignDetail(t.db, created.id))!;
  const [failing, passing] = detail.targets;
  const assigned = inspectors.find((i) => i.id === failing!.inspectors[0]!.user_id)!;
  const notAssigned = inspectors.find((i) => !failing!.inspectors.some((x) => x.user_id === i.id))!;
  const finding = {
    targetId: failing!.id,
    result: "non_conforming" as const,
    failedItems: ["label_use" as const, "label_records" as const],
    note: "包装上专用标志比例不符，领用记录缺 3 月",
    inspectedOn: shanghaiDate(),
    rectifyDeadline: nextWeek(),
  };

  // Only an inspector assigned to this target may record it; another county's regulator cannot either.
  await expect(recordFinding(t.db, notAssigned, finding)).rejects.toMatchObject({ key: "error.notFound.text" });
  await expect(recordFinding(t.db, outsider, finding)).rejects.toMatchObject({ key: "error.notFound.text" });
  await expect(recordFinding(t.db, assigned, { ...finding, inspectedOn: "2020-01-01" })).rejects.toMatchObject({
    key: "inspection.inspectedOnRange",
  });

  expect(await recordFinding(t.db, assigned, finding)).toEqual({ rectification: true });
  // The second inspector of the same target clicking too late changes nothing.
  const other = inspectors.find((i) => i.id === failing!.inspectors[1]!.user_id)!;
  await expect(recordFinding(t.db, other, { ...finding, result: "conforming", failedItems: [] })).rejects.toMatchObject(
    { key: "inspection.alreadyRecorded" },
  );

  const authorization = await t.db
    .selectFrom("authorization")
    .select(["status", "rectify_deadline"])
    .where("id", "=", failing!.authorization_id)
    .executeTakeFirstOrThrow();
  expect(authorization).toEqual({ status: "rectifying", rectify_deadline: finding.rectifyDeadline });
  const event = await t.db
    .selectFrom("authorization_event")
    .select(["action", "comment", "document_ref"])
    .where("authorization_id", "=", failing!.authorization_id)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  expect(event).toMatchObject({ action: "order_rectification", document_ref: detail.inspection.number });
  expect(event.comment).toContain("专用标志使用规范");

  const passer = inspectors.find((i) => i.id === passing!.inspectors[0]!.user_id)!;
  expect(
    await recordFinding(t.db, passer, {
      targetId: passing!.id,
      result: "conforming",
      failedItems: [],
      inspectedOn: shanghaiDate(),
    }),
  ).toEqual({ rectification: false });

  const published = (await campaignDetail(t.db, created.id))!;
  expect(published.targets.find((x) => x.id === failing!.id)).toMatchObject({
    result: "non_conforming",
    failed_items: ["label_use", "label_records"],
    rectify_deadline: finding.rectifyDeadline,
    authorization_status: "rectifying",
  });
  expect(published.targets.find((x) => x.id === passing!.id)?.result).toBe("conforming");
  expect((await listCampaigns(t.db)).find((c) => c.id === created.id)).toMatchObject({
    targets: 3,
    inspected: 2,
    failed: 1,
  });

  const audit = await t.db
    .selectFrom("audit_entry")
    .select("action")
    .where("entity_id", "in", [failing!.id, failing!.authorization_id, created.id])
    .orderBy("seq")
    .execute();
  expect(audit.map((a) => a.action)).toEqual([
    "authorization.submit",
    "authorization.accept",
    "authorization.review",
    "authorization.approve",
    "authorization.activate",
    "inspection.create",
    "inspection.draw",
    "authorization.order_rectification",
    "inspection.finding",
  ]);
  expect((await verifyAuditChain(t.db)).ok).toBe(true);
});

it("refuses what cannot be drawn: marks outside the division, inspectors of another county, a pool too small", async () => {
  const foreign = await makeMark(t.db, { slug: "foreign-mark", county: "611026" });
  await expect(
    createCampaign(t.db, w.regulator, {
      title: "x",
      markIds: [foreign.id],
      sampleKind: "size",
      sampleValue: "1",
      inspectorIds: [w.regulator.id],
      inspectorsPerTarget: 1,
    }),
  ).rejects.toMatchObject({ key: "inspection.marksRequired" });
  await expect(
    createCampaign(t.db, w.regulator, {
      title: "x",
      markIds: [w.markId],
      sampleKind: "size",
      sampleValue: "1",
      inspectorIds: [outsider.id],
      inspectorsPerTarget: 1,
    }),
  ).rejects.toMatchObject({ key: "inspection.poolRequired" });
  await expect(
    createCampaign(t.db, w.regulator, {
      title: "x",
      markIds: [w.markId],
      sampleKind: "size",
      sampleValue: "1",
      inspectorIds: [w.regulator.id],
      inspectorsPerTarget: 2,
    }),
  ).rejects.toMatchObject({ key: "inspection.poolTooSmall" });
  await expect(
    createCampaign(t.db, outsider, {
      title: "x",
      markIds: [foreign.id],
      sampleKind: "size",
      sampleValue: "1",
      inspectorIds: [outsider.id],
      inspectorsPerTarget: 1,
    }),
  ).rejects.toMatchObject({ key: "inspection.noCandidates" });
});

it("a double click on “announce” announces once", async () => {
  const submissionKey = crypto.randomUUID();
  const input = {
    title: "双击测试",
    markIds: [w.markId],
    sampleKind: "size" as const,
    sampleValue: "2",
    inspectorIds: [w.regulator.id],
    inspectorsPerTarget: 1,
    submissionKey,
  };
  const [a, b] = await Promise.all([
    createCampaign(t.db, w.regulator, input),
    createCampaign(t.db, w.regulator, input),
  ]);
  expect(a.id).toBe(b.id);
  expect((await createCampaign(t.db, w.regulator, input)).id).toBe(a.id);
  const drawn = await t.db.selectFrom("inspection").select("id").where("title", "=", "双击测试").execute();
  expect(drawn).toHaveLength(1);
  expect(
    await t.db
      .selectFrom("audit_entry")
      .select("seq")
      .where("entity_id", "=", a.id)
      .where("action", "=", "inspection.create")
      .execute(),
  ).toHaveLength(1);
});

it("the monitor names a campaign whose candidates or draw were changed behind the app's back", async () => {
  const created = await campaign();
  const logged = async () => {
    const rows = await t.db.selectFrom("log_leaf").select(["idx", "data"]).orderBy("idx").execute();
    return rows.map((r) => ({ index: r.idx, data: Buffer.from(r.data), leaf: decodeLeaf(r.data)! }));
  };
  const entries = await logged();
  const size = entries.length;
  expect(await compareWithDatabase(t.db, entries, size)).toBeNull();
  const { number, population } = (await campaignDetail(t.db, created.id))!.inspection;
  // Someone with the database drops a candidate after the announcement.
  await t.db
    .updateTable("inspection")
    .set({ population: jsonb(population.slice(1)) })
    .where("id", "=", created.id)
    .execute();
  expect(await compareWithDatabase(t.db, entries, size)).toMatch(
    new RegExp(`announcement of inspection ${number} was changed in the database: populationCount is now 11`),
  );
});

it("the public re-check also proves the seed: the cited checkpoint's root, and the first to contain the announcement", async () => {
  const created = await campaign();
  const drawn = (await campaignDetail(t.db, created.id))!;
  expect(redraw(drawn)).toMatchObject({ matches: true, seedOk: true });
  // Someone with the database re-seeds the campaign from a later checkpoint and redraws to suit.
  await announce();
  const later = await checkpointNow(t.db);
  const seed = later.root.toString("base64");
  await t.db
    .updateTable("inspection")
    .set({ seed, seed_checkpoint_size: later.size })
    .where("id", "=", created.id)
    .execute();
  const rewritten = (await campaignDetail(t.db, created.id))!;
  // Even with targets that follow from the new seed, the check fails: it was not the first checkpoint.
  const redrawn = redraw(rewritten)!;
  expect(redrawn).toMatchObject({ matches: false, seedOk: false });
});
