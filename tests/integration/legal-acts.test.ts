import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyForMark } from "#app/authorization/application.server.ts";
import { previewTransition, transition } from "#app/authorization/transition.server.ts";
import { announceable, previewAnnouncement } from "#app/authorization/announcement.server.ts";
import { createBatch } from "#app/label/product-batch.server.ts";
import { orderToActOn, runOrderAction } from "#app/label/order-actions.server.ts";
import { orderActionInput } from "#app/label/order-action-input.ts";
import { orderActionsFor } from "#app/label/order-rules.ts";
import { findOrderFor, orderLabels } from "#app/label/label-order.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { DomainError } from "#app/errors.ts";
import { translator } from "#app/i18n/i18n.ts";
import { CONFIRMED_FIELD, CONFIRMED_VALUE } from "#app/forms/confirmation.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeEnterprise, makeUser } from "#tests/support/factories.ts";
import { SITE_CHECK_PDF } from "#tests/support/register-factories.ts";
import {
  actOn,
  activeUser,
  labelsInEveryState,
  type LabelWorld,
  markWithPrinter,
} from "#tests/support/label-factories.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-legal-acts-"));

let t: TestDatabase;
let w: LabelWorld;
beforeAll(async () => {
  t = await createTestDatabase();
  const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  const approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  const { mark, printerId, printer } = await markWithPrinter(t.db, "确认测试印务", { slug: "legal-acts" });
  w = { db: t.db, raw: t.raw, markId: mark.id, printerId, regulator, approver, printer };
});
afterAll(async () => {
  await t?.drop();
});

const key = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (e instanceof DomainError ? `${e.status} ${e.key}` : String(e)),
  );

