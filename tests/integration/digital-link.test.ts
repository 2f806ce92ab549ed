import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { formatSerial } from "#app/label-code/code.ts";
import { labelForPrintedDigitalLink, labelLinkset } from "#app/label/digital-link.server.ts";
import { loader as resolve } from "#app/routes/01.$gtin.21.$serial.ts";
import { printedUrl, verificationUrl } from "#app/label/export.server.ts";
import { collectLabels } from "#app/label/collection.server.ts";
import { createBatch } from "#app/label/product-batch.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeUser } from "#tests/support/factories.ts";

import { labelsInEveryState, type LabelWorld, markWithPrinter } from "#tests/support/label-factories.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-dl-"));

let t: TestDatabase;
let w: LabelWorld;
beforeAll(async () => {
  t = await createTestDatabase();
  (globalThis as Record<symbol, unknown>)[Symbol.for("gi-mark-registry.db")] = Promise.resolve(t);
  const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  const approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  const { mark, printerId, printer } = await markWithPrinter(t.db, "数字链接印务", { slug: "dl-tea" });
  w = { db: t.db, raw: t.raw, markId: mark.id, printerId, regulator, approver, printer };
});
afterAll(async () => {
  await t?.drop();
});

/** What the resolver answers a phone (or, with `accept`, a platform) for a Digital Link path. */
const open = async (path: string, accept?: string) =>
  (await resolve({
    request: new Request(`http://localhost${path}`, accept ? { headers: { Accept: accept } } : {}),
    params: Object.fromEntries(Object.entries(/^\/01\/(?<gtin>[^/]+)\/21\/(?<serial>[^?]+)/.exec(path)!.groups!)),
    context: { clientIp: "127.0.0.1", cspNonce: "n" },
  })) as Response;

it("a batch's GTIN is check-digit verified; a serial without its code answers no code", async () => {
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

  // A serial is public and counted: a link without the label's code proves nothing and names no code.
  const bare = await open(`/01/09506000134352/21/${serial(12)}`);
  expect(bare.status).toBe(404);
  const page = await bare.text();
  expect(page).toContain("仅凭序号无法核验");
  expect(page).not.toContain(world.codeAt(12));
  expect((await open(`/01/09506000134352/21/${serial(12)}`, "application/linkset+json")).status).toBe(404);
  // With the code the platform gets the linkset; a code that is not this serial's gets nothing.
  const withCode = await open(
    `/01/09506000134352/21/${serial(12)}?C=${encodeURIComponent(world.codeAt(12))}`,
    "application/linkset+json",
  );
  expect(withCode.status).toBe(200);
  expect(JSON.stringify(await withCode.json())).toContain(world.codeAt(12));
  const swapped = await open(`/01/09506000134352/21/${serial(13)}?C=${encodeURIComponent(world.codeAt(12))}`);
  expect(swapped.status).toBe(404);
  expect(await swapped.text()).toContain("链接中的序号与标志码不符");
  const found = await labelForPrintedDigitalLink(t.db, serial(12), world.codeAt(12));
  expect(found?.code).toBe(world.codeAt(12));

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
  expect((await labelForPrintedDigitalLink(t.db, serial(3), world.codeAt(3)))?.code).toBe(world.codeAt(3));
  // The code moved onto another serial, or a made-up code: no label.
  expect(await labelForPrintedDigitalLink(t.db, serial(4), world.codeAt(3))).toBeNull();
  expect(await labelForPrintedDigitalLink(t.db, serial(3), "not a code")).toBeNull();
  // The mark's GTIN changed after printing: labels printed with the old one stay genuine.
  await t.db.updateTable("mark").set({ digital_link_gtin: "04006381333931" }).where("id", "=", w.markId).execute();
  const old = await open(
    `/01/09506000134352/21/${serial(3)}?C=${encodeURIComponent(world.codeAt(3))}`,
    "application/linkset+json",
  );
  expect(old.status).toBe(200);
  await t.db.updateTable("mark").set({ digital_link_gtin: null }).where("id", "=", w.markId).execute();
});
