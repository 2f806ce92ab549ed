import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { isUniqueViolation } from "#db/errors.ts";
import { recordAudit, type Actor } from "#app/audit/audit.server.ts";
import { findDivision, levelOfCode } from "#app/division/division.server.ts";
import { assertUscc } from "#app/enterprise/enterprise.server.ts";
import { DomainError } from "#app/errors.ts";
import { assertUsername, assertUsernameFree, insertAccount, preparePassword } from "./users.server.ts";

async function checkNewLogin(db: Kysely<DB>, username: string, password: string) {
  const normalized = assertUsername(username);
  await assertUsernameFree(db, normalized);
  return { username: normalized, passwordHash: await preparePassword(password, normalized) };
}

function translateUnique(error: unknown): never {
  if (isUniqueViolation(error, "app_user_username_key")) throw new DomainError("username.taken", { field: "username" });
  if (isUniqueViolation(error, "printer_uscc_key")) throw new DomainError("uscc.taken", { field: "printerUscc" });
  throw error;
}

/** A regulator is bound to a province, city or county division, optionally as approver. */
export async function createRegulatorAccount(
  db: Kysely<DB>,
  actor: Actor,
  input: { username: string; displayName: string; password: string; divisionCode: string; isApprover: boolean },
) {
  const division = await findDivision(db, input.divisionCode);
  if (!division || levelOfCode(division.code) === "township") {
    throw new DomainError("division.unknown", { field: "divisionCode", params: { code: input.divisionCode } });
  }
  const login = await checkNewLogin(db, input.username, input.password);
  try {
    return await db.transaction().execute((trx) =>
      insertAccount(trx, actor, {
        ...login,
        displayName: input.displayName,
        role: "regulator",
        divisionCode: division.code,
        isApprover: input.isApprover,
      }),
    );
  } catch (error) {
    translateUnique(error);
  }
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
  const uscc = input.printerUscc ? assertUscc(input.printerUscc).code : null;
  const login = await checkNewLogin(db, input.username, input.password);
  try {
    return await db.transaction().execute(async (trx) => {
      const printer = await trx
        .insertInto("printer")
        .values({ name: input.printerName, uscc, division_code: division.code })
        .returning(["id", "name", "uscc", "division_code"])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: "printer.create",
        entityType: "printer",
        entityId: printer.id,
        after: printer,
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
