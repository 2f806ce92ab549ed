import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "#app/errors.ts";
import { LABEL_LIMITS } from "#app/label/limits.ts";
import { confirmReceipt } from "#app/label/receipt.server.ts";
import { decideOrder, orderLabels } from "#app/label/label-order.server.ts";
import { recordPrinting } from "#app/label/printing.server.ts";
import { collectLabels } from "#app/label/collection.server.ts";
import { createBatch } from "#app/label/product-batch.server.ts";
import { reconcileOrder } from "#app/label/reconciliation.server.ts";
import { voidLabels } from "#app/label/voiding.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeUser } from "#tests/support/factories.ts";

import { activeUser, type LabelWorld, markWithPrinter } from "#tests/support/label-factories.ts";

// The documented limits (LABEL_LIMITS) work up to the limit and refuse one past it. Each choice
// below is larger than PostgreSQL's 65,535 parameters per statement, which the per-label queries
// of before hit with a 500 (MAX_PARAMETERS_EXCEEDED).
process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-label-limits-"));

const ABOVE_PARAMETERS = 66_000;
let t: TestDatabase;
let w: LabelWorld;
beforeAll(async () => {
  t = await createTestDatabase();
  const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  const approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  const { mark, printerId, printer } = await markWithPrinter(t.db, "限额测试印务", { slug: "limits" });
  w = { db: t.db, raw: t.raw, markId: mark.id, printerId, regulator, approver, printer };
});
afterAll(async () => {
  await t?.drop();
});

const key = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) =>
      e instanceof DomainError ? `${e.key}${e.options.params?.max ? `|max=${e.options.params.max}` : ""}` : String(e),
  );

