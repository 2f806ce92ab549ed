import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { DomainError } from "#app/errors.ts";
import { findDivision, levelOfCode } from "#app/division/division.server.ts";
import { enterpriseVisibleTo } from "#app/accounts/scope.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { assertUsername, assertUsernameFree, insertAccount, preparePassword } from "#app/accounts/users.server.ts";
import { parseUscc } from "./uscc.ts";
import { isUniqueViolation } from "#db/errors.ts";
import { isUuid } from "#app/ids.ts";

export interface EnterpriseRegistration {
  uscc: string;
  name: string;
  legalRepresentative?: string | undefined;
  address?: string | undefined;
  divisionCode?: string | undefined;
  contactName: string;
  contactPhone: string;
  username: string;
  password: string;
}

/** Checks the code and returns its normalised form, or throws with the precise problem. */
export function assertUscc(
  input: string,
  field = "uscc",
): { code: string; divisionCode: string; orgCodeValid: boolean } {
  const parsed = parseUscc(input);
  if (!parsed.ok) {
    throw new DomainError(`uscc.${parsed.problem}`, {
      field,
      params: { position: parsed.position ?? 0, length: parsed.code.length },
    });
  }
  return parsed;
}

/**
 * Self-registration: the enterprise and its first member account, in one audited
 * transaction. The county comes from the code (characters 3–8) unless given.
 */
export async function registerEnterprise(db: Kysely<DB>, input: EnterpriseRegistration) {
  const uscc = assertUscc(input.uscc);
  const username = assertUsername(input.username);
  const divisionCode = input.divisionCode?.trim() || uscc.divisionCode;
  const division = await findDivision(db, divisionCode);
  if (!division) {
    throw new DomainError("division.unknownCounty", {
      field: input.divisionCode ? "divisionCode" : "uscc",
      params: { code: divisionCode },
    });
  }
  if (levelOfCode(division.code) !== "county") {
    throw new DomainError("division.notCounty", { field: "divisionCode", params: { code: divisionCode } });
  }
  const existing = await db.selectFrom("enterprise").select("id").where("uscc", "=", uscc.code).executeTakeFirst();
  if (existing) throw new DomainError("uscc.taken", { field: "uscc" });
  await assertUsernameFree(db, username);
  const passwordHash = await preparePassword(input.password, username);

  try {
    return await insertRegistration(db, input, { uscc, username, divisionCode: division.code, passwordHash });
  } catch (error) {
    // A double click or two people at once: the unique indexes decide, the loser gets a message.
    if (isUniqueViolation(error, "enterprise_uscc_key")) throw new DomainError("uscc.taken", { field: "uscc" });
    if (isUniqueViolation(error, "app_user_username_key"))
      throw new DomainError("username.taken", { field: "username" });
    throw error;
  }
}

async function insertRegistration(
  db: Kysely<DB>,
  input: EnterpriseRegistration,
  checked: {
    uscc: { code: string; orgCodeValid: boolean };
    username: string;
    divisionCode: string;
    passwordHash: string;
  },
) {
  const { uscc, username, passwordHash } = checked;
  return db.transaction().execute(async (trx) => {
    // Checked again inside the transaction: the unique index decides a double click.
    const taken = await trx.selectFrom("enterprise").select("id").where("uscc", "=", uscc.code).executeTakeFirst();
    if (taken) throw new DomainError("uscc.taken", { field: "uscc" });
    const enterprise = await trx
      .insertInto("enterprise")
      .values({
        uscc: uscc.code,
        name: input.name,
        legal_representative: input.legalRepresentative || null,
        address: input.address || null,
        division_code: checked.divisionCode,
        contact_name: input.contactName,
        contact_phone: input.contactPhone,
        org_code_check_failed: !uscc.orgCodeValid,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const actor = { userId: null, label: `self-registration (${username})` };
    await recordAudit(trx, actor, {
      action: "enterprise.register",
      entityType: "enterprise",
      entityId: enterprise.id,
      after: {
        uscc: enterprise.uscc,
        name: enterprise.name,
        divisionCode: enterprise.division_code,
        legalRepresentative: enterprise.legal_representative,
        address: enterprise.address,
        contactName: enterprise.contact_name,
        contactPhone: enterprise.contact_phone,
        orgCodeCheckFailed: enterprise.org_code_check_failed,
      },
      reason: uscc.orgCodeValid
        ? null
        : "embedded organisation code (GB 11714) fails its check; accepted with a warning",
    });
    const userId = await insertAccount(trx, actor, {
      username,
      displayName: input.contactName,
      passwordHash,
      role: "enterprise",
      enterpriseId: enterprise.id,
    });
    return { enterprise, userId, orgCodeWarning: !uscc.orgCodeValid };
  });
}

/** Undefined when the caller may not see it: the route answers 404 either way. */
export async function findVisibleEnterprise(db: Kysely<DB>, user: SessionUser, id: string) {
  if (!isUuid(id)) return undefined;
  return db
    .selectFrom("enterprise")
    .innerJoin("division", "division.code", "enterprise.division_code")
    .selectAll("enterprise")
    .select("division.full_name as division_name")
    .where("enterprise.id", "=", id)
    .where(enterpriseVisibleTo(user))
    .executeTakeFirst();
}

export async function listVisibleEnterprises(db: Kysely<DB>, user: SessionUser, limit = 200) {
  return db
    .selectFrom("enterprise")
    .innerJoin("division", "division.code", "enterprise.division_code")
    .select([
      "enterprise.id",
      "enterprise.uscc",
      "enterprise.name",
      "enterprise.created_at",
      "enterprise.org_code_check_failed",
      "division.full_name as division_name",
    ])
    .where(enterpriseVisibleTo(user))
    .orderBy("enterprise.division_code")
    .orderBy("enterprise.name")
    .limit(limit)
    .execute();
}

/** For printing a label sheet the caller is already allowed to see (the order was checked). */
export async function enterpriseForLabelSheet(db: Kysely<DB>, id: string) {
  return db.selectFrom("enterprise").select(["id", "name", "uscc"]).where("id", "=", id).executeTakeFirst();
}
