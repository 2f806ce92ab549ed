import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { DB, Verdict } from "#db/schema.ts";
import { hashPassword } from "#app/accounts/password.server.ts";
import { insertAccount } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { SYSTEM_ACTOR } from "#app/audit/audit.server.ts";
import { transition } from "#app/authorization/transition.server.ts";
import { encodeCode } from "#app/label-code/code.ts";
import { confirmReceipt } from "#app/label/receipt.server.ts";
import { decideOrder, orderLabels } from "#app/label/label-order.server.ts";
import { recordPrinting } from "#app/label/printing.server.ts";
import { collectLabels } from "#app/label/collection.server.ts";
import { createBatch } from "#app/label/product-batch.server.ts";
import { voidLabels } from "#app/label/voiding.server.ts";
import { designatePrinters, SEED_ACTOR } from "./factories.server.ts";

/** Where the demo's sample codes are kept, one per verdict, for the home page and the scan tests. */
export const DEMO_SCAN_CODES_KEY = "demo_scan_codes";
export type DemoScanCodes = Record<Verdict, string>;

async function sessionUser(db: Kysely<DB>, username: string): Promise<SessionUser> {
  const u = await db.selectFrom("app_user").selectAll().where("username", "=", username).executeTakeFirstOrThrow();
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    divisionCode: u.division_code,
    divisionName: null,
    isApprover: u.is_approver,
    enterpriseId: u.enterprise_id,
    printerId: u.printer_id,
    sessionId: "demo-seed",
  };
}

/**
 * Labels through the real ledger (order → approve → print → receive → collect / void), so the
 * scan page has a code for every verdict: 安化黄精 of anhua-1 (genuine, voided, not activated), of
 * anhua-3, whose authorization is then cancelled (genuine but exited), and 柞水木耳 of zhashui-1,
 * then suspended (user suspended); a code nobody issued (not found) and a mistyped one (invalid).
 */
