import type { Kysely } from "kysely";
import type { DB, Role } from "#db/schema.ts";
import { makeUscc } from "#app/enterprise/uscc.ts";
import { hashPassword } from "#app/accounts/password.server.ts";
import { insertAccount } from "#app/accounts/users.server.ts";
import { SYSTEM_ACTOR } from "#app/audit/audit.server.ts";
import { insertEnterpriseRecord } from "#app/demo/factories.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";

let counter = 0;
const next = () => String(++counter).padStart(4, "0");

/** Test data is written through the demo seed's own factories (app/demo/factories.server.ts). */
export function fakeUscc(divisionCode = "430923"): string {
  return makeUscc("91", divisionCode, `MA${next()}${Math.floor(Math.random() * 90 + 10)}`);
}

export async function makeEnterprise(db: Kysely<DB>, divisionCode = "430923", name?: string) {
  return db.transaction().execute((trx) =>
    insertEnterpriseRecord(trx, SYSTEM_ACTOR, {
      uscc: fakeUscc(divisionCode),
      name: name ?? `测试企业${next()}`,
      divisionCode,
      contactName: "测试",
      contactPhone: "13800000000",
    }),
  );
}

export const TEST_PASSWORD = "correct horse battery";

export async function makeUser(
  db: Kysely<DB>,
  role: Role,
  binding: { divisionCode?: string; enterpriseId?: string; printerId?: string; isApprover?: boolean } = {},
): Promise<SessionUser> {
  const username = `${role}.${next().toLowerCase()}`;
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const id = await db.transaction().execute((trx) =>
    insertAccount(trx, SYSTEM_ACTOR, {
      username,
      displayName: username,
      passwordHash,
      role,
      divisionCode: binding.divisionCode ?? null,
      isApprover: binding.isApprover ?? false,
      enterpriseId: binding.enterpriseId ?? null,
      printerId: binding.printerId ?? null,
    }),
  );
  return {
    id,
    username,
    displayName: username,
    role,
    divisionCode: binding.divisionCode ?? null,
    divisionName: null,
    isApprover: binding.isApprover ?? false,
    enterpriseId: binding.enterpriseId ?? null,
    printerId: binding.printerId ?? null,
    sessionId: "test",
  };
}
