import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyForMark } from "#app/authorization/application.server.ts";
import { transition } from "#app/authorization/transition.server.ts";
import { publishAnnouncement } from "#app/authorization/announcement.server.ts";
import { verifyAuditChain } from "#app/audit/audit.server.ts";
import { encodeCode, parseCode } from "#app/label-code/code.ts";
import { ledgerSummary } from "#app/label/ledger-summary.server.ts";
import { issueApprovedOrder, issuingState, retryDelayMs, startIssuing } from "#app/label/issuing-job.server.ts";
import { confirmReceipt } from "#app/label/receipt.server.ts";
import { decideOrder, orderLabels } from "#app/label/label-order.server.ts";
import { inIssuingTransaction, issueLabels } from "#app/label/issuing.server.ts";
import { recordPrinting } from "#app/label/printing.server.ts";
import { collectLabels } from "#app/label/collection.server.ts";
import { createBatch } from "#app/label/product-batch.server.ts";
import { reconcileOrder } from "#app/label/reconciliation.server.ts";
import { voidLabels } from "#app/label/voiding.server.ts";
import { DomainError } from "#app/errors.ts";
import { discrepancyWords } from "#app/label/discrepancies.ts";
import { translator } from "#app/i18n/i18n.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeEnterprise, makeUser } from "#tests/support/factories.ts";
import { Writable } from "node:stream";
import { useLogDestination } from "#app/logging/logger.server.ts";
import { markWithPrinter } from "#tests/support/label-factories.ts";
import { SITE_CHECK_PDF } from "#tests/support/register-factories.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-labels-"));

let t: TestDatabase;
let regulator: SessionUser;
let approver: SessionUser;
let printer: SessionUser;
let markId: string;
let printerId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  const made = await markWithPrinter(t.db, "测试印务", { slug: "labels" });
  printer = made.printer;
  const mark = made.mark;
  printerId = made.printerId;
  markId = mark.id;
});
afterAll(async () => {
  await t?.drop();
});

const countLabels = (orderId: string) =>
  t.db
    .selectFrom("label")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("order_id", "=", orderId)
    .executeTakeFirstOrThrow();

const key = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (e instanceof DomainError ? e.key : String(e)),
  );

async function activeUser() {
  const enterprise = await makeEnterprise(t.db, "430923");
  const member = await makeUser(t.db, "enterprise", { enterpriseId: enterprise.id });
  const township = (
    await t.db.selectFrom("mark_area").select("division_code").where("mark_id", "=", markId).executeTakeFirstOrThrow()
  ).division_code;
  const a = await applyForMark(t.db, member, {
    markId,
    route: "gi_product",
    townshipCode: township,
    products: "茶",
    annualOutput: "10 吨",
    labelManagerName: "王",
    labelManagerPhone: "13800000000",
  });
  let v = (await transition(t.db, regulator, a.id, { action: "accept", version: a.version })).version;
  v = (
    await transition(t.db, regulator, a.id, { action: "review", version: v, comment: "符合", document: SITE_CHECK_PDF })
  ).version;
  await transition(t.db, approver, a.id, { action: "approve", version: v });
  await publishAnnouncement(t.db, approver, {
    number: `L-${a.id.slice(0, 8)}`,
    title: "公告",
    authorizationIds: [a.id],
  });
  return { enterprise, member, authorizationId: a.id };
}