export async function seedDemoLabels(db: Kysely<DB>): Promise<DemoScanCodes> {
  const regulator = await sessionUser(db, "regulator.anhua");
  const printer = await sessionUser(db, "printer.demo");
  const huangjing = await db
    .selectFrom("mark")
    .select("id")
    .where("slug", "=", "anhua-huangjing")
    .executeTakeFirstOrThrow();

  async function collected(
    enterpriseKeyUser: SessionUser,
    batchNo: string,
    mark = huangjing,
    decider = regulator,
    product = "九蒸九晒黄精",
  ) {
    const authorization = await db
      .selectFrom("authorization")
      .select(["id"])
      .where("enterprise_id", "=", enterpriseKeyUser.enterpriseId!)
      .where("mark_id", "=", mark.id)
      .executeTakeFirstOrThrow();
    const order = await orderLabels(db, enterpriseKeyUser, {
      authorizationId: authorization.id,
      quantity: 40,
      template: "圆形 30mm（演示）",
      intendedProducts: product,
      printerId: printer.printerId,
    });
    const issued =
      order.status === "issued"
        ? order
        : await decideOrder(db, decider, order.id, { approve: true, version: order.version });
    const shipped = await recordPrinting(db, printer, order.id, {
      printed: 40,
      spoiledSerials: [],
      version: issued.version,
    });
    await confirmReceipt(db, enterpriseKeyUser, order.id, { received: 40, version: shipped.version });
    const batch = await createBatch(db, enterpriseKeyUser, {
      authorizationId: authorization.id,
      product,
      specification: "250g",
      batchNo,
      productionDate: "2026-10-15",
      quantity: 100,
    });
    const year = issued.serial_year!;
    const from = issued.serial_from!;
    await collectLabels(db, enterpriseKeyUser, batch.id, { year, from, to: from + 19 });
    const codeAt = async (serial: number) => {
      const row = await db
        .selectFrom("label")
        .select("code")
        .where("order_id", "=", order.id)
        .where("serial", "=", serial)
        .executeTakeFirstOrThrow();
      return encodeCode(new Uint8Array(row.code));
    };
    return { authorizationId: authorization.id, year, from, codeAt };
  }

  const member = await sessionUser(db, "enterprise.demo");
  const first = await collected(member, "HJ-2026-001");
  await voidLabels(
    db,
    member,
    huangjing.id,
    { year: first.year, from: first.from + 20, to: first.from + 21 },
    "damaged",
  );

  // A second user of the same mark, with its own (unlisted) account, who then leaves.
  const leaving = await db
    .selectFrom("authorization")
    .select(["enterprise_id"])
    .where("mark_id", "=", huangjing.id)
    .where("enterprise_id", "!=", member.enterpriseId!)
    .where("status", "=", "active")
    .executeTakeFirstOrThrow();
  const exiting = await unlistedAccount(db, "enterprise.demo3", "演示企业 3（已退出）", leaving.enterprise_id);
  const second = await collected(exiting, "HJP-2026-007");
  const current = await db
    .selectFrom("authorization")
    .select("version")
    .where("id", "=", second.authorizationId)
    .executeTakeFirstOrThrow();
  await transition(db, regulator, second.authorizationId, {
    action: "cancel",
    version: current.version,
    exitReason: "voluntary",
    comment: "企业申请退出（演示）",
  });

  // 柞水木耳's user, printed by the demo printer, collected in October, then suspended.
  const fungus = await db
    .selectFrom("mark")
    .select("id")
    .where("slug", "=", "zhashui-black-fungus")
    .executeTakeFirstOrThrow();
  await db
    .transaction()
    .execute((trx) => designatePrinters(trx, SEED_ACTOR, [{ markId: fungus.id, printerId: printer.printerId! }]));
  const zhashuiUser = await db
    .selectFrom("authorization")
    .select(["enterprise_id"])
    .where("mark_id", "=", fungus.id)
    .where("status", "=", "active")
    .executeTakeFirstOrThrow();
  const suspending = await unlistedAccount(db, "enterprise.demo4", "演示企业 4（被暂停）", zhashuiUser.enterprise_id);
  const zhashuiRegulator = await sessionUser(db, "regulator.zhashui");
  const third = await collected(suspending, "ZSMR-2026-010", fungus, zhashuiRegulator, "柞水木耳（干制）");
  const suspended = await db
    .selectFrom("authorization")
    .select("version")
    .where("id", "=", third.authorizationId)
    .executeTakeFirstOrThrow();
  await transition(db, zhashuiRegulator, third.authorizationId, {
    action: "suspend",
    version: suspended.version,
    comment: "抽检不合格，暂停使用（演示）",
  });

  const genuine = await first.codeAt(first.from);
  // One character changed: the check character catches it.
  const typo = genuine.slice(0, 25) + (genuine[25] === "7" ? "8" : "7") + genuine.slice(26);
  const codes: DemoScanCodes = {
    genuine,
    genuine_exited: await second.codeAt(second.from),
    suspended_user: await third.codeAt(third.from),
    not_activated: await first.codeAt(first.from + 30),
    voided: await first.codeAt(first.from + 20),
    // Well formed, never issued (16 fixed bytes; a random code matching it is a 2^-128 chance).
    not_found: encodeCode(new Uint8Array([0xde, 0x30, ...Array.from({ length: 14 }, (_, i) => i * 17)])),
    invalid: typo,
  };
  await db
    .insertInto("app_meta")
    .values({ key: DEMO_SCAN_CODES_KEY, value: JSON.stringify(codes) })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(codes) }))
    .execute();
  return codes;
}

/** An enterprise account the demo does not list: it exists so the seed can act as that user. */
async function unlistedAccount(db: Kysely<DB>, username: string, displayName: string, enterpriseId: string) {
  const passwordHash = await hashPassword(randomBytes(24).toString("base64url"));
  await db.transaction().execute((trx) =>
    insertAccount(trx, SYSTEM_ACTOR, {
      username,
      displayName,
      passwordHash,
      role: "enterprise",
      divisionCode: null,
      isApprover: false,
      enterpriseId,
      printerId: null,
      isDemo: true,
    }),
  );
  return sessionUser(db, username);
}

export async function demoScanCodes(db: Kysely<DB>): Promise<DemoScanCodes | null> {
  const row = await db.selectFrom("app_meta").select("value").where("key", "=", DEMO_SCAN_CODES_KEY).executeTakeFirst();
  return row ? (JSON.parse(row.value) as DemoScanCodes) : null;
}
