import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { DomainError } from "#app/errors.ts";
import { findDivision } from "#app/division/division.server.ts";
import { divisionCovers, divisionWithin } from "#app/accounts/scope.server.ts";
import { jsonb } from "#db/json.ts";
import { assertMayManage } from "./mark-admin.server.ts";

// A mark's protection area (保护范围): the townships where its product may come from, and so
// where an authorization's production site may lie. Changed only on a document's authority.

/** Townships matching a name or code fragment, within the mark's competent division. */
export async function searchTownships(db: Kysely<DB>, withinDivision: string, query: string, limit = 50) {
  const q = query.normalize("NFKC").trim();
  if (!q) return [];
  return db
    .selectFrom("division")
    .select(["code", "full_name"])
    .where("level", "=", "township")
    .where(divisionWithin(withinDivision))
    .where((eb) =>
      /^\d+$/.test(q)
        ? eb("code", "like", `${q}%`)
        : eb("full_name", "like", `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
    )
    .orderBy("code")
    .limit(limit)
    .execute();
}

/** Statuses in which an authorization still depends on its production site being in the area. */
const SITE_IN_USE = ["submitted", "accepted", "reviewed", "approved", "active", "rectifying", "suspended"] as const;

/**
 * Adds or removes townships of the protection area (decision 015). Only those who manage the
 * mark may, only townships inside the mark's division, only with the reference of the document
 * that decided it (an approval notice, a revised standard), and never a township where an
 * application or authorization in force has its production site. Audited and public.
 */
export async function changeArea(
  db: Kysely<DB>,
  user: SessionUser,
  slug: string,
  change: { add?: string[]; remove?: string[]; documentRef: string },
) {
  const mark = await db
    .selectFrom("mark")
    .select(["id", "name", "division_code"])
    .where("slug", "=", slug)
    .executeTakeFirst();
  if (!mark) throw new DomainError("error.notFound.text", { status: 404 });
  assertMayManage(user, mark.division_code);
  const add = [...new Set(change.add ?? [])];
  const remove = [...new Set(change.remove ?? [])];
  if (!add.length && !remove.length) throw new DomainError("mark.areaNothingChosen", { field: "codes" });
  const documentRef = change.documentRef.trim();
  if (!documentRef) throw new DomainError("mark.areaDocumentRequired", { field: "documentRef" });
  if (add.length) {
    const valid = new Set(
      (
        await db
          .selectFrom("division")
          .select("code")
          .where("code", "in", add)
          .where("level", "=", "township")
          .execute()
      ).map((d) => d.code),
    );
    const unknown = add.find((c) => !valid.has(c));
    if (unknown) throw new DomainError("mark.areaUnknownTownship", { field: "codes", params: { code: unknown } });
    const outside = add.find((c) => !divisionCovers(mark.division_code, c));
    if (outside) {
      const division = await findDivision(db, mark.division_code);
      throw new DomainError("mark.areaOutsideDivision", {
        field: "codes",
        params: { code: outside, division: division?.full_name ?? mark.division_code },
      });
    }
  }
  await db.transaction().execute(async (trx) => {
    // Lock the mark so an application cannot slip into a township while it is being removed.
    await trx.selectFrom("mark").select("id").where("id", "=", mark.id).forUpdate().executeTakeFirstOrThrow();
    if (remove.length) {
      const inUse = await trx
        .selectFrom("authorization")
        .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("township_code").as("township")])
        .where("mark_id", "=", mark.id)
        .where("township_code", "in", remove)
        .where("status", "in", SITE_IN_USE)
        .executeTakeFirstOrThrow();
      if (Number(inUse.n) > 0)
        throw new DomainError("mark.areaInUse", {
          field: "codes",
          params: { count: Number(inUse.n), code: String(inUse.township) },
        });
    }
    const added = add.length
      ? (
          await trx
            .insertInto("mark_area")
            .values(add.map((division_code) => ({ mark_id: mark.id, division_code })))
            .onConflict((oc) => oc.doNothing())
            .returning("division_code")
            .execute()
        ).map((r) => r.division_code)
      : [];
    const removed = remove.length
      ? (
          await trx
            .deleteFrom("mark_area")
            .where("mark_id", "=", mark.id)
            .where("division_code", "in", remove)
            .returning("division_code")
            .execute()
        ).map((r) => r.division_code)
      : [];
    if (!added.length && !removed.length) return;
    await trx
      .insertInto("mark_area_change")
      .values({
        mark_id: mark.id,
        added: jsonb(added.sort()),
        removed: jsonb(removed.sort()),
        document_ref: documentRef,
        changed_by: user.id,
      })
      .execute();
    await recordAudit(trx, actorOf(user), {
      action: "mark.area_change",
      entityType: "mark",
      entityId: mark.id,
      after: { added, removed, documentRef },
    });
  });
}
