import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { isUniqueViolation } from "#db/errors.ts";
import type { Actor } from "#app/audit/audit.server.ts";
import { findDivision, levelOfCode } from "#app/division/division.server.ts";
import { DomainError } from "#app/errors.ts";
import { assertUsername, assertUsernameFree, insertAccount, preparePassword } from "./users.server.ts";

/** A new login: the username normalised and free, the password hashed (it passes the policy). */
export async function checkNewLogin(db: Kysely<DB>, username: string, password: string) {
  const normalized = assertUsername(username);
  await assertUsernameFree(db, normalized);
  return { username: normalized, passwordHash: await preparePassword(password, normalized) };
}

/** Unique-index violations of account creation as field messages; anything else rethrown. */
export function translateUnique(error: unknown): never {
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
