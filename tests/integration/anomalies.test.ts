import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { actorWords } from "#app/audit/words.ts";
import { translator } from "#app/i18n/i18n.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acknowledgeAlert, findAlert, listAlerts, resolveAlert } from "#app/alert/alert-queue.server.ts";
import { checkOrderVolumes, processNewScans } from "#app/alert/anomalies.server.ts";
import { verifyAuditChain } from "#app/audit/audit.server.ts";
import { raiseDueFlags } from "#app/alert/flags.server.ts";
import { DomainError } from "#app/errors.ts";
import { encodeCode, parseCode } from "#app/label-code/code.ts";
import { decideOrder, orderLabels } from "#app/label/label-order.server.ts";
import { ScanLog } from "#app/verification/scan-log.server.ts";
import { scan } from "#app/verification/verification.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeUser } from "#tests/support/factories.ts";
import { activeUser, labelsInEveryState, type LabelWorld, markWithPrinter } from "#tests/support/label-factories.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-anomalies-"));

let t: TestDatabase;
let w: LabelWorld;
let log: ScanLog;
let elsewhere: SessionUser;
let admin: SessionUser;
const randomCode = () => encodeCode(crypto.getRandomValues(new Uint8Array(16)));
/** The subject of a code alert: the code's 16 bytes in hex. */
const hexOf = (code: string) => {
  const parsed = parseCode(code);
  if (!parsed.ok) throw new Error(`not a code: ${code}`);
  return Buffer.from(parsed.bytes).toString("hex");
};

beforeAll(async () => {
  t = await createTestDatabase();
  const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  const approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  elsewhere = await makeUser(t.db, "regulator", { divisionCode: "611026" });
  admin = await makeUser(t.db, "admin");
  const { mark, printerId, printer } = await markWithPrinter(t.db, "预警测试印务", { slug: "anomalies" });
  await t.db.updateTable("mark").set({ scan_warn_threshold: 3 }).where("id", "=", mark.id).execute();
  w = { db: t.db, raw: t.raw, markId: mark.id, printerId, regulator, approver, printer };
  log = new ScanLog(async () => t.db, { flushIntervalMs: 20 });
});
afterAll(async () => {
  await log?.close();
  await t?.drop();
});

const scanFrom = async (input: string, network: string) => {
  const answer = await scan(
    t.db,
    { input, channel: "page", network, userAgent: "vitest", viewToken: null },
    { log, raw: t.raw },
  );
  if (answer.kind !== "answer") throw new Error(`scan answered ${answer.kind}`);
  return answer.verdict;
};

describe("the anomaly job reads the scan log after the fact", () => {
  it("reads each scan once: a run takes the scans allocated before the previous run", async () => {
    const world = await labelsInEveryState(w, "AL-LAG");
    await scanFrom(world.codeAt(0), "10.9.1.0/24");
    await scanFrom(world.codeAt(1), "10.9.1.0/24");
    await log.flush();
    // The first run only notes how far the log had got; the next one reads those two scans.
    expect((await processNewScans(t.db)).scans).toBe(0);
    expect((await processNewScans(t.db)).scans).toBe(2);
    expect((await processNewScans(t.db)).scans).toBe(0);
    await scanFrom(world.codeAt(2), "10.9.1.0/24");
    await log.flush();
    expect((await processNewScans(t.db, { settle: true })).scans).toBe(1);
    expect((await processNewScans(t.db, { settle: true })).scans).toBe(0);
  });
});

