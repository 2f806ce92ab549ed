import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "#app/errors.ts";
import { translator } from "#app/i18n/i18n.ts";
import { formatSerial } from "#app/label-code/code.ts";
import { LISTED_RUNS } from "#app/label/blockers.server.ts";
import { confirmReceipt } from "#app/label/receipt.server.ts";
import { decideOrder, orderLabels } from "#app/label/label-order.server.ts";
import { recordPrinting } from "#app/label/printing.server.ts";
import { collectLabels } from "#app/label/collection.server.ts";
import { createBatch } from "#app/label/product-batch.server.ts";
import { reconcileOrder } from "#app/label/reconciliation.server.ts";
import { voidLabels } from "#app/label/voiding.server.ts";
import type { FieldMessage } from "#app/forms/form.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeUser } from "#tests/support/factories.ts";
import { activeUser, type LabelWorld, markWithPrinter } from "#tests/support/label-factories.ts";

// Issue 14, item 14: a range holding spoiled, voided or collected serials was refused as
// "已领用或作废" whatever they were. The refusal now names each blocking serial's true state, and
// the user may choose to collect the usable labels of the range, told what was skipped.
process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-collection-skips-"));

let t: TestDatabase;
let w: LabelWorld;
let mark: { serial_prefix: string | null; slug: string };
beforeAll(async () => {
  t = await createTestDatabase();
  const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  const approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  const { mark: m, printerId, printer } = await markWithPrinter(t.db, "领用测试印务", { slug: "skips" });
  mark = await t.db
    .selectFrom("mark")
    .select(["serial_prefix", "slug"])
    .where("id", "=", m.id)
    .executeTakeFirstOrThrow();
  w = { db: t.db, raw: t.raw, markId: m.id, printerId, regulator, approver, printer };
});
afterAll(async () => {
  await t?.drop();
});

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a refusal");
    },
    (e: unknown) => {
      if (!(e instanceof DomainError)) throw e;
      return e;
    },
  );

const zh = translator("zh-CN");
const en = translator("en");
const lines = (t: typeof zh, items: FieldMessage[] = []) => items.map((m) => t(m.key, m.params));