describe("label ledger: application → printing → receipt → collection", () => {
  it("reconciles the county scenario: 500 asked, 400 approved, 398 printed, 2 spoiled, 300 collected, 10 voided", async () => {
    const { member, authorizationId } = await activeUser();
    const order = await orderLabels(t.db, member, {
      authorizationId,
      quantity: 500,
      template: "圆形 30mm",
      intendedProducts: "千两茶",
      printerId,
    });
    expect(
      await key(decideOrder(t.db, regulator, order.id, { approve: true, quantity: 400, version: order.version })),
    ).toBe("label.reasonForFewer");
    const issued = await decideOrder(
      t.db,
      regulator,
      order.id,
      { approve: true, quantity: 400, reason: "超出年产量对应用量", version: order.version },
      { raw: t.raw },
    );
    expect(issued).toMatchObject({ status: "issued", issued_count: 400 });
    const labels = await t.db
      .selectFrom("label")
      .select(["code", "serial"])
      .where("order_id", "=", order.id)
      .orderBy("serial")
      .execute();
    expect(labels).toHaveLength(400);
    const codes = labels.map((l) => encodeCode(new Uint8Array(l.code)));
    expect(new Set(codes).size).toBe(400);
    expect(codes.every((c) => parseCode(c).ok)).toBe(true);
    const from = issued.serial_from!;

    expect(
      await key(
        recordPrinting(t.db, printer, order.id, {
          printed: 399,
          spoiledSerials: [from + 5, from + 6],
          version: issued.version,
        }),
      ),
    ).toBe("label.printCountMismatch");
    const shipped = await recordPrinting(t.db, printer, order.id, {
      printed: 398,
      spoiledSerials: [from + 5, from + 6],
      version: issued.version,
    });
    const received = await confirmReceipt(t.db, member, order.id, { received: 398, version: shipped.version });
    expect(received.status).toBe("received");

    const batch = await createBatch(t.db, member, {
      authorizationId,
      product: "千两茶",
      specification: "1000g",
      batchNo: "QL-2026-001",
      productionDate: "2026-11-01",
      quantity: 300,
    });
    // 300 labels from the first serial, skipping the two spoiled ones: 0–4, 7–301.
    expect(await key(collectLabels(t.db, member, batch.id, { year: issued.serial_year!, from, to: from + 299 }))).toBe(
      "label.collectBlocked",
    );
    await collectLabels(t.db, member, batch.id, { year: issued.serial_year!, from, to: from + 4 });
    await collectLabels(t.db, member, batch.id, { year: issued.serial_year!, from: from + 7, to: from + 301 });
    await voidLabels(t.db, member, markId, { year: issued.serial_year!, from: from + 390, to: from + 399 }, "damaged");

    expect(await reconcileOrder(t.db, member, order.id)).toEqual({
      approved: 400,
      issued: 400,
      printed: 398,
      spoiled: 2,
      received: 398,
      collected: 300,
      voided: 10,
      inStock: 88,
      discrepancies: [],
    });
    const ledger = await t.db
      .selectFrom("label_ledger")
      .select(["action", "count"])
      .where("order_id", "=", order.id)
      .orderBy("id")
      .execute();
    expect(ledger.map((l) => `${l.action}:${l.count}`)).toEqual([
      "order:500",
      "approve:400",
      "issue:400",
      "spoil:2",
      "print:398",
      "ship:398",
      "receive:398",
      "collect:5",
      "collect:295",
      "void:10",
    ]);
    await expect(sql`update label_ledger set count = 0 where order_id = ${order.id}`.execute(t.db)).rejects.toThrow(
      /append-only/,
    );

    // The same figures per enterprise, and the county's row includes them; nobody else sees them.
    const [mine] = await ledgerSummary(t.db, member, "enterprise");
    expect(mine).toMatchObject({
      approved: 400,
      issued: 400,
      printed: 398,
      spoiled: 2,
      received: 398,
      collected: 300,
      voided: 10,
      inStock: 88,
      discrepancies: [],
    });
    const county = (await ledgerSummary(t.db, regulator, "division")).find((r) => r.key === "430923")!;
    expect(county.collected).toBeGreaterThanOrEqual(300);
    expect(county.label).toBe("湖南省益阳市安化县");
    const stranger = await makeUser(t.db, "regulator", { divisionCode: "611026" });
    expect(await ledgerSummary(t.db, stranger, "enterprise")).toEqual([]);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("refuses, changing nothing: more than in stock, used ranges, another enterprise's serials, a suspended authorization", async () => {
    const a = await activeUser();
    const b = await activeUser();
    const orderA = await orderLabels(t.db, a.member, {
      authorizationId: a.authorizationId,
      quantity: 20,
      template: "方形",
      intendedProducts: "茶",
      printerId,
    });
    const issuedA = await decideOrder(
      t.db,
      regulator,
      orderA.id,
      { approve: true, version: orderA.version },
      { raw: t.raw },
    );
    const shippedA = await recordPrinting(t.db, printer, orderA.id, {
      printed: 20,
      spoiledSerials: [],
      version: issuedA.version,
    });
    await confirmReceipt(t.db, a.member, orderA.id, { received: 18, version: shippedA.version });
    const year = issuedA.serial_year!;
    const from = issuedA.serial_from!;
    const batch = await createBatch(t.db, a.member, {
      authorizationId: a.authorizationId,
      product: "茶",
      batchNo: "A-1",
      productionDate: "2026-11-01",
      quantity: 100,
    });
    const before = await reconcileOrder(t.db, a.member, orderA.id);

    expect(await key(collectLabels(t.db, a.member, batch.id, { year, from, to: from + 19 }))).toBe(
      "label.collectBlocked",
    ); // 2 never arrived
    await collectLabels(t.db, a.member, batch.id, { year, from, to: from + 4 });
    expect(await key(collectLabels(t.db, a.member, batch.id, { year, from: from + 3, to: from + 8 }))).toBe(
      "label.collectBlocked",
    );
    // By scanned codes: two in stock are collected; a code already collected is refused.
    const byCode = await t.db
      .selectFrom("label")
      .select(["code", "serial"])
      .where("order_id", "=", orderA.id)
      .where("serial", "in", [from + 4, from + 5, from + 6])
      .orderBy("serial")
      .execute();
    const codes = byCode.map((l) => new Uint8Array(l.code));
    expect(await key(collectLabels(t.db, a.member, batch.id, { codes }))).toBe("label.collectBlocked");
    expect(await collectLabels(t.db, a.member, batch.id, { codes: codes.slice(1) })).toMatchObject({ collected: 2 });
    const batchB = await createBatch(t.db, b.member, {
      authorizationId: b.authorizationId,
      product: "茶",
      batchNo: "B-1",
      productionDate: "2026-11-01",
      quantity: 100,
    });
    expect(await key(collectLabels(t.db, b.member, batchB.id, { year, from: from + 10, to: from + 12 }))).toBe(
      "label.notYours",
    );
    const flags = await t.db
      .selectFrom("flag")
      .select("kind")
      .where("authorization_id", "=", a.authorizationId)
      .execute();
    expect(flags.map((f) => f.kind)).toContain("receipt_mismatch");

    const current = await t.db
      .selectFrom("authorization")
      .select("version")
      .where("id", "=", a.authorizationId)
      .executeTakeFirstOrThrow();
    await transition(t.db, regulator, a.authorizationId, {
      action: "suspend",
      version: current.version,
      comment: "抽检不合格",
    });
    expect(
      await key(
        orderLabels(t.db, a.member, {
          authorizationId: a.authorizationId,
          quantity: 10,
          template: "方形",
          intendedProducts: "茶",
          printerId,
        }),
      ),
    ).toBe("label.authorizationNotActive");
    expect(await key(collectLabels(t.db, a.member, batch.id, { year, from: from + 10, to: from + 11 }))).toBe(
      "label.authorizationNotActive",
    );

    const after = await reconcileOrder(t.db, a.member, orderA.id);
    expect(after).toEqual({ ...before, collected: 7, inStock: before.inStock - 7 });
    expect(after.discrepancies).toEqual(["printed_not_received"]);
    // Said in words on the order page, the ledger and its CSV, never as the code.
    expect(discrepancyWords(after.discrepancies, translator("zh-CN"))).toBe("签收数与印制数不符");
    expect(discrepancyWords(after.discrepancies, translator("en"))).toBe("received differs from printed");
  });

  it("an enterprise that prints its own labels records the printing itself; the mark's printer cannot", async () => {
    await t.db.updateTable("mark").set({ allow_self_print: true }).where("id", "=", markId).execute();
    try {
      const user = await activeUser();
      const order = await orderLabels(t.db, user.member, {
        authorizationId: user.authorizationId,
        quantity: 30,
        template: "圆形",
        intendedProducts: "茶",
        printerId: null,
      });
      const issued = await decideOrder(
        t.db,
        regulator,
        order.id,
        { approve: true, version: order.version },
        { raw: t.raw },
      );
      // The designated printer never sees an order it does not print; the enterprise does the printer's part.
      expect(
        await key(
          recordPrinting(t.db, printer, order.id, { printed: 30, spoiledSerials: [], version: issued.version }),
        ),
      ).toBe("error.notFound.text");
      const shipped = await recordPrinting(t.db, user.member, order.id, {
        printed: 29,
        spoiledSerials: [issued.serial_from!],
        version: issued.version,
      });
      expect(shipped.status).toBe("shipped");
      const received = await confirmReceipt(t.db, user.member, order.id, { received: 29, version: shipped.version });
      expect(received.status).toBe("received");
      const r = await reconcileOrder(t.db, user.member, order.id);
      expect(r).toMatchObject({ issued: 30, printed: 29, spoiled: 1, received: 29, discrepancies: [] });
    } finally {
      await t.db.updateTable("mark").set({ allow_self_print: false }).where("id", "=", markId).execute();
    }
  });

  it("approves automatically within the mark's annual quota, and only within it", async () => {
    const { member, authorizationId } = await activeUser();
    await t.db
      .updateTable("mark")
      .set({ print_orders_need_approval: false, annual_label_quota: 100 })
      .where("id", "=", markId)
      .execute();
    try {
      const first = await orderLabels(
        t.db,
        member,
        { authorizationId, quantity: 60, template: "圆形", intendedProducts: "茶", printerId },
        { raw: t.raw },
      );
      expect(first).toMatchObject({ status: "issued", quantity_approved: 60, issued_count: 60 });
      const second = await orderLabels(
        t.db,
        member,
        { authorizationId, quantity: 50, template: "圆形", intendedProducts: "茶", printerId },
        { raw: t.raw },
      );
      expect(second).toMatchObject({ status: "submitted", quantity_approved: null });
      const audit = await t.db
        .selectFrom("audit_entry")
        .select(["action", "actor_label"])
        .where("entity_id", "=", first.id)
        .where("action", "=", "label_order.auto_approve")
        .executeTakeFirstOrThrow();
      expect(audit.actor_label).toMatch(/automatic approval/);

      // Two orders at the same moment that together exceed the quota: exactly one is approved.
      const other = await activeUser();
      const both = await Promise.all(
        [1, 2].map(() =>
          orderLabels(
            t.db,
            other.member,
            {
              authorizationId: other.authorizationId,
              quantity: 60,
              template: "圆形",
              intendedProducts: "茶",
              printerId,
            },
            { raw: t.raw },
          ),
        ),
      );
      expect(both.map((o) => o.status).sort()).toEqual(["issued", "submitted"]);
    } finally {
      await t.db
        .updateTable("mark")
        .set({ print_orders_need_approval: true, annual_label_quota: null })
        .where("id", "=", markId)
        .execute();
    }
  });

  it("issues large orders in the background, once, and resumes an approved order left without codes", async () => {
    const { member, authorizationId } = await activeUser();
    const order = await orderLabels(t.db, member, {
      authorizationId,
      quantity: 25_000,
      template: "圆形",
      intendedProducts: "茶",
      printerId,
    });
    const queued: string[] = [];
    const approved = await decideOrder(
      t.db,
      regulator,
      order.id,
      { approve: true, version: order.version },
      { raw: t.raw, background: (id) => queued.push(id) },
    );
    expect(approved.status).toBe("approved");
    expect(queued).toEqual([order.id]);
    const before = await t.db
      .selectFrom("label")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("order_id", "=", order.id)
      .executeTakeFirstOrThrow();
    expect(Number(before.n)).toBe(0);
    // The job was written with the approval: the order page shows it waiting.
    expect(await issuingState(t.db, order.id, 25_000)).toMatchObject({ state: "pending", attempts: 0, done: 0 });

    // A first attempt fails early (on PostgreSQL inside the COPY): logged, retried later, no codes.
    const errors: string[] = [];
    const restoreLog = useLogDestination(
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          errors.push(chunk.toString("utf8"));
          done();
        },
      }),
    );
    await sql`alter table label add constraint issuing_test_refuses check (order_id <> ${sql.lit(order.id)}::uuid) not valid`.execute(
      t.db,
    );
    try {
      expect(await startIssuing(t.db, t.raw, order.id)).toBe(false);
    } finally {
      restoreLog();
      await sql`alter table label drop constraint issuing_test_refuses`.execute(t.db);
    }
    expect(errors.join("\n")).toMatch(
      new RegExp(`\\[issuing\\] order ${order.id}: attempt 1 failed: .*issuing_test_refuses.*retrying in 5 s`),
    );
    const failed = await issuingState(t.db, order.id, 25_000);
    expect(failed).toMatchObject({ state: "retrying", attempts: 1 });
    expect(failed!.lastError).toContain("issuing_test_refuses");
    expect(failed!.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
    // Not due yet: nobody retries before the backoff has passed.
    expect(await startIssuing(t.db, t.raw, order.id)).toBe(false);
    expect(Number((await countLabels(order.id)).n)).toBe(0);

    // Once due, any process retries it, once; a second run does nothing.
    await t.db
      .updateTable("issuing_job")
      .set({ next_attempt_at: new Date(Date.now() - 1000) })
      .where("order_id", "=", order.id)
      .execute();
    expect(await startIssuing(t.db, t.raw, order.id)).toBe(true);
    expect(await startIssuing(t.db, t.raw, order.id)).toBe(false);
    expect(await issueApprovedOrder(t.db, t.raw, order.id)).toBe(false);
    expect(await issuingState(t.db, order.id, 25_000)).toBeNull();
    const after = await t.db
      .selectFrom("label_order")
      .select(["status", "issued_count"])
      .where("id", "=", order.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ status: "issued", issued_count: 25_000 });
    const count = await t.db
      .selectFrom("label")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("order_id", "=", order.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(25_000);
  });

  it("issuing is all or nothing: a failure midway leaves no codes behind", async () => {
    const { member, authorizationId } = await activeUser();
    const order = await orderLabels(t.db, member, {
      authorizationId,
      quantity: 12_000,
      template: "圆形",
      intendedProducts: "茶",
      printerId,
    });
    // On PostgreSQL this is the COPY path; on PGlite, chunked inserts.
    await expect(
      inIssuingTransaction(t.db, t.raw, async (trx, copy) => {
        await issueLabels(trx, regulator, order.id, markId, 2026, 12_000, copy);
        const inside = await trx
          .selectFrom("label")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("order_id", "=", order.id)
          .executeTakeFirstOrThrow();
        expect(Number(inside.n)).toBe(12_000);
        throw new Error("process died after writing the codes");
      }),
    ).rejects.toThrow("process died");
    const left = await t.db
      .selectFrom("label")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("order_id", "=", order.id)
      .executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
  });

  it("hands a job whose process stopped beating to another process, and waits longer after each failure", async () => {
    const { member, authorizationId } = await activeUser();
    const order = await orderLabels(t.db, member, {
      authorizationId,
      quantity: 21_000,
      template: "圆形",
      intendedProducts: "茶",
      printerId,
    });
    await decideOrder(
      t.db,
      regulator,
      order.id,
      { approve: true, version: order.version },
      { raw: t.raw, background: () => {} },
    );
    // Another process claimed it and is still beating: left alone.
    await t.db
      .updateTable("issuing_job")
      .set({ state: "running", attempts: 1, claimed_by: "other-host:1", heartbeat_at: new Date() })
      .where("order_id", "=", order.id)
      .execute();
    expect(await startIssuing(t.db, t.raw, order.id)).toBe(false);
    expect(await issuingState(t.db, order.id, 21_000)).toMatchObject({ state: "running", attempts: 1 });
    // Its heartbeat stopped a minute ago (killed, or cut off from the database): taken over.
    await t.db
      .updateTable("issuing_job")
      .set({ heartbeat_at: new Date(Date.now() - 60_000) })
      .where("order_id", "=", order.id)
      .execute();
    expect(await startIssuing(t.db, t.raw, order.id)).toBe(true);
    expect(Number((await countLabels(order.id)).n)).toBe(21_000);
    const job = await t.db
      .selectFrom("issuing_job")
      .selectAll()
      .where("order_id", "=", order.id)
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ state: "done", attempts: 2, done_count: 21_000, last_error: null });
    expect([1, 2, 3, 4, 8, 20].map(retryDelayMs)).toEqual([5_000, 10_000, 20_000, 40_000, 600_000, 600_000]);
  });
});
