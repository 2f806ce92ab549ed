import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeCode } from "#app/label-code/code.ts";
import { decideOrder, orderLabels } from "#app/label/label-order.server.ts";
import { recordPrinting } from "#app/label/printing.server.ts";
import { ScanLog } from "#app/verification/scan-log.server.ts";
import { scan, type ScanAnswer } from "#app/verification/verification.server.ts";
import { renderVerdictPage } from "#app/verification/verdict-page.server.ts";
import { verdictJson } from "#app/verification/http.server.ts";
import { saveMark } from "#app/mark/mark-admin.server.ts";
import { markSchema } from "#app/mark/mark-form.ts";
import { parseForm } from "#app/forms/form.ts";
import { DomainError } from "#app/errors.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeUser } from "#tests/support/factories.ts";

import {
  actOn,
  activeUser,
  labelsInEveryState,
  type LabelWorld,
  markWithPrinter,
} from "#tests/support/label-factories.ts";

// Issue 14, items 11–12: the dated facts a consumer needs, from the scan's one lookup.
process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-verdict-facts-"));

let t: TestDatabase;
let w: LabelWorld;
let log: ScanLog;
let net = 0;
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

type Answer = Extract<ScanAnswer, { kind: "answer" }>;
async function scanOf(code: string): Promise<Answer> {
  const a = await scan(
    t.db,
    { input: code, channel: "page", network: `10.9.${++net}.0/24`, userAgent: "vitest" },
    { log, raw: t.raw },
  );
  if (a.kind !== "answer") throw new Error(`expected an answer, got ${a.kind}`);
  return a;
}
/** The page's visible text, tags dropped, in one language. */
const pageText = (a: Answer, lang: "zh-CN" | "en" = "zh-CN") =>
  renderVerdictPage(a, { lang, nonce: "n", input: a.code ?? "", host: "gi.test" })
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

beforeAll(async () => {
  t = await createTestDatabase();
  const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  const approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  const { mark, printerId, printer } = await markWithPrinter(t.db, "事实测试印务", { slug: "facts" });
  w = { db: t.db, raw: t.raw, markId: mark.id, printerId, regulator, approver, printer };
  log = new ScanLog(async () => t.db, { flushIntervalMs: 50 });
});
afterAll(async () => {
  await log?.close();
  await t?.drop();
});

