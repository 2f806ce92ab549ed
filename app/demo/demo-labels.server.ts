import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { hashPassword } from "#app/accounts/password.server.ts";
import { insertAccount } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { SYSTEM_ACTOR } from "#app/audit/audit.server.ts";
import { transition } from "#app/authorization/authorization.server.ts";
import { encodeCode } from "#app/label-code/code.ts";
import { confirmReceipt, decideOrder, orderLabels, recordPrinting } from "#app/label/label-order.server.ts";
import { collectLabels, createBatch, voidLabels } from "#app/label/label-stock.server.ts";

/** Where the demo's sample codes are kept, one per verdict, for the home page and the scan tests. */
export const DEMO_SCAN_CODES_KEY = "demo_scan_codes";
export type DemoScanCodes = Record<"genuine" | "genuine_exited" | "not_activated" | "voided", string>;

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
 * scan page has a code for every verdict: 安化黄精 of anhua-1 (genuine, voided, not activated) and
 * of anhua-3, whose authorization is then cancelled (genuine but exited).
 */
export async function seedDemoLabels(db: Kysely<DB>): Promise<DemoScanCodes> {
  const regulator = await sessionUser(db, "regulator.anhua");
  const printer = await sessionUser(db, "printer.demo");
  const mark = await db.selectFrom("mark").select("id").where("slug", "=", "anhua-huangjing").executeTakeFirstOrThrow();

  async function collected(enterpriseKeyUser: SessionUser, batchNo: string) {
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
      intendedProducts: "九蒸九晒黄精",
      printerId: printer.printerId,
    });
    const issued =
      order.status === "issued"
        ? order
        : await decideOrder(db, regulator, order.id, { approve: true, version: order.version });
    const shipped = await recordPrinting(db, printer, order.id, {
      printed: 40,
      spoiledSerials: [],
      version: issued.version,
    });
    await confirmReceipt(db, enterpriseKeyUser, order.id, { received: 40, version: shipped.version });
    const batch = await createBatch(db, enterpriseKeyUser, {
      authorizationId: authorization.id,
      product: "九蒸九晒黄精",
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
  await voidLabels(db, member, mark.id, { year: first.year, from: first.from + 20, to: first.from + 21 }, "damaged");

  // A second user of the same mark, with its own (unlisted) account, who then leaves.
  const leaving = await db
    .selectFrom("authorization")
    .select(["enterprise_id"])
    .where("mark_id", "=", mark.id)
    .where("enterprise_id", "!=", member.enterpriseId!)
    .where("status", "=", "active")
    .executeTakeFirstOrThrow();
  const passwordHash = await hashPassword(randomBytes(24).toString("base64url"));
  await db.transaction().execute((trx) =>
    insertAccount(trx, SYSTEM_ACTOR, {
      username: "enterprise.demo3",
      displayName: "演示企业 3（已退出）",
      passwordHash,
      role: "enterprise",
      divisionCode: null,
      isApprover: false,
      enterpriseId: leaving.enterprise_id,
      printerId: null,
      isDemo: true,
    }),
  );
  const exiting = await sessionUser(db, "enterprise.demo3");
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

  const codes: DemoScanCodes = {
    genuine: await first.codeAt(first.from),
    voided: await first.codeAt(first.from + 20),
    not_activated: await first.codeAt(first.from + 30),
    genuine_exited: await second.codeAt(second.from),
  };
  await db
    .insertInto("app_meta")
    .values({ key: DEMO_SCAN_CODES_KEY, value: JSON.stringify(codes) })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(codes) }))
    .execute();
  return codes;
}

export async function demoScanCodes(db: Kysely<DB>): Promise<DemoScanCodes | null> {
  const row = await db.selectFrom("app_meta").select("value").where("key", "=", DEMO_SCAN_CODES_KEY).executeTakeFirst();
  return row ? (JSON.parse(row.value) as DemoScanCodes) : null;
}
