import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { recordAudit, SYSTEM_ACTOR } from "#app/audit/audit.server.ts";
import { hashPassword } from "#app/accounts/password.server.ts";
import { insertAccount } from "#app/accounts/users.server.ts";
import { DEMO_ACCOUNTS, DEMO_ENTERPRISES, DEMO_MARKS, DEMO_PRINTER } from "./demo-data.ts";
import { makeUscc } from "#app/enterprise/uscc.ts";

const SEED_ACTOR = { ...SYSTEM_ACTOR, label: "demo seed" };

/** Seeds an empty database (no accounts yet). Returns false when there was something already. */
export async function seedDemo(db: Kysely<DB>): Promise<boolean> {
  const anyUser = await db.selectFrom("app_user").select("id").limit(1).executeTakeFirst();
  if (anyUser) return false;
  const hashes = await Promise.all(DEMO_ACCOUNTS.map((a) => hashPassword(a.password)));

  await db.transaction().execute(async (trx) => {
    for (const m of DEMO_MARKS) {
      const mark = await trx
        .insertInto("mark")
        .values({
          slug: m.slug,
          name: m.name,
          kind: m.kind,
          division_code: m.divisionCode,
          legal_basis: m.legalBasis,
          standard_code: m.standardCode,
          registrant: m.registrant,
          approving_level: m.approvingLevel,
          target_users: m.targetUsers,
          target_year: m.targetYear,
        })
        .returning(["id"])
        .executeTakeFirstOrThrow();
      const townships = await trx
        .selectFrom("division")
        .select("code")
        .where("parent_code", "=", m.divisionCode)
        .where("level", "=", "township")
        .execute();
      if (townships.length) {
        await trx.insertInto("mark_area").values(townships.map((t) => ({ mark_id: mark.id, division_code: t.code }))).execute();
      }
      await recordAudit(trx, SEED_ACTOR, {
        action: "mark.create",
        entityType: "mark",
        entityId: mark.id,
        after: { ...m, protectionArea: townships.map((t) => t.code) },
      });
    }

    const enterpriseIds = new Map<string, string>();
    for (const e of DEMO_ENTERPRISES) {
      const row = await trx
        .insertInto("enterprise")
        .values({
          uscc: e.uscc,
          name: e.name,
          legal_representative: e.legal,
          division_code: e.divisionCode,
          contact_name: e.contact,
          contact_phone: e.phone,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      enterpriseIds.set(e.key, row.id);
      await recordAudit(trx, SEED_ACTOR, { action: "enterprise.register", entityType: "enterprise", entityId: row.id, after: e });
    }

    const printer = await trx
      .insertInto("printer")
      .values({ name: DEMO_PRINTER.name, uscc: makeUscc("91", "430900", DEMO_PRINTER.org), division_code: DEMO_PRINTER.divisionCode })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, SEED_ACTOR, { action: "printer.create", entityType: "printer", entityId: printer.id, after: DEMO_PRINTER });

    for (const [i, a] of DEMO_ACCOUNTS.entries()) {
      await insertAccount(trx, SEED_ACTOR, {
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
    }
  });
  return true;
}

/** The demo accounts that still exist, as a table printed at every start. */
export async function demoAccountsTable(db: Kysely<DB>): Promise<string | null> {
  const rows = await db.selectFrom("app_user").select(["username"]).where("is_demo", "=", true).where("disabled_at", "is", null).execute();
  if (!rows.length) return null;
  const present = new Set(rows.map((r) => r.username));
  const lines = DEMO_ACCOUNTS.filter((a) => present.has(a.username)).map(
    (a) => `  ${a.username.padEnd(20)} ${a.password.padEnd(22)} ${a.displayName}`,
  );
  return ["[seed] demo accounts (username / password):", ...lines].join("\n");
}