describe("verdict facts", () => {
  it("dates a collection and a void, and gives the void's reason", async () => {
    const world = await labelsInEveryState(w, "VF-001");
    const genuine = await scanOf(world.codeAt(0));
    expect(genuine.verdict).toBe("genuine");
    expect(genuine.facts).toMatchObject({ labelStatus: "collected", labelChangedOn: today(), voidReason: null });
    expect(pageText(genuine)).toContain(`该标签于 ${today()} 领用到下列产品批次上`);
    expect(pageText(genuine)).toContain(`领用日期（贴标到产品批次） ${today()}`);
    expect(pageText(genuine, "en")).toContain(`collected onto the product batch below on ${today()}`);

    const voided = await scanOf(world.codeAt(10));
    expect(voided.verdict).toBe("voided");
    expect(voided.facts).toMatchObject({ labelStatus: "voided", labelChangedOn: today(), voidReason: "damaged" });
    expect(pageText(voided)).toContain(`该标签于 ${today()} 被使用人作废，原因：损坏`);
    expect(pageText(voided, "en")).toContain(`voided by its user on ${today()} (reason: Damaged)`);
  });

  it("tells a label spoiled at the printer, and never calls an unprinted label printed", async () => {
    const user = await activeUser(w);
    const order = await orderLabels(w.db, user.member, {
      authorizationId: user.authorizationId,
      quantity: 4,
      template: "方形",
      intendedProducts: "茶",
      printerId: w.printerId,
    });
    const issued = await decideOrder(
      w.db,
      w.regulator,
      order.id,
      { approve: true, version: order.version },
      { raw: w.raw },
    );
    const codeAt = async (serial: number) =>
      encodeCode(
        new Uint8Array(
          (
            await w.db
              .selectFrom("label")
              .select("code")
              .where("order_id", "=", order.id)
              .where("serial", "=", serial)
              .executeTakeFirstOrThrow()
          ).code,
        ),
      );
    const unprinted = await scanOf(await codeAt(issued.serial_from!));
    expect(unprinted.verdict).toBe("not_activated");
    expect(unprinted.facts?.labelStatus).toBe("issued");
    expect(pageText(unprinted)).toContain("标签尚未印制交付");
    expect(pageText(unprinted)).not.toContain("已印制");
    expect(pageText(unprinted, "en")).not.toMatch(/was printed/);

    await recordPrinting(w.db, w.printer, order.id, {
      printed: 3,
      spoiledSerials: [issued.serial_from! + 3],
      version: issued.version,
    });
    const spoiled = await scanOf(await codeAt(issued.serial_from! + 3));
    expect(spoiled.verdict).toBe("voided");
    expect(spoiled.facts).toMatchObject({ labelStatus: "spoiled", voidReason: "misprinted", labelChangedOn: today() });
    expect(pageText(spoiled)).toContain(`该标签于 ${today()} 在印制时报废（印刷错误）`);
    expect(pageText(spoiled, "en")).toContain(`spoiled at the printer on ${today()} (Misprinted)`);
    const printed = await scanOf(await codeAt(issued.serial_from!));
    expect(pageText(printed)).toContain("该标签已印制");
  });

  it("says since when a user is suspended and what that means for products made before", async () => {
    const world = await labelsInEveryState(w, "VF-002");
    await actOn(w, world.authorizationId, { action: "suspend", comment: "抽检不合格" });
    const suspended = await scanOf(world.codeAt(1));
    expect(suspended.verdict).toBe("suspended_user");
    expect(suspended.facts).toMatchObject({ suspendedOn: today(), productionDate: "2026-11-01" });
    const zh = pageText(suspended);
    expect(zh).toContain(`该使用人自 ${today()} 起被暂停使用专用标志`);
    expect(zh).toContain("本产品的生产日期（2026-11-01）早于暂停日期");
    expect(pageText(suspended, "en")).toContain(`suspended from using the special mark since ${today()}`);
    // The JSON answer carries the same facts for platforms.
    expect(verdictJson(suspended)).toMatchObject({
      authorization: { status: "suspended", suspendedOn: today() },
      label: { status: "collected", changedOn: today(), voidReason: null },
    });
    // A product dated on or after the suspension day is told apart.
    const later = { ...suspended, facts: { ...suspended.facts!, productionDate: today() } };
    expect(pageText(later)).toContain(`本产品的生产日期（${today()}）在暂停之后`);

    // Restored: the suspension date is no longer a fact of the label.
    await actOn(w, world.authorizationId, { action: "restore", comment: "整改完成" });
    expect((await scanOf(world.codeAt(1))).facts?.suspendedOn).toBeNull();
  });

  it("names the operator, the mark's supervising authority and its hotline, from the same lookup", async () => {
    const world = await labelsInEveryState(w, "VF-003");
    const before = await scanOf(world.codeAt(0));
    expect(before.facts).toMatchObject({ supervisingAuthority: null, hotline: null });
    expect(pageText(before)).toContain("12315（全国市场监管投诉举报热线）");
    expect(pageText(before)).toContain(`${before.facts!.markDivisionName}市场监督管理部门`);

    await w.db
      .updateTable("mark")
      .set({ supervising_authority: "安化县市场监督管理局", hotline: "0737-7220000" })
      .where("id", "=", w.markId)
      .execute();
    const after = await scanOf(world.codeAt(0));
    const zh = pageText(after);
    expect(zh).toContain("运营单位");
    expect(zh).toContain("本标志的监管部门 安化县市场监督管理局");
    expect(zh).toContain("监管部门电话 0737-7220000");
    expect(zh).toContain("本平台的查询页只在 http://gi.test/v/ 下");
    expect(renderVerdictPage(after, { lang: "en", nonce: "n", input: "", host: "gi.test" })).toContain(
      'href="tel:07377220000"',
    );
    expect(pageText(after, "en")).toContain("Authority supervising this mark 安化县市场监督管理局");

    // A code nobody issued still names who runs the page.
    const unknown = await scanOf(encodeCode(crypto.getRandomValues(new Uint8Array(16))));
    expect(unknown.verdict).toBe("not_found");
    expect(pageText(unknown)).toContain("谁提供这个查询页");
  });

  it("the authority and hotline are mark settings: set by whoever manages the mark, audited, a bad number refused", async () => {
    const fields = {
      slug: "facts-settings",
      name: "事实柑橘",
      kind: "regional_brand",
      divisionCode: "430923",
      approvingLevel: "county",
      supervisingAuthority: "安化县市场监督管理局",
      hotline: "０７３７－７２２００００",
    };
    const form = (over: Record<string, string>) => {
      const data = new FormData();
      for (const [k, v] of Object.entries({ ...fields, ...over })) data.set(k, v);
      return parseForm(data, markSchema);
    };
    const refused = form({ hotline: "call 12315" });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.fieldErrors.hotline).toMatchObject({ key: "mark.hotlineInvalid" });
    const parsed = form({});
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.fieldErrors));
    // Full-width digits typed on a Chinese keyboard are read as digits.
    expect(parsed.data.hotline).toBe("0737-7220000");

    const anhua = await makeUser(t.db, "regulator", { divisionCode: "430923" });
    const zhashui = await makeUser(t.db, "regulator", { divisionCode: "611026" });
    const saved = await saveMark(t.db, anhua, { ...parsed.data, printerIds: [] });
    await saveMark(t.db, anhua, { ...parsed.data, hotline: "0737-7221111", printerIds: [] }, saved.slug);
    const audit = await t.db
      .selectFrom("audit_entry")
      .select(["action", "before", "after"])
      .where("entity_id", "=", saved.id)
      .where("action", "=", "mark.update")
      .executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ hotline: "0737-7220000", supervising_authority: "安化县市场监督管理局" });
    expect(audit.after).toMatchObject({ hotline: "0737-7221111" });
    const foreign = await saveMark(t.db, zhashui, { ...parsed.data, hotline: "110", printerIds: [] }, saved.slug).catch(
      (e: unknown) => e,
    );
    expect(foreign).toBeInstanceOf(DomainError);
    const mark = await t.db.selectFrom("mark").select("hotline").where("id", "=", saved.id).executeTakeFirstOrThrow();
    expect(mark.hotline).toBe("0737-7221111");
  });
});
