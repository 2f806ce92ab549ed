import type { Kysely } from "kysely";
import type postgres from "postgres";
import type { DB, Enterprise } from "#db/schema.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { applyForMark } from "#app/authorization/application.server.ts";
import { transition } from "#app/authorization/transition.server.ts";
import { publishAnnouncement } from "#app/authorization/announcement.server.ts";
import { encodeCode } from "#app/label-code/code.ts";
import { confirmReceipt } from "#app/label/receipt.server.ts";
import { decideOrder, orderLabels } from "#app/label/label-order.server.ts";
import { recordPrinting } from "#app/label/printing.server.ts";
import { collectLabels } from "#app/label/collection.server.ts";
import { createBatch } from "#app/label/product-batch.server.ts";
import { voidLabels } from "#app/label/voiding.server.ts";
import { SYSTEM_ACTOR } from "#app/audit/audit.server.ts";
import { designatePrinters } from "#app/demo/factories.server.ts";
import { insertPrinter } from "#app/printer/printer.server.ts";
import { makeEnterprise, makeUser } from "./factories.ts";
import { makeMark, SITE_CHECK_PDF } from "./register-factories.ts";

export interface LabelWorld {
  db: Kysely<DB>;
  raw?: postgres.Sql | undefined;
  markId: string;
  printerId: string;
  regulator: SessionUser;
  approver: SessionUser;
  printer: SessionUser;
}

/**
 * A printer (in the prefecture) with its user, and a mark that designates it: what every label
 * test starts from before the regulator, approver and enterprise of its world.
 */
export async function markWithPrinter(db: Kysely<DB>, printerName: string, mark: Parameters<typeof makeMark>[1]) {
  const row = await db
    .transaction()
    .execute((trx) => insertPrinter(trx, SYSTEM_ACTOR, { name: printerName, uscc: null, divisionCode: "430900" }));
  const printer = await makeUser(db, "printer", { printerId: row.id });
  const made = await makeMark(db, mark);
  await db
    .transaction()
    .execute((trx) => designatePrinters(trx, SYSTEM_ACTOR, [{ markId: made.id, printerId: row.id }]));
  return { mark: made, printerId: row.id, printer };
}

/**
 * An enterprise admitted to the world's mark (or `markId`) through the real lifecycle and an
 * announcement: a new enterprise, or one that already has a member (`as`).
 */
export async function activeUser(
  w: LabelWorld,
  divisionCode = "430923",
  options: { markId?: string; as?: { enterprise: Enterprise; member: SessionUser } } = {},
) {
  const markId = options.markId ?? w.markId;
  const enterprise = options.as?.enterprise ?? (await makeEnterprise(w.db, divisionCode));
  const member = options.as?.member ?? (await makeUser(w.db, "enterprise", { enterpriseId: enterprise.id }));
  const township = (
    await w.db.selectFrom("mark_area").select("division_code").where("mark_id", "=", markId).executeTakeFirstOrThrow()
  ).division_code;
  const a = await applyForMark(w.db, member, {
    markId,
    route: "gi_product",
    townshipCode: township,
    products: "茶",
    annualOutput: "10 吨",
    labelManagerName: "王",
    labelManagerPhone: "13800000000",
  });
  let v = (await transition(w.db, w.regulator, a.id, { action: "accept", version: a.version })).version;
  v = (
    await transition(w.db, w.regulator, a.id, {
      action: "review",
      version: v,
      comment: "符合",
      document: SITE_CHECK_PDF,
    })
  ).version;
  await transition(w.db, w.approver, a.id, { action: "approve", version: v });
  await publishAnnouncement(w.db, w.approver, {
    number: `L-${a.id.slice(0, 8)}`,
    title: "公告",
    authorizationIds: [a.id],
  });
  return { enterprise, member, authorizationId: a.id };
}

/**
 * 20 labels received by a new user: serials +0..+9 collected onto batch `batchNo`, +10..+11
 * voided, the rest in stock. Returns each label's code by offset.
 */
export async function labelsInEveryState(w: LabelWorld, batchNo: string) {
  const user = await activeUser(w);
  const order = await orderLabels(w.db, user.member, {
    authorizationId: user.authorizationId,
    quantity: 20,
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
  const shipped = await recordPrinting(w.db, w.printer, order.id, {
    printed: 20,
    spoiledSerials: [],
    version: issued.version,
  });
  await confirmReceipt(w.db, user.member, order.id, { received: 20, version: shipped.version });
  const year = issued.serial_year!;
  const from = issued.serial_from!;
  const batch = await createBatch(w.db, user.member, {
    authorizationId: user.authorizationId,
    product: "千两茶",
    specification: "1000g",
    batchNo,
    productionDate: "2026-11-01",
    quantity: 100,
  });
  await collectLabels(w.db, user.member, batch.id, { year, from, to: from + 9 });
  await voidLabels(w.db, user.member, w.markId, { year, from: from + 10, to: from + 11 }, "damaged");
  const rows = await w.db
    .selectFrom("label")
    .select(["code", "serial"])
    .where("order_id", "=", order.id)
    .orderBy("serial")
    .execute();
  const codeAt = (offset: number) => encodeCode(new Uint8Array(rows[offset]!.code));
  return { ...user, orderId: order.id, codeAt };
}

/** Moves an authorization through a regulator action (suspend, cancel, …) at its current version. */
export async function actOn(
  w: LabelWorld,
  authorizationId: string,
  input: Omit<Parameters<typeof transition>[3], "version">,
) {
  const current = await w.db
    .selectFrom("authorization")
    .select("version")
    .where("id", "=", authorizationId)
    .executeTakeFirstOrThrow();
  return transition(w.db, w.regulator, authorizationId, { ...input, version: current.version } as Parameters<
    typeof transition
  >[3]);
}
