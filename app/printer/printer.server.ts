import type { Kysely, Transaction } from "kysely";
import type { DB } from "#db/schema.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { checkNewLogin, translateUnique } from "#app/accounts/staff.server.ts";
import { insertAccount } from "#app/accounts/users.server.ts";
import { recordAudit, type Actor } from "#app/audit/audit.server.ts";
import { findDivision, levelOfCode } from "#app/division/division.server.ts";
import { assertUscc } from "#app/enterprise/enterprise.server.ts";
import { DomainError } from "#app/errors.ts";

/** Registers a printing company (印制单位), audited, inside the caller's transaction. */
export async function insertPrinter(
  trx: Transaction<DB>,
  actor: Actor,
  printer: { name: string; uscc: string | null; divisionCode: string },
) {
  const row = await trx
    .insertInto("printer")
    .values({ name: printer.name, uscc: printer.uscc, division_code: printer.divisionCode })
    .returning(["id", "name", "uscc", "division_code"])
    .executeTakeFirstOrThrow();
  await recordAudit(trx, actor, { action: "printer.create", entityType: "printer", entityId: row.id, after: row });
  return row;
}

/** A printer member sees only the printer it belongs to. */
export async function findPrinterOf(db: Kysely<DB>, user: SessionUser) {
  if (!user.printerId) return undefined;
  return db
    .selectFrom("printer")
    .innerJoin("division", "division.code", "printer.division_code")
    .select(["printer.id", "printer.name", "printer.uscc", "division.full_name as division_name"])
    .where("printer.id", "=", user.printerId)
    .executeTakeFirst();
}

export async function listPrinters(db: Kysely<DB>) {
  return db.selectFrom("printer").select(["id", "name"]).orderBy("name").execute();
}

/** A printer organisation and its first member account. */
export async function createPrinterAccount(
  db: Kysely<DB>,
  actor: Actor,
  input: {
    username: string;
    displayName: string;
    password: string;
    printerName: string;
    printerUscc?: string | undefined;
    divisionCode: string;
  },
) {
  const division = await findDivision(db, input.divisionCode);
  if (!division || levelOfCode(division.code) === "township") {
    throw new DomainError("division.unknown", { field: "divisionCode", params: { code: input.divisionCode } });
  }
  const uscc = input.printerUscc ? assertUscc(input.printerUscc, "printerUscc").code : null;
  const login = await checkNewLogin(db, input.username, input.password);
  try {
    return await db.transaction().execute(async (trx) => {
      const printer = await insertPrinter(trx, actor, {
        name: input.printerName,
        uscc,
        divisionCode: division.code,
      });
      return insertAccount(trx, actor, {
        ...login,
        displayName: input.displayName,
        role: "printer",
        printerId: printer.id,
      });
    });
  } catch (error) {
    translateUnique(error);
  }
}