describe("a scenario that raises every kind of alert exactly where expected", () => {
  it("finds each anomaly, nothing else, and resolving one is audited", async () => {
    const world = await labelsInEveryState(w, "AL-001");
    // A second order of the same user, approved (codes issued) but not yet printed.
    const unprinted = await orderLabels(t.db, world.member, {
      authorizationId: world.authorizationId,
      quantity: 5,
      template: "方形",
      intendedProducts: "茶",
      printerId: w.printerId,
    });
    await decideOrder(t.db, w.regulator, unprinted.id, { approve: true, version: unprinted.version }, { raw: t.raw });
    const leaked = encodeCode(
      new Uint8Array(
        (
          await t.db
            .selectFrom("label")
            .select("code")
            .where("order_id", "=", unprinted.id)
            .orderBy("serial")
            .executeTakeFirstOrThrow()
        ).code,
      ),
    );

    // Over the threshold (3): one code checked four times from one shop's network.
    for (let i = 0; i < 4; i++) await scanFrom(world.codeAt(0), "10.1.1.0/24");
    // Far apart within minutes: different /16 networks. Same /16, or IPv4 against IPv6, is not.
    await scanFrom(world.codeAt(1), "10.20.1.0/24");
    await scanFrom(world.codeAt(1), "172.16.5.0/24");
    await scanFrom(world.codeAt(2), "10.30.1.0/24");
    await scanFrom(world.codeAt(2), "10.30.7.0/24");
    await scanFrom(world.codeAt(3), "10.40.1.0/24");
    await scanFrom(world.codeAt(3), "2001:db8:1::/48");
    // A voided label and a label never collected onto a product.
    expect(await scanFrom(world.codeAt(10), "10.50.1.0/24")).toBe("voided");
    expect(await scanFrom(world.codeAt(15), "10.51.1.0/24")).toBe("not_activated");
    // A code from an order the printer has not printed yet: the code file leaked.
    expect(await scanFrom(leaked, "10.52.1.0/24")).toBe("not_activated");
    // Ten unknown codes from one network is a burst; nine from another is not.
    await Promise.all(Array.from({ length: 10 }, () => scanFrom(randomCode(), "203.0.113.0/24")));
    await Promise.all(Array.from({ length: 9 }, () => scanFrom(randomCode(), "198.51.100.0/24")));
    await log.flush();

    // Admitted in 2023 and nothing collected since: exit review.
    const idle = await activeUser(w);
    await t.db
      .updateTable("authorization")
      .set({ active_from: "2023-01-01" })
      .where("id", "=", idle.authorizationId)
      .execute();
    // Declared 100 packages a year; ordering 500 labels is far above, 150 is not.
    const greedy = await activeUser(w);
    const modest = await activeUser(w);
    await t.db
      .updateTable("authorization")
      .set({ annual_output: "100 件" })
      .where("id", "in", [greedy.authorizationId, modest.authorizationId])
      .execute();
    await orderLabels(t.db, greedy.member, {
      authorizationId: greedy.authorizationId,
      quantity: 500,
      template: "方形",
      intendedProducts: "茶",
      printerId: w.printerId,
    });
    await orderLabels(t.db, modest.member, {
      authorizationId: modest.authorizationId,
      quantity: 150,
      template: "方形",
      intendedProducts: "茶",
      printerId: w.printerId,
    });

    await processNewScans(t.db, { settle: true });
    await raiseDueFlags(t.db);
    await checkOrderVolumes(t.db);

    const code = hexOf;
    const expected = [
      `scan_threshold ${code(world.codeAt(0))}`,
      `distant_scans ${code(world.codeAt(1))}`,
      `inactive_label_scan ${code(world.codeAt(10))}`,
      `inactive_label_scan ${code(world.codeAt(15))}`,
      `scan_before_print ${code(leaked)}`,
      `not_found_burst 203.0.113.0/24`,
      `unused_24_months ${idle.authorizationId}`,
      `order_above_output ${greedy.authorizationId}:${new Date().getFullYear()}`,
    ].sort();
    const open = await listAlerts(t.db, admin, { state: "all" });
    expect(open.map((a) => `${a.kind} ${a.subject ?? a.authorization_id}`).sort()).toEqual(expected);

    const byKind = (kind: string) => open.find((a) => a.kind === kind)!;
    expect(byKind("scan_threshold")).toMatchObject({
      occurrences: 4,
      authorization_id: world.authorizationId,
      subject_label: world.codeAt(0),
    });
    expect(byKind("distant_scans").detail).toEqual({ networks: ["10.20.1.0/24", "172.16.5.0/24"] });
    expect(byKind("not_found_burst")).toMatchObject({ occurrences: 10, division_code: null });
    expect(byKind("order_above_output").detail).toMatchObject({ ordered: 500, capacity: 100 });

    // Reading the log again changes nothing; new evidence is added to the open alert, not a new one.
    expect((await processNewScans(t.db, { settle: true })).raised).toBe(0);
    await scanFrom(world.codeAt(10), "10.50.1.0/24");
    await log.flush();
    expect((await processNewScans(t.db, { settle: true })).raised).toBe(0);
    expect(
      (await listAlerts(t.db, admin, { state: "all", kind: "inactive_label_scan" })).find(
        (a) => a.subject === code(world.codeAt(10)),
      )?.occurrences,
    ).toBe(2);
    expect(await checkOrderVolumes(t.db)).toBe(0);

    // Each regulator sees their own county's alerts and the ones nobody's division owns.
    expect((await listAlerts(t.db, w.regulator, { state: "all" })).length).toBe(expected.length);
    expect((await listAlerts(t.db, elsewhere, { state: "all" })).map((a) => a.kind)).toEqual(["not_found_burst"]);
    const threshold = byKind("scan_threshold");
    expect(await findAlert(t.db, elsewhere, threshold.id)).toBeUndefined();
    await expect(resolveAlert(t.db, elsewhere, threshold.id, "不归我管")).rejects.toMatchObject({ key: "form.stale" });

    // The evidence: the four scans behind the alert and the label they read.
    const evidence = await findAlert(t.db, w.regulator, threshold.id);
    expect(evidence?.scans).toHaveLength(4);
    expect(evidence?.label).toMatchObject({ status: "collected", order_id: world.orderId });

    await acknowledgeAlert(t.db, w.regulator, threshold.id);
    await expect(acknowledgeAlert(t.db, w.regulator, threshold.id)).rejects.toBeInstanceOf(DomainError);
    await expect(resolveAlert(t.db, w.regulator, threshold.id, "")).rejects.toMatchObject({ key: "form.required" });
    await resolveAlert(t.db, w.regulator, threshold.id, "经核查系同一门店多次展示查询");
    await expect(resolveAlert(t.db, w.regulator, threshold.id, "again")).rejects.toMatchObject({ key: "form.stale" });
    const history = (await findAlert(t.db, w.regulator, threshold.id))!.history.map((h) => [h.action, h.actor_label]);
    expect(history.map(([action]) => action)).toEqual(["flag.raise", "flag.acknowledge", "flag.resolve"]);
    expect(history[0]![1]).toBe("anomaly detection");
    // The desk names who acted by the office's display name, not the login name.
    await t.db
      .updateTable("app_user")
      .set({ display_name: "安化县市场监管局（测试）" })
      .where("id", "=", w.regulator.id)
      .execute();
    const acted = (await findAlert(t.db, w.regulator, threshold.id))!.history[1]!;
    expect(actorWords(acted.actor_label, translator("zh-CN"), acted.actor_name)).toBe(
      "安化县市场监管局（测试）（监管人员）",
    );
    expect((await listAlerts(t.db, w.regulator, { state: "resolved" })).map((a) => a.id)).toEqual([threshold.id]);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});

describe("link previews in the scan log", () => {
  it("stay out of the daily figures and the label alerts, but a crawler guessing codes still raises a burst", async () => {
    const world = await labelsInEveryState(w, "AL-PREVIEW");
    await processNewScans(t.db, { settle: true });
    const daily = async () =>
      Number(
        (
          await t.db
            .selectFrom("scan_daily")
            .select((eb) => eb.fn.sum<number>("scans").as("n"))
            .where("mark_id", "=", w.markId)
            .executeTakeFirstOrThrow()
        ).n ?? 0,
      );
    const before = await daily();
    const previewFrom = (input: string, network: string) =>
      scan(
        t.db,
        { input, channel: "page", network, userAgent: "WhatsApp/2.23", preview: true, viewToken: null },
        { log, raw: t.raw },
      );
    // A link shared in many chats: fetched from far-apart networks, more often than the threshold (3).
    for (const network of ["10.71.1.0/24", "172.20.1.0/24", "192.0.2.0/24", "10.72.1.0/24", "2001:db8:7::/48"])
      await previewFrom(world.codeAt(0), network);
    // A voided label's link, previewed.
    await previewFrom(world.codeAt(10), "10.73.1.0/24");
    // One consumer check, and a crawler walking unknown codes.
    expect(await scanFrom(world.codeAt(0), "10.74.1.0/24")).toBe("genuine");
    for (let i = 0; i < 12; i++) await previewFrom(randomCode(), "100.64.9.0/24");
    await log.flush();
    await processNewScans(t.db, { settle: true });

    expect(await daily()).toBe(before + 1);
    const raised = await t.db
      .selectFrom("flag")
      .select(["kind", "subject"])
      .where("subject", "in", [hexOf(world.codeAt(0)), hexOf(world.codeAt(10)), "100.64.9.0/24"])
      .execute();
    expect(raised).toEqual([{ kind: "not_found_burst", subject: "100.64.9.0/24" }]);
    // The burst's evidence lists the crawler's lookups, with their channel.
    const burst = (await listAlerts(t.db, admin, { state: "all", kind: "not_found_burst" })).find(
      (a) => a.subject === "100.64.9.0/24",
    )!;
    const evidence = await findAlert(t.db, admin, burst.id);
    expect(evidence?.scans.map((s) => s.channel)).toEqual(Array(12).fill("preview"));
  });
});
