import type { Kysely, Transaction } from "kysely";
import type { DB } from "#db/schema.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { hashPassword } from "#app/accounts/password.server.ts";
import { insertAccount } from "#app/accounts/users.server.ts";
import {
  DEMO_ACCOUNTS,
  DEMO_ANNOUNCEMENTS,
  DEMO_ENTERPRISES,
  DEMO_MARKS,
  DEMO_PRINTER,
  DEMO_USERS,
} from "./demo-data.ts";
import { insertPrinter } from "#app/printer/printer.server.ts";
import { makeUscc } from "#app/enterprise/uscc.ts";
import { demoScanCodes, seedDemoLabels } from "./demo-labels.server.ts";
import { seedDemoScans } from "./demo-scans.server.ts";
import { designatePrinters, insertEnterpriseRecord, insertMarkWithArea, SEED_ACTOR } from "./factories.server.ts";

/** Seeds an empty database (no accounts yet). Returns false when there was something already. */
export async function seedDemo(db: Kysely<DB>): Promise<boolean> {
  const anyUser = await db.selectFrom("app_user").select("id").limit(1).executeTakeFirst();
  if (anyUser) return false;
  const hashes = await Promise.all(DEMO_ACCOUNTS.map((a) => hashPassword(a.password)));

  await db.transaction().execute(async (trx) => {
    for (const m of DEMO_MARKS) await insertMarkWithArea(trx, SEED_ACTOR, m);

    const enterpriseIds = new Map<string, string>();
    for (const e of DEMO_ENTERPRISES) {
      const row = await insertEnterpriseRecord(trx, SEED_ACTOR, {
        uscc: e.uscc,
        name: e.name,
        legalRepresentative: e.legal,
        divisionCode: e.divisionCode,
        contactName: e.contact,
        contactPhone: e.phone,
      });
      enterpriseIds.set(e.key, row.id);
    }

    const printer = await insertPrinter(trx, SEED_ACTOR, {
      name: DEMO_PRINTER.name,
      uscc: makeUscc("91", "430900", DEMO_PRINTER.org),
      divisionCode: DEMO_PRINTER.divisionCode,
    });

    const accountIds = new Map<string, string>();
    for (const [i, a] of DEMO_ACCOUNTS.entries()) {
      const id = await insertAccount(trx, SEED_ACTOR, {
        username: a.username,
        displayName: a.displayName,
        passwordHash: hashes[i]!,
        role: a.role,
        divisionCode: "divisionCode" in a ? a.divisionCode : null,
        isApprover: "isApprover" in a ? a.isApprover : false,
        enterpriseId: "enterpriseKey" in a ? (enterpriseIds.get(a.enterpriseKey ?? "") ?? null) : null,
        printerId: a.role === "printer" ? printer.id : null,
        isDemo: true,
      });
      accountIds.set(a.username, id);
    }
    await seedDemoRegister(trx, accountIds.get("approver.hunan")!, enterpriseIds, printer.id);
  });
  await seedDemoLabels(db);
  await seedDemoScans(db);
  return true;
}

/** Users already admitted by a (demo) announcement, so the register, verification and label pages have data. */
async function seedDemoRegister(
  trx: Transaction<DB>,
  approverId: string,
  enterpriseIds: Map<string, string>,
  printerId: string,
) {
  const marks = new Map((await trx.selectFrom("mark").select(["id", "slug"]).execute()).map((m) => [m.slug, m.id]));
  await designatePrinters(
    trx,
    SEED_ACTOR,
    ["anhua-dark-tea", "anhua-huangjing", "anhua-larou"].map((slug) => ({ markId: marks.get(slug)!, printerId })),
  );
  await trx
    .updateTable("mark")
    .set({ allow_self_print: true, serial_prefix: "AHHJ" })
    .where("slug", "=", "anhua-huangjing")
    .execute();
  for (const { division, number, on } of DEMO_ANNOUNCEMENTS) {
    const announcement = await trx
      .insertInto("announcement")
      .values({
        number,
        title: `${number}（演示）关于地理标志专用标志合法使用人的公告`,
        division_code: division,
        status: "published",
        published_on: on,
        created_by: approverId,
        published_by: approverId,
        published_at: new Date(`${on}T02:00:00Z`),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const user of DEMO_USERS.filter((u) => u.announcement === number)) {
      const township = await trx
        .selectFrom("mark_area")
        .select("division_code")
        .where("mark_id", "=", marks.get(user.mark)!)
        .orderBy("division_code")
        .executeTakeFirstOrThrow();
      const row = await trx
        .insertInto("authorization")
        .values({
          enterprise_id: enterpriseIds.get(user.enterprise)!,
          mark_id: marks.get(user.mark)!,
          route: user.route,
          status: "active",
          township_code: township.division_code,
          products: user.products,
          annual_output: user.output,
          label_manager_name: "用标专员（演示）",
          label_manager_phone: "13800000000",
          licence_filing_no: user.route === "certification_licensee" ? "（演示）备案 001" : null,
          licence_filing_date: user.route === "certification_licensee" ? "2025-01-10" : null,
          licence_start: user.route === "certification_licensee" ? "2025-01-10" : null,
          licence_end: user.route === "certification_licensee" ? "2029-12-31" : null,
          submitted_at: new Date(`${on}T00:00:00Z`),
          active_from: on,
          entry_announcement_id: announcement.id,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("authorization_event")
        .values([
          {
            authorization_id: row.id,
            effective_on: on,
            action: "submit",
            from_status: null,
            to_status: "submitted",
            comment: "演示数据",
          },
          {
            authorization_id: row.id,
            effective_on: on,
            actor_user_id: approverId,
            action: "activate",
            from_status: "approved",
            to_status: "active",
            announcement_id: announcement.id,
          },
        ])
        .execute();
      await recordAudit(trx, SEED_ACTOR, {
        action: "authorization.activate",
        entityType: "authorization",
        entityId: row.id,
        after: { ...user, activeFrom: on, announcement: number },
      });
    }
  }
}

/** The demo accounts that still exist, as a table printed at every start. */
export async function demoAccountsTable(db: Kysely<DB>): Promise<string | null> {
  const rows = await db
    .selectFrom("app_user")
    .select(["username"])
    .where("is_demo", "=", true)
    .where("disabled_at", "is", null)
    .execute();
  if (!rows.length) return null;
  const present = new Set(rows.map((r) => r.username));
  const lines = DEMO_ACCOUNTS.filter((a) => present.has(a.username)).map(
    (a) => `  ${a.username.padEnd(20)} ${a.password.padEnd(22)} ${a.displayName}`,
  );
  const codes = await demoScanCodes(db);
  const scans = codes
    ? [
        "[seed] demo labels to scan:",
        ...Object.entries(codes).map(([verdict, code]) => `  ${verdict.padEnd(20)} /v/${code}`),
      ]
    : [];
  return ["[seed] demo accounts (username / password):", ...lines, ...scans].join("\n");
}