const auditCount = async () =>
  Number(
    (
      await t.db
        .selectFrom("audit_entry")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** A form posted on a label order's page, as its route takes it: refused if not allowed now, then parsed, then done. */
async function orderAction(user: SessionUser, orderId: string, fields: Record<string, string>) {
  const order = await orderToActOn(t.db, user, orderId, fields.intent ?? "");
  const input = orderActionInput.parse(fields);
  return runOrderAction(t.db, user, order, input, { confirmed: fields[CONFIRMED_FIELD] === CONFIRMED_VALUE });
}

/** An application approved by the approver, waiting for its announcement. */
async function approvedApplication() {
  const enterprise = await makeEnterprise(t.db, "430923");
  const member = await makeUser(t.db, "enterprise", { enterpriseId: enterprise.id });
  const township = (
    await t.db.selectFrom("mark_area").select("division_code").where("mark_id", "=", w.markId).executeTakeFirstOrThrow()
  ).division_code;
  const a = await applyForMark(t.db, member, {
    markId: w.markId,
    route: "gi_product",
    townshipCode: township,
    products: "茶",
    annualOutput: "1 吨",
    labelManagerName: "王",
    labelManagerPhone: "13800000000",
  });
  let v = (await transition(t.db, w.regulator, a.id, { action: "accept", version: a.version })).version;
  v = (
    await transition(t.db, w.regulator, a.id, {
      action: "review",
      version: v,
      comment: "符合",
      document: SITE_CHECK_PDF,
    })
  ).version;
  await transition(t.db, w.approver, a.id, { action: "approve", version: v });
  return { enterprise, id: a.id };
}

describe("the confirmation step of a legal act changes nothing and says what would change", () => {
  it("a cancellation: whose, which mark, from which status to which, the reason, and what the public sees", async () => {
    const world = await labelsInEveryState(w, "LA-001");
    const before = await t.db
      .selectFrom("authorization")
      .selectAll()
      .where("id", "=", world.authorizationId)
      .executeTakeFirstOrThrow();
    const audits = await auditCount();
    const summary = await previewTransition(t.db, w.regulator, world.authorizationId, {
      action: "cancel",
      version: before.version,
      exitReason: "violation",
      comment: "超范围使用",
    });
    expect(summary).toMatchObject({
      act: { key: "action.cancel" },
      rows: [
        {
          enterprise: world.enterprise.name,
          change: [
            { key: "confirm.statusChange", params: { from: "active", to: "cancelled" } },
            { key: "confirm.exitReason", params: { reason: "violation" } },
            { key: "confirm.grounds", params: { text: "超范围使用" } },
          ],
        },
      ],
      publicEffect: { key: "confirm.public.exit", params: { to: "cancelled" } },
    });
    const after = await t.db
      .selectFrom("authorization")
      .selectAll()
      .where("id", "=", world.authorizationId)
      .executeTakeFirstOrThrow();
    expect({ status: after.status, version: after.version }).toEqual({ status: "active", version: before.version });
    expect(await auditCount()).toBe(audits);
    // The preview refuses what the act would refuse: a missing reason, a stale page.
    expect(
      await key(
        previewTransition(t.db, w.regulator, world.authorizationId, {
          action: "cancel",
          version: before.version,
          comment: "x",
        }),
      ),
    ).toBe("400 form.required");
    expect(
      await key(
        previewTransition(t.db, w.regulator, world.authorizationId, {
          action: "suspend",
          version: before.version - 1,
          comment: "x",
        }),
      ),
    ).toBe("409 form.stale");
  });

  it("an announcement lists exactly the items picked, with its number and date, and publishes nothing", async () => {
    const picked = await approvedApplication();
    const other = await approvedApplication();
    const summary = await previewAnnouncement(t.db, w.approver, {
      number: "确认〔2026〕1号",
      title: "公告",
      authorizationIds: [picked.id],
    });
    expect(summary.rows.map((r) => r.enterprise)).toEqual([picked.enterprise.name]);
    expect(summary.reference).toEqual({ label: { key: "announcement.number" }, value: "确认〔2026〕1号" });
    expect(summary.effectiveOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const still = (await announceable(t.db, w.approver)).map((a) => a.id);
    expect(still).toEqual(expect.arrayContaining([picked.id, other.id]));
    expect(
      await t.db.selectFrom("announcement").select("id").where("number", "=", "确认〔2026〕1号").executeTakeFirst(),
    ).toBeUndefined();
    expect(
      await key(
        previewAnnouncement(t.db, w.approver, { number: "确认〔2026〕2号", title: "公告", authorizationIds: [] }),
      ),
    ).toBe("400 announcement.empty");
  });

  it("voiding labels previews without voiding; only the confirmed form voids", async () => {
    const world = await labelsInEveryState(w, "LA-002");
    const order = (await findOrderFor(t.db, world.member, world.orderId))!;
    const from = String(order.serial_from! + 15);
    const to = String(order.serial_from! + 16);
    const fields = { intent: "void", version: String(order.version), from, to, reason: "lost" };
    const summary = await orderAction(world.member, world.orderId, fields);
    if (!("rows" in summary)) throw new Error("voiding asks for confirmation first");
    expect(summary.rows[0]?.change[0]).toMatchObject({ key: "confirm.voidRange", params: { count: 2 } });
    // Labels in stock: no word about products. Labels already collected onto a batch: the
    // confirmation says they are on products and what their shoppers will see.
    expect(summary.rows[0]?.change.map((c) => c.key)).toEqual(["confirm.voidRange", "confirm.voidReason"]);
    const onProducts = await orderAction(world.member, world.orderId, {
      ...fields,
      from: String(order.serial_from! + 8),
      to: String(order.serial_from! + 9),
    });
    if (!("rows" in onProducts)) throw new Error("voiding asks for confirmation first");
    expect(onProducts.rows[0]?.change[2]).toEqual({ key: "confirm.voidCollected", params: { count: 2 } });
    const voided = () =>
      t.db
        .selectFrom("label")
        .select("status")
        .where("order_id", "=", world.orderId)
        .where("serial", "in", [Number(from), Number(to)])
        .execute();
    expect((await voided()).map((l) => l.status)).toEqual(["received", "received"]);
    expect(await orderAction(world.member, world.orderId, { ...fields, [CONFIRMED_FIELD]: CONFIRMED_VALUE })).toEqual({
      done: "void",
      n: 2,
    });
    expect((await voided()).map((l) => l.status)).toEqual(["voided", "voided"]);
  });
  it("refusing a label order previews first; only the confirmed form refuses it", async () => {
    const user = await activeUser(w);
    const order = await orderLabels(t.db, user.member, {
      authorizationId: user.authorizationId,
      quantity: 10,
      template: "方形",
      intendedProducts: "茶",
      printerId: w.printerId,
    });
    expect(order.status).toBe("submitted");
    const fields = { intent: "reject", version: String(order.version), reason: "用量与产量不符" };
    const summary = await orderAction(w.regulator, order.id, fields);
    expect(summary).toMatchObject({
      act: { key: "labels.reject" },
      rows: [
        {
          enterprise: user.enterprise.name,
          change: [
            { key: "confirm.orderChange", params: { from: "submitted", to: "rejected" } },
            { key: "confirm.grounds", params: { text: "用量与产量不符" } },
          ],
        },
      ],
    });
    const status = async () =>
      (await t.db.selectFrom("label_order").select("status").where("id", "=", order.id).executeTakeFirstOrThrow())
        .status;
    expect(await status()).toBe("submitted");
    // The user exits meanwhile: the pending order can no longer be approved, but can be refused.
    await actOn(w, user.authorizationId, { action: "suspend", comment: "抽检不合格" });
    const suspended = (await findOrderFor(t.db, w.regulator, order.id))!;
    expect(orderActionsFor("regulator", suspended)).toEqual(["reject"]);
    expect(await key(orderAction(w.regulator, order.id, { intent: "approve", version: String(order.version) }))).toBe(
      "409 label.authorizationNotActive",
    );
    await orderAction(w.regulator, order.id, { ...fields, [CONFIRMED_FIELD]: CONFIRMED_VALUE });
    expect(await status()).toBe("rejected");
  });
});

describe("a label order offers only what the server accepts", () => {
  it("after the authorization is cancelled: no new batch and no collection, on the page or by a posted form; voiding stays", async () => {
    const world = await labelsInEveryState(w, "LA-003");
    const order = (await findOrderFor(t.db, world.member, world.orderId))!;
    expect(orderActionsFor("enterprise", order)).toEqual(["batch", "collect", "collectCodes", "void"]);
    await actOn(w, world.authorizationId, { action: "cancel", exitReason: "violation", comment: "违规" });
    const cancelled = (await findOrderFor(t.db, world.member, world.orderId))!;
    expect(orderActionsFor("enterprise", cancelled)).toEqual(["void"]);
    const batch = {
      intent: "batch",
      product: "千两茶",
      batchNo: "LA-003-2",
      productionDate: "2026-11-02",
      quantity: "10",
    };
    expect(await key(orderAction(world.member, world.orderId, batch))).toBe("409 label.authorizationNotActive");
    // The domain function asks the same rule, whoever calls it.
    expect(
      await key(
        createBatch(t.db, world.member, {
          authorizationId: world.authorizationId,
          product: "千两茶",
          batchNo: "LA-003-3",
          productionDate: "2026-11-02",
          quantity: 10,
        }),
      ),
    ).toBe("409 label.authorizationNotActive");
    const batches = await t.db
      .selectFrom("product_batch")
      .select("batch_no")
      .where("authorization_id", "=", world.authorizationId)
      .execute();
    expect(batches.map((b) => b.batch_no)).toEqual(["LA-003"]);
    // The wrong person is forbidden; a step the order is past is refused with its status in words.
    expect(orderActionsFor("printer", cancelled)).toEqual([]);
    expect(await key(orderAction(w.printer, world.orderId, { intent: "print", version: "1", printed: "1" }))).toBe(
      "409 label.actionNotAllowed",
    );
    expect(
      await key(orderAction(world.member, world.orderId, { intent: "receive", version: "1", received: "1" })),
    ).toBe("409 label.actionNotAllowed");
    expect(await key(orderAction(world.member, world.orderId, { intent: "approve" }))).toBe("403 error.forbidden.text");
  });

  it("refusals name statuses in words, never as identifiers", () => {
    expect(translator("zh-CN")("label.authorizationNotActive", { status: "cancelled" })).toContain("已注销");
    expect(translator("en")("label.authorizationNotActive", { status: "cancelled" })).toContain("Revoked");
    expect(translator("zh-CN")("label.actionNotAllowed", { status: "received" })).toContain("已签收");
    expect(translator("zh-CN")("transition.notAllowed", { status: "cancelled" })).not.toContain("cancelled");
  });
});
