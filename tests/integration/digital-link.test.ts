import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { formatSerial } from "#app/label-code/code.ts";
import { labelForDigitalLink, labelForPrintedDigitalLink, labelLinkset } from "#app/label/digital-link.server.ts";
import { printedUrl, verificationUrl } from "#app/label/export.server.ts";
import { collectLabels } from "#app/label/collection.server.ts";
import { createBatch } from "#app/label/product-batch.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeUser } from "#tests/support/factories.ts";
import { makeMark } from "#tests/support/register-factories.ts";
import { labelsInEveryState, type LabelWorld } from "#tests/support/label-factories.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-dl-"));

let t: TestDatabase;
let w: LabelWorld;
beforeAll(async () => {
  t = await createTestDatabase();
  const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  const approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  const p = await t.db
    .insertInto("printer")
    .values({ name: "数字链接印务", division_code: "430900" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const printer = await makeUser(t.db, "printer", { printerId: p.id });
  const mark = await makeMark(t.db, { slug: "dl-tea" });
  await t.db.insertInto("mark_printer").values({ mark_id: mark.id, printer_id: p.id }).execute();
  w = { db: t.db, raw: t.raw, markId: mark.id, printerId: p.id, regulator, approver, printer };
});
afterAll(async () => {
  await t?.drop();
});

it("a label collected onto a batch with a GTIN resolves by /01/<gtin>/21/<serial> to its own code", async () => {
  const world = await labelsInEveryState(w, "DL-1");
  await expect(
    createBatch(t.db, world.member, {
      authorizationId: world.authorizationId,
      product: "茯砖",
      batchNo: "DL-BAD",
      productionDate: "2026-11-02",
      quantity: 10,
      gtin: "09506000134353",
    }),
  ).rejects.toMatchObject({ key: "gtin.check", options: { field: "gtin" } });
  const batch = await createBatch(t.db, world.member, {
    authorizationId: world.authorizationId,
    product: "茯砖",
    batchNo: "DL-2",
    productionDate: "2026-11-02",
    quantity: 10,
    gtin: "9506000134352",
  });
  expect(batch.gtin).toBe("09506000134352");
  const first = await t.db
    .selectFrom("label")
    .select(["serial", "serial_year"])
    .where("order_id", "=", world.orderId)
    .orderBy("serial")
    .executeTakeFirstOrThrow();
  const year = first.serial_year;
  const from = Number(first.serial);
  await collectLabels(t.db, world.member, batch.id, { year, from: from + 12, to: from + 13 });
  const mark = await t.db.selectFrom("mark").selectAll().where("id", "=", w.markId).executeTakeFirstOrThrow();
  const serial = (offset: number) => formatSerial(mark, year, from + offset);

  const found = await labelForDigitalLink(t.db, "09506000134352", serial(12));
  expect(found?.code).toBe(world.codeAt(12));
  // Lower case, as a phone may send it, is the same label.
  expect((await labelForDigitalLink(t.db, "09506000134352", serial(13).toLowerCase()))?.code).toBe(world.codeAt(13));
  // Labels on the batch without a GTIN, in stock, or under another GTIN: none.
  expect(await labelForDigitalLink(t.db, "09506000134352", serial(0))).toBeNull();
  expect(await labelForDigitalLink(t.db, "09506000134352", serial(14))).toBeNull();
  expect(await labelForDigitalLink(t.db, "04006381333931", serial(12))).toBeNull();

  const linkset = labelLinkset(
    "https://gi.example.gov.cn",
    `https://gi.example.gov.cn/01/09506000134352/21/${serial(12)}`,
    found!,
  );
  const links = linkset.linkset[0]!;
  expect(
    Object.keys(links)
      .filter((k) => k.startsWith("https://gs1.org/voc/"))
      .sort(),
  ).toEqual([
    "https://gs1.org/voc/certificationInfo",
    "https://gs1.org/voc/defaultLink",
    "https://gs1.org/voc/pip",
    "https://gs1.org/voc/verificationService",
  ]);
  expect(links["https://gs1.org/voc/verificationService"]).toContainEqual(
    expect.objectContaining({
      href: `https://gi.example.gov.cn/api/v1/verify/${world.codeAt(12)}`,
      type: "application/json",
    }),
  );
});

it("a mark opted into Digital Link prints /01/<gtin>/21/<serial>?c=<code>, and code, serial and GTIN must agree", async () => {
  const world = await labelsInEveryState(w, "DL-P");
  const first = await t.db
    .selectFrom("label")
    .select(["serial", "serial_year"])
    .where("order_id", "=", world.orderId)
    .orderBy("serial")
    .executeTakeFirstOrThrow();
  const mark = await t.db.selectFrom("mark").selectAll().where("id", "=", w.markId).executeTakeFirstOrThrow();
  const serial = (offset: number) => formatSerial(mark, first.serial_year, Number(first.serial) + offset);
  const origin = "https://gi.example.gov.cn";
  // Without the opt-in the QR keeps its short form.
  expect(printedUrl(origin, mark, serial(3), world.codeAt(3))).toBe(verificationUrl(origin, world.codeAt(3)));
  await t.db.updateTable("mark").set({ digital_link_gtin: "09506000134352" }).where("id", "=", w.markId).execute();
  const optedIn = { ...mark, digital_link_gtin: "09506000134352" };
  const printed = new URL(printedUrl(origin, optedIn, serial(3), world.codeAt(3)));
  expect(printed.pathname).toBe(`/01/09506000134352/21/${serial(3)}`);
  expect(printed.searchParams.get("C")).toBe(world.codeAt(3));
  // The printed link names its label in stock too (no batch needed): the verdict is the code's.
  expect((await labelForPrintedDigitalLink(t.db, "09506000134352", serial(3), world.codeAt(3)))?.code).toBe(
    world.codeAt(3),
  );
  // The code moved onto another serial, another GTIN, or a made-up code: no label.
  expect(await labelForPrintedDigitalLink(t.db, "09506000134352", serial(4), world.codeAt(3))).toBeNull();
  expect(await labelForPrintedDigitalLink(t.db, "04006381333931", serial(3), world.codeAt(3))).toBeNull();
  expect(await labelForPrintedDigitalLink(t.db, "09506000134352", serial(3), "not a code")).toBeNull();
  // Counting serials without the code finds nothing that was never collected onto a GTIN batch.
  expect(await labelForDigitalLink(t.db, "09506000134352", serial(3))).toBeNull();
  await t.db.updateTable("mark").set({ digital_link_gtin: null }).where("id", "=", w.markId).execute();
});
