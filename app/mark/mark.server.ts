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

/** Every mark as a chooser offers it: its name and the division it belongs to (two may share a name). */
export async function markChoices(db: Kysely<DB>): Promise<{ id: string; name: string; division: string }[]> {
  return (await listMarks(db)).map((m) => ({ id: m.id, name: m.name, division: m.division_name }));
}

export async function findMarkById(db: Kysely<DB>, id: string) {
  return db.selectFrom("mark").selectAll().where("id", "=", id).executeTakeFirst();
}

/**
 * A mark's protection area as the public sees it: the townships now in it, and each change with
 * the document that decided it, newest first (decision 015).
 */
export async function publicProtectionArea(db: Kysely<DB>, markId: string) {
  const [townships, rows] = await Promise.all([
    db
      .selectFrom("mark_area")
      .innerJoin("division", "division.code", "mark_area.division_code")
      .select(["division.code", "division.name"])
      .where("mark_area.mark_id", "=", markId)
      .orderBy("division.code")
      .execute(),
    db
      .selectFrom("mark_area_change")
      .select(["id", "added", "removed", "document_ref", "changed_at"])
      .where("mark_id", "=", markId)
      .orderBy("changed_at", "desc")
      .limit(100)
      .execute(),
  ]);
  const codes = [...new Set(rows.flatMap((r) => [...(r.added as string[]), ...(r.removed as string[])]))];
  const names = new Map(
    codes.length
      ? (await db.selectFrom("division").select(["code", "name"]).where("code", "in", codes).execute()).map((d) => [
          d.code,
          d.name,
        ])
      : [],
  );
  const named = (list: unknown) => (list as string[]).map((code) => names.get(code) ?? code);
  return {
    townships,
    changes: rows.map((r) => ({
      id: r.id,
      added: named(r.added),
      removed: named(r.removed),
      documentRef: r.document_ref,
      changedAt: r.changed_at,
    })),
  };
}
