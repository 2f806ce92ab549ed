import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";

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