/** An order of `quantity` labels, printed with `spoiled` offsets spoiled, `received` of them received. */
async function receivedOrder(quantity: number, spoiled: number[], received: number) {
  const user = await activeUser(w);
  const order = await orderLabels(w.db, user.member, {
    authorizationId: user.authorizationId,
    quantity,
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
  const from = issued.serial_from!;
  const year = issued.serial_year!;
  const shipped = await recordPrinting(w.db, w.printer, order.id, {
    printed: quantity - spoiled.length,
    spoiledSerials: spoiled.map((o) => from + o),
    version: issued.version,
  });
  await confirmReceipt(w.db, user.member, order.id, { received, version: shipped.version });
  const batch = (batchNo: string, batchQuantity = 100) =>
    createBatch(w.db, user.member, {
      authorizationId: user.authorizationId,
      product: "茯砖",
      batchNo,
      productionDate: "2026-11-01",
      quantity: batchQuantity,
    });
  const serial = (offset: number) => formatSerial(mark, year, from + offset);
  return { ...user, orderId: order.id, from, year, batch, serial };
}

describe("collecting a range that holds serials which cannot be collected", () => {
  it("refuses naming each blocking serial's state, changing nothing; collects the usable ones only when asked", async () => {
    // 60 labels: +5, +6 and +30 spoiled at the printer; 57 printed, 55 received (+58, +59 never arrived).
    const o = await receivedOrder(60, [5, 6, 30], 55);
    const first = await o.batch("A-1");
    await collectLabels(w.db, o.member, first.id, { year: o.year, from: o.from + 10, to: o.from + 14 });
    await voidLabels(w.db, o.member, w.markId, { year: o.year, from: o.from + 20, to: o.from + 22 }, "lost");
    const second = await o.batch("B-2");
    const range = { year: o.year, from: o.from, to: o.from + 59 };
    const before = await reconcileOrder(w.db, o.member, o.orderId);
    const auditCount = async () =>
      Number(
        (
          await w.db
            .selectFrom("audit_entry")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("action", "=", "label.collect")
            .executeTakeFirstOrThrow()
        ).n,
      );
    const auditsBefore = await auditCount();

    const refused = await refusal(collectLabels(w.db, o.member, second.id, range));
    expect(refused.key).toBe("label.collectBlocked");
    expect(refused.options.params).toEqual({ count: 13, range: 60, usable: 47 });
    expect(lines(zh, refused.options.items)).toEqual([
      `${o.serial(5)} – ${o.serial(6)}：印制时印损（2 枚）`,
      `${o.serial(10)} – ${o.serial(14)}：已领用到批次 A-1（5 枚）`,
      `${o.serial(20)} – ${o.serial(22)}：已作废，原因“丢失”（3 枚）`,
      `${o.serial(30)}：印制时印损（1 枚）`,
      `${o.serial(58)} – ${o.serial(59)}：已印制，尚未签收入库（2 枚）`,
      "其余 47 枚可以领用：勾选“跳过不能领用的标签”后再提交，即只领用这些。",
    ]);
    expect(lines(en, refused.options.items).slice(0, 5)).toEqual([
      `${o.serial(5)} – ${o.serial(6)}: spoiled at the printer (2 labels)`,
      `${o.serial(10)} – ${o.serial(14)}: already collected onto batch A-1 (5 labels)`,
      `${o.serial(20)} – ${o.serial(22)}: voided, reason “Lost” (3 labels)`,
      `${o.serial(30)}: spoiled at the printer (1 label)`,
      `${o.serial(58)} – ${o.serial(59)}: printed, not yet received into stock (2 labels)`,
    ]);
    expect(en(refused.key, refused.options.params)).toBe(
      "13 of the 60 labels in the range cannot be collected. Nothing was changed. The serials that cannot:",
    );
    expect(await reconcileOrder(w.db, o.member, o.orderId)).toEqual(before);
    expect(await auditCount()).toBe(auditsBefore);

    // The batch must hold the usable labels: the refusal says how many more fit.
    const small = await o.batch("S-3", 40);
    const tooMany = await refusal(collectLabels(w.db, o.member, small.id, range, { skipUnusable: true }));
    expect(tooMany.key).toBe("label.moreThanBatch");
    expect(tooMany.options.params).toEqual({ quantity: 40, already: 0, room: 40, count: 47 });
    expect(await reconcileOrder(w.db, o.member, o.orderId)).toEqual(before);

    const done = await collectLabels(w.db, o.member, second.id, range, { skipUnusable: true });
    expect(done.collected).toBe(47);
    expect(done.skipped.count).toBe(13);
    expect(lines(zh, done.skipped.lines)).toEqual(lines(zh, refused.options.items).slice(0, 5));
    expect(await reconcileOrder(w.db, o.member, o.orderId)).toMatchObject({
      collected: 52,
      voided: 3,
      spoiled: 3,
      inStock: 0,
    });
    const runs = await w.db
      .selectFrom("label_ledger")
      .select(["serial_from", "serial_to", "count"])
      .where("batch_id", "=", second.id)
      .orderBy("serial_from")
      .execute();
    expect(runs.map((r) => [r.serial_from! - o.from, r.serial_to! - o.from, r.count])).toEqual([
      [0, 4, 5],
      [7, 9, 3],
      [15, 19, 5],
      [23, 29, 7],
      [31, 57, 27],
    ]);
    const audit = await w.db
      .selectFrom("audit_entry")
      .select("after")
      .where("action", "=", "label.collect")
      .where("entity_id", "=", second.id)
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ count: 47, skipped: 13 });

    // Nothing left to collect: said so, with what each serial now is.
    const nothing = await refusal(collectLabels(w.db, o.member, second.id, range, { skipUnusable: true }));
    expect(nothing.key).toBe("label.nothingUsable");
    expect(lines(zh, nothing.options.items)).toContain(`${o.serial(0)} – ${o.serial(4)}：已领用到批次 B-2（5 枚）`);

    // Voiding names the voided and spoiled serials in its way, too.
    const voidRefused = await refusal(
      voidLabels(w.db, o.member, w.markId, { year: o.year, from: o.from + 18, to: o.from + 31 }, "damaged"),
    );
    expect(voidRefused.key).toBe("label.voidBlocked");
    expect(lines(zh, voidRefused.options.items)).toEqual([
      `${o.serial(20)} – ${o.serial(22)}：已作废，原因“丢失”（3 枚）`,
      `${o.serial(30)}：印制时印损（1 枚）`,
    ]);
  });

  it(`lists at most ${LISTED_RUNS} runs and says how many more there are`, async () => {
    // Every other serial of 60 spoiled: 30 separate runs.
    const spoiled = Array.from({ length: 30 }, (_, i) => 2 * i);
    const o = await receivedOrder(60, spoiled, 30);
    const batch = await o.batch("C-1");
    const refused = await refusal(
      collectLabels(w.db, o.member, batch.id, { year: o.year, from: o.from, to: o.from + 59 }),
    );
    const items = lines(zh, refused.options.items);
    expect(items).toHaveLength(LISTED_RUNS + 2);
    expect(items[0]).toBe(`${o.serial(0)}：印制时印损（1 枚）`);
    expect(items[LISTED_RUNS]).toBe("另有 10 段共 10 枚未列出。");
    expect(lines(en, refused.options.items)[LISTED_RUNS]).toBe("And 10 more ranges (10 labels) not listed.");

    // Scanned codes are refused the same way, pointing at the codes (no checkbox to tick there).
    const scanned = await w.db
      .selectFrom("label")
      .select("code")
      .where("order_id", "=", o.orderId)
      .where("serial", "in", [o.from, o.from + 1])
      .execute();
    const byCodes = await refusal(
      collectLabels(w.db, o.member, batch.id, { codes: scanned.map((r) => new Uint8Array(r.code)) }),
    );
    expect(byCodes.options.field).toBe("codes");
    expect(lines(zh, byCodes.options.items)).toEqual([`${o.serial(0)}：印制时印损（1 枚）`]);
  });
});