describe("label limits", () => {
  it("spoils, collects and voids choices above 65,535 labels in one request each", { timeout: 600_000 }, async () => {
    const user = await activeUser(w);
    const n = ABOVE_PARAMETERS;
    const quantity = 3 * n;
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
    // Every other serial of the first 2n is spoiled: n runs of one label each.
    const spoiledSerials = Array.from({ length: n }, (_, i) => from + 2 * i);
    const shipped = await recordPrinting(w.db, w.printer, order.id, {
      printed: quantity - n,
      spoiledSerials,
      version: issued.version,
    });
    await confirmReceipt(w.db, user.member, order.id, { received: quantity - n, version: shipped.version });

    const batch = (batchNo: string) =>
      createBatch(w.db, user.member, {
        authorizationId: user.authorizationId,
        product: "茯砖",
        batchNo,
        productionDate: "2026-11-01",
        quantity: n,
      });
    // The last n labels by one serial range …
    const byRange = await batch("L-RANGE");
    const range = { year, from: from + 2 * n, to: from + 3 * n - 1 };
    expect(await collectLabels(w.db, user.member, byRange.id, range)).toMatchObject({ collected: n });
    // … the n left between the spoiled ones by their scanned codes …
    const codeRows = await w.db
      .selectFrom("label")
      .select("code")
      .where("order_id", "=", order.id)
      .where("status", "=", "received")
      .execute();
    expect(codeRows).toHaveLength(n);
    const byCodes = await batch("L-CODES");
    expect(await collectLabels(w.db, user.member, byCodes.id, { codes: codeRows.map((r) => r.code) })).toMatchObject({
      collected: n,
    });
    // … and the range collected first is voided again in one request.
    expect(await voidLabels(w.db, user.member, w.markId, range, "lost")).toBe(n);

    expect(await reconcileOrder(w.db, user.member, order.id)).toMatchObject({
      issued: quantity,
      spoiled: n,
      collected: n,
      voided: n,
      inStock: 0,
      discrepancies: [],
    });
    // The ledger records runs of consecutive serials: n spoiled runs, one run for the range and
    // n runs for the scattered codes, one void.
    const ledger = await w.db
      .selectFrom("label_ledger")
      .select([
        "action",
        (eb) => eb.fn.countAll<number>().as("entries"),
        (eb) => eb.fn.sum<number>("count").as("labels"),
      ])
      .where("order_id", "=", order.id)
      .where("action", "in", ["spoil", "collect", "void"])
      .groupBy("action")
      .orderBy("action")
      .execute();
    expect(ledger.map((l) => [l.action, Number(l.entries), Number(l.labels)])).toEqual([
      ["collect", 1 + n, 2 * n],
      ["spoil", n, n],
      ["void", 1, n],
    ]);
  });

  it("an order form sent twice (a double click) makes one order, with one ledger entry and one audit entry", async () => {
    const user = await activeUser(w);
    const form = {
      authorizationId: user.authorizationId,
      quantity: 7,
      template: "方形",
      intendedProducts: "茶",
      printerId: w.printerId,
      submissionKey: crypto.randomUUID(),
    };
    const [first, second] = await Promise.all([
      orderLabels(w.db, user.member, form),
      orderLabels(w.db, user.member, form),
    ]);
    expect(second.id).toBe(first.id);
    expect(await orderLabels(w.db, user.member, form)).toMatchObject({ id: first.id });
    const orders = await w.db
      .selectFrom("label_order")
      .select("id")
      .where("authorization_id", "=", user.authorizationId)
      .execute();
    expect(orders).toHaveLength(1);
    const audits = await w.db
      .selectFrom("audit_entry")
      .select("seq")
      .where("entity_id", "=", first.id)
      .where("action", "=", "label_order.create")
      .execute();
    expect(audits).toHaveLength(1);
    // A new form (a new key) is a new order.
    const next = await orderLabels(w.db, user.member, { ...form, submissionKey: crypto.randomUUID() });
    expect(next.id).not.toBe(first.id);
  });

  it("voids only labels of a received order: one still at the printer is refused and left as it was", async () => {
    const user = await activeUser(w);
    const order = (quantity: number) =>
      orderLabels(w.db, user.member, {
        authorizationId: user.authorizationId,
        quantity,
        template: "方形",
        intendedProducts: "茶",
        printerId: w.printerId,
      }).then((o) => decideOrder(w.db, w.regulator, o.id, { approve: true, version: o.version }, { raw: w.raw }));
    const received = await order(5);
    const shipped = await recordPrinting(w.db, w.printer, received.id, {
      printed: 5,
      spoiledSerials: [],
      version: received.version,
    });
    await confirmReceipt(w.db, user.member, received.id, { received: 4, version: shipped.version });
    const atPrinter = await order(5);
    const year = atPrinter.serial_year!;
    const statuses = async () =>
      (
        await w.db.selectFrom("label").select("status").where("order_id", "=", atPrinter.id).orderBy("serial").execute()
      ).map((r) => r.status);
    const before = await statuses();
    // From the received order's page, a range that runs into the order still at the printer.
    const refused = await voidLabels(
      w.db,
      user.member,
      w.markId,
      { year, from: received.serial_to!, to: atPrinter.serial_from! },
      "damaged",
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).key).toBe("label.voidNotReceived");
    expect((refused as DomainError).options.params).toEqual({ count: 1 });
    expect(await statuses()).toEqual(before);
    // The label missing after receipt (printed, never received) can be voided as lost.
    expect(
      await voidLabels(
        w.db,
        user.member,
        w.markId,
        { year, from: received.serial_to!, to: received.serial_to! },
        "lost",
      ),
    ).toBe(1);
  });

  it("refuses one past each limit with the limit in the message, and changes nothing", async () => {
    const user = await activeUser(w);
    const b = await createBatch(w.db, user.member, {
      authorizationId: user.authorizationId,
      product: "茯砖",
      batchNo: "L-PAST",
      productionDate: "2026-11-01",
      quantity: 10,
    });
    // The same batch number again (a double click, or a number typed twice) is refused on its field.
    const again = createBatch(w.db, user.member, {
      authorizationId: user.authorizationId,
      product: "茯砖",
      batchNo: "L-PAST",
      productionDate: "2026-11-02",
      quantity: 5,
    });
    await expect(again).rejects.toMatchObject({
      key: "label.batchNoTaken",
      options: { field: "batchNo", status: 409 },
    });
    // A production date after today is a typing mistake, refused on its field.
    const tomorrow = new Date(Date.now() + 36 * 3600_000).toISOString().slice(0, 10);
    await expect(
      createBatch(w.db, user.member, {
        authorizationId: user.authorizationId,
        product: "茯砖",
        batchNo: "L-FUTURE",
        productionDate: tomorrow,
        quantity: 5,
      }),
    ).rejects.toMatchObject({ key: "labels.productionDateFuture", options: { field: "productionDate" } });
    const batches = await w.db
      .selectFrom("product_batch")
      .select("quantity")
      .where("batch_no", "in", ["L-PAST", "L-FUTURE"])
      .execute();
    expect(batches).toEqual([{ quantity: 10 }]);
    const year = 2026;
    expect(await key(collectLabels(w.db, user.member, b.id, { year, from: 1, to: LABEL_LIMITS.range + 1 }))).toBe(
      `label.rangeTooLarge|max=${LABEL_LIMITS.range}`,
    );
    expect(
      await key(voidLabels(w.db, user.member, w.markId, { year, from: 1, to: LABEL_LIMITS.range + 1 }, "lost")),
    ).toBe(`label.rangeTooLarge|max=${LABEL_LIMITS.range}`);
    const codes = Array.from({ length: LABEL_LIMITS.codes + 1 }, () => crypto.getRandomValues(new Uint8Array(16)));
    expect(await key(collectLabels(w.db, user.member, b.id, { codes }))).toBe(
      `label.tooManyCodes|max=${LABEL_LIMITS.codes}`,
    );
    // Exactly at the limit the request is read (and refused only because these labels do not exist).
    expect(await key(collectLabels(w.db, user.member, b.id, { year, from: 1, to: LABEL_LIMITS.range }))).toBe(
      "label.notYours",
    );
    expect(await key(collectLabels(w.db, user.member, b.id, { codes: codes.slice(1) }))).toBe("label.notYours");
    const audit = await w.db
      .selectFrom("audit_entry")
      .select("seq")
      .where("entity_id", "=", b.id)
      .where("action", "=", "label.collect")
      .execute();
    expect(audit).toEqual([]);
  });
});
