import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";

export async function listMarks(db: Kysely<DB>) {
  return db
    .selectFrom("mark")
    .innerJoin("division", "division.code", "mark.division_code")
    .select([
      "mark.id",
      "mark.slug",
      "mark.name",
      "mark.kind",
      "division.full_name as division_name",
      "mark.target_users",
      "mark.target_year",
    ])
    .orderBy("mark.division_code")
    .orderBy("mark.name")
    .execute();
}

export async function findMarkById(db: Kysely<DB>, id: string) {
  return db.selectFrom("mark").selectAll().where("id", "=", id).executeTakeFirst();
}
