import type { Kysely } from "kysely";
import { z } from "zod";
import { INSPECTION_RESULTS, type DB } from "#db/schema.ts";
import { jsonb } from "#db/json.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { inspectionManagedBy } from "#app/accounts/scope.server.ts";
import { isUuid } from "#app/ids.ts";
import { campaignDetail } from "./inspection.server.ts";
import { applyTransitionIn } from "#app/authorization/transition.server.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { transactionWithDocuments } from "#app/document/document.server.ts";
import { field } from "#app/forms/form.ts";
import { DomainError } from "#app/errors.ts";
import { translator } from "#app/i18n/i18n.ts";
import { INSPECTION_ITEMS } from "./items.ts";
import { requirePermission } from "#app/permission/permissions.ts";

// The authorization's history is kept in the source language, like every regulator's comment.
const zh = translator("zh-CN");

export const findingSchema = z
  .object({
    targetId: z.string().uuid("form.invalid"),
    result: z.enum(INSPECTION_RESULTS, { errorMap: () => ({ message: "form.required" }) }),
    failedItems: z.array(z.enum(INSPECTION_ITEMS)).default([]),
    note: field.optionalParagraph(2000),
    inspectedOn: field.date(),
    rectifyDeadline: field.optionalDate(),
  })
  .superRefine((v, ctx) => {
    if (v.result === "non_conforming" && !v.failedItems.length)
      ctx.addIssue({ code: "custom", path: ["failedItems"], message: "inspection.itemsRequired" });
    if (v.result === "non_conforming" && !v.rectifyDeadline)
      ctx.addIssue({ code: "custom", path: ["rectifyDeadline"], message: "form.required" });
    if (v.result === "conforming" && v.failedItems.length)
      ctx.addIssue({ code: "custom", path: ["failedItems"], message: "inspection.itemsOnConforming" });
  });
export type FindingInput = z.infer<typeof findingSchema>;

/** Targets assigned to this inspector that still wait for a finding. */
export async function assignedTo(db: Kysely<DB>, user: SessionUser, inspectionId: string) {
  return db
    .selectFrom("inspection_inspector")
    .innerJoin("inspection_target", "inspection_target.id", "inspection_inspector.target_id")
    .select("inspection_target.id")
    .where("inspection_inspector.user_id", "=", user.id)
    .where("inspection_target.inspection_id", "=", inspectionId)
    .execute()
    .then((rows) => rows.map((r) => r.id));
}

/**
 * A campaign as a regulator works it: one its division manages (scope.server.ts), or one with a
 * target assigned to the regulator as inspector. Undefined for anyone else, as if it did not exist.
 */
export async function campaignForRegulator(db: Kysely<DB>, user: SessionUser, id: string) {
  if (!isUuid(id)) return undefined;
  const [managed, mine] = await Promise.all([
    db.selectFrom("inspection").select("id").where("id", "=", id).where(inspectionManagedBy(user)).executeTakeFirst(),
    assignedTo(db, user, id),
  ]);
  if (!managed && !mine.length) return undefined;
  const detail = await campaignDetail(db, id);
  return detail && { ...detail, mine };
}

/**
 * An assigned inspector records the finding, once. A non-conforming finding orders the
 * authorization into rectification with the deadline, in the same transaction (the inspector's
 * assignment is the authority, wherever the inspector's own division is); photos are kept.
 */
export async function recordFinding(
  db: Kysely<DB>,
  user: SessionUser,
  input: FindingInput,
  photos: { name: string; bytes: Uint8Array }[] = [],
) {
  requirePermission(user, "inspection.run", null);
  if (photos.length > 3) throw new DomainError("inspection.tooManyPhotos", { field: "photos" });
  const target = await db
    .selectFrom("inspection_target")
    .innerJoin("inspection_inspector", "inspection_inspector.target_id", "inspection_target.id")
    .innerJoin("inspection", "inspection.id", "inspection_target.inspection_id")
    .select([
      "inspection_target.id",
      "inspection_target.authorization_id",
      "inspection_target.enterprise_id",
      "inspection_target.result",
      "inspection.number",
      "inspection.created_at",
    ])
    .where("inspection_target.id", "=", input.targetId)
    .where("inspection_inspector.user_id", "=", user.id)
    .executeTakeFirst();
  if (!target) throw new DomainError("error.notFound.text", { status: 404 });
  if (target.result) throw new DomainError("inspection.alreadyRecorded", { status: 409 });
  const today = shanghaiDate();
  if (input.inspectedOn > today || input.inspectedOn < shanghaiDate(target.created_at))
    throw new DomainError("inspection.inspectedOnRange", { field: "inspectedOn" });
  if (input.rectifyDeadline && input.rectifyDeadline <= today)
    throw new DomainError("transition.deadlinePast", { field: "rectifyDeadline" });
  return transactionWithDocuments(db, async (trx, documents) => {
    const row = await trx
      .updateTable("inspection_target")
      .set({
        result: input.result,
        failed_items: jsonb(input.failedItems),
        note: input.note ?? null,
        inspected_on: input.inspectedOn,
        rectify_deadline: input.result === "non_conforming" ? (input.rectifyDeadline ?? null) : null,
        recorded_by: user.id,
        recorded_at: new Date(),
      })
      .where("id", "=", target.id)
      .where("result", "is", null)
      .returning(["id"])
      .executeTakeFirst();
    // Two inspectors of the same target submitting at once: the first finding stands.
    if (!row) throw new DomainError("inspection.alreadyRecorded", { status: 409 });
    for (const [i, photo] of photos.entries()) {
      const doc = await documents.store(
        photo,
        "inspection_photo",
        { actor: actorOf(user), uploadedBy: user.id, enterpriseId: target.enterprise_id },
        { field: "photos", allowed: ["image/jpeg", "image/png"] },
      );
      await trx
        .insertInto("inspection_photo")
        .values({ target_id: target.id, document_id: doc.id, position: i + 1 })
        .execute();
    }
    let rectification = false;
    if (input.result === "non_conforming") {
      const current = await trx
        .selectFrom("authorization")
        .selectAll()
        .where("id", "=", target.authorization_id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (current.status === "active") {
        await applyTransitionIn(trx, user, current, {
          action: "order_rectification",
          version: current.version,
          comment: `${zh("action.order_rectification.inspection")}（${target.number}）：${input.failedItems.map((k) => zh(`inspection.item.${k}`)).join("、")}${input.note ? ` · ${input.note}` : ""}`,
          deadline: input.rectifyDeadline,
          documentRef: target.number,
        });
        rectification = true;
      }
    }
    await recordAudit(trx, actorOf(user), {
      action: "inspection.finding",
      entityType: "inspection_target",
      entityId: target.id,
      after: {
        inspection: target.number,
        authorizationId: target.authorization_id,
        result: input.result,
        failedItems: input.failedItems,
        inspectedOn: input.inspectedOn,
        rectifyDeadline: input.rectifyDeadline ?? null,
        photos: photos.length,
        rectification,
      },
      reason: input.note ?? null,
    });
    return { rectification };
  });
}

/** Photos of a finding, for regulators of the campaign's division (never on the public page). */
export async function findingPhotos(db: Kysely<DB>, inspectionId: string) {
  return db
    .selectFrom("inspection_photo")
    .innerJoin("inspection_target", "inspection_target.id", "inspection_photo.target_id")
    .select(["inspection_photo.target_id", "inspection_photo.document_id", "inspection_photo.position"])
    .where("inspection_target.inspection_id", "=", inspectionId)
    .orderBy("inspection_photo.position")
    .execute();
}
