import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { DB } from "#db/schema.ts";
import { AUTHORIZED_STATUSES } from "#app/authorization/lifecycle.ts";
import { jsonb } from "#db/json.ts";
import { isUniqueViolation } from "#db/errors.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import {
  authorizationVisibleTo,
  inspectionManagedBy,
  markSupervisedBy,
  regulatorInDivisionOf,
} from "#app/accounts/scope.server.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { field } from "#app/forms/form.ts";
import { DomainError } from "#app/errors.ts";
import { isUuid } from "#app/ids.ts";
import { logFacts } from "#app/log/log.server.ts";
import { may, requirePermission } from "#app/permission/permissions.ts";

/** A campaign as the regulator's form gives it: either a number or a ratio of the candidates. */
export const campaignSchema = z
  .object({
    title: field.text(200),
    markIds: z.array(z.string().uuid("form.invalid")).min(1, "inspection.marksRequired"),
    sampleKind: z.enum(["size", "ratio"], { errorMap: () => ({ message: "form.required" }) }),
    sampleValue: z
      .string({ required_error: "form.required" })
      .transform((s) => s.normalize("NFKC").trim().replace(/%$/, ""))
      .pipe(
        z
          .string()
          .min(1, "form.required")
          .regex(/^\d{1,6}(\.\d{1,2})?$/, "inspection.sampleInvalid"),
      ),
    inspectorIds: z.array(z.string().uuid("form.invalid")).min(1, "inspection.poolRequired"),
    inspectorsPerTarget: field.int(1, 5, { range: "inspection.perTargetRange" }),
    submissionKey: z.string().uuid().optional().catch(undefined),
  })
  .superRefine((v, ctx) => {
    const n = Number(v.sampleValue);
    if (v.sampleKind === "size" && (!Number.isInteger(n) || n < 1))
      ctx.addIssue({ code: "custom", path: ["sampleValue"], message: "inspection.sampleInvalid" });
    if (v.sampleKind === "ratio" && (n <= 0 || n > 100))
      ctx.addIssue({ code: "custom", path: ["sampleValue"], message: "inspection.sampleInvalid" });
  });
export type CampaignInput = z.infer<typeof campaignSchema>;

/** What a regulator can pick from: the marks they supervise and the inspectors of their division. */
export async function campaignOptions(db: Kysely<DB>, user: SessionUser) {
  if (!may(user, "inspection.run", null)) return { marks: [], inspectors: [] };
  const [marks, inspectors] = await Promise.all([
    db.selectFrom("mark").select(["mark.id", "mark.name"]).where(markSupervisedBy(user)).orderBy("mark.name").execute(),
    db
      .selectFrom("app_user")
      .leftJoin("division", "division.code", "app_user.division_code")
      .select(["app_user.id", "app_user.display_name", "division.name as division_name"])
      .where(regulatorInDivisionOf(user))
      .where("app_user.disabled_at", "is", null)
      .orderBy("app_user.display_name")
      .execute(),
  ]);
  return { marks, inspectors };
}

/**
 * Announces a campaign: the candidates (authorizations in force of the chosen marks, production
 * sites in the regulator's division), the pool and the sample are fixed and logged now; the draw
 * happens later, seeded by the first signed checkpoint that contains the announcement
 * (drawDueCampaigns, decision 045). No one types or chooses a seed.
 */
export async function createCampaign(db: Kysely<DB>, user: SessionUser, input: CampaignInput) {
  requirePermission(user, "inspection.run", null);
  if (!user.divisionCode) throw new DomainError("error.forbidden.text", { status: 403 });
  const options = await campaignOptions(db, user);
  const markIds = [...new Set(input.markIds)];
  const inspectorIds = [...new Set(input.inspectorIds)];
  if (markIds.some((id) => !options.marks.some((m) => m.id === id)))
    throw new DomainError("inspection.marksRequired", { field: "markIds" });
  if (inspectorIds.some((id) => !options.inspectors.some((i) => i.id === id)))
    throw new DomainError("inspection.poolRequired", { field: "inspectorIds" });
  if (inspectorIds.length < input.inspectorsPerTarget)
    throw new DomainError("inspection.poolTooSmall", {
      field: "inspectorIds",
      params: { n: input.inspectorsPerTarget },
    });
  const already = async () =>
    input.submissionKey
      ? db
          .selectFrom("inspection")
          .select(["id", "number"])
          .where("submission_key", "=", input.submissionKey)
          .executeTakeFirst()
      : undefined;
  const first = await already();
  if (first) return first;
  const sample =
    input.sampleKind === "size" ? { size: Number(input.sampleValue) } : { ratio: Number(input.sampleValue) / 100 };
  const year = Number(shanghaiDate().slice(0, 4));
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        const candidates = await trx
          .selectFrom("authorization")
          .select(["id", "enterprise_id"])
          .where("mark_id", "in", markIds)
          .where("status", "in", AUTHORIZED_STATUSES)
          .where(authorizationVisibleTo(user))
          .orderBy("id")
          .execute();
        if (!candidates.length) throw new DomainError("inspection.noCandidates", { field: "markIds" });
        const population = candidates.map((c) => c.id);
        const pool = [...inspectorIds].sort();
        const count = await trx
          .selectFrom("inspection")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("division_code", "=", user.divisionCode!)
          .where("number", "like", `%-${year}-%`)
          .executeTakeFirstOrThrow();
        const number = `${user.divisionCode}-${year}-${String(Number(count.n) + 1 + attempt).padStart(3, "0")}`;
        const inspection = await trx
          .insertInto("inspection")
          .values({
            number,
            title: input.title,
            division_code: user.divisionCode!,
            sample_size: "size" in sample ? sample.size : null,
            sample_ratio: "ratio" in sample ? String(sample.ratio) : null,
            inspectors_per_target: input.inspectorsPerTarget,
            seed: null,
            drawn_at: null,
            population: jsonb(population),
            pool: jsonb(pool),
            created_by: user.id,
            submission_key: input.submissionKey ?? null,
            assignment: "balanced",
          })
          .returning(["id", "number"])
          .executeTakeFirstOrThrow();
        await trx
          .insertInto("inspection_mark")
          .values(markIds.map((mark_id) => ({ inspection_id: inspection.id, mark_id })))
          .execute();
        await recordAudit(trx, actorOf(user), {
          action: "inspection.create",
          entityType: "inspection",
          entityId: inspection.id,
          after: {
            number,
            title: input.title,
            markIds,
            candidates: population.length,
            pool,
            sample,
            assignment: "balanced",
            seedFrom: "first-checkpoint-containing-the-announcement",
          },
        });
        await logFacts(trx);
        return inspection;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        // The same form submitted twice at once: the first campaign stands.
        const existing = await already();
        if (existing) return existing;
        // Two campaigns numbered at the same moment: take the next number.
        if (attempt < 5) continue;
      }
      throw error;
    }
  }
}

/** Campaigns are public from the moment they are announced (一公开): newest first. */
export async function listCampaigns(db: Kysely<DB>, filter: { managedBy?: SessionUser } = {}) {
  let q = db
    .selectFrom("inspection")
    .innerJoin("division", "division.code", "inspection.division_code")
    .leftJoin("inspection_target as t", "t.inspection_id", "inspection.id")
    .select([
      "inspection.id",
      "inspection.number",
      "inspection.title",
      "inspection.created_at",
      "division.full_name as division_name",
      sql<number>`count(t.id)`.as("targets"),
      sql<number>`count(t.id) filter (where t.result is not null)`.as("inspected"),
      sql<number>`count(t.id) filter (where t.result = 'non_conforming')`.as("failed"),
    ])
    .groupBy(["inspection.id", "division.full_name"]);
  if (filter.managedBy) q = q.where(inspectionManagedBy(filter.managedBy));
  const rows = await q.orderBy("inspection.created_at", "desc").limit(200).execute();
  return rows.map((r) => ({
    ...r,
    targets: Number(r.targets),
    inspected: Number(r.inspected),
    failed: Number(r.failed),
  }));
}

/** A campaign with its targets, their inspectors and results: what the public page shows. */
export async function campaignDetail(db: Kysely<DB>, id: string) {
  if (!isUuid(id)) return undefined;
  const inspection = await db
    .selectFrom("inspection")
    .innerJoin("division", "division.code", "inspection.division_code")
    .leftJoin("log_checkpoint as cp", "cp.size", "inspection.seed_checkpoint_size")
    .select([
      "inspection.id",
      "inspection.number",
      "inspection.title",
      "inspection.division_code",
      "inspection.sample_size",
      sql<string | null>`inspection.sample_ratio::text`.as("sample_ratio"),
      "inspection.inspectors_per_target",
      "inspection.assignment",
      "inspection.seed",
      "inspection.seed_checkpoint_size",
      "inspection.drawn_at",
      "cp.note as seed_checkpoint",
      (eb) =>
        eb
          .selectFrom("log_leaf")
          .select("log_leaf.idx")
          .where("log_leaf.kind", "=", "inspection_announce")
          .where("log_leaf.ref", "=", sql<string>`inspection.id::text`)
          .as("announce_leaf"),
      // The first checkpoint that contains the announcement: the one that must have seeded the draw.
      sql<number | null>`(select min(first.size) from log_checkpoint first
        where first.size > (select l.idx from log_leaf l
                             where l.kind = 'inspection_announce' and l.ref = inspection.id::text))`.as(
        "first_checkpoint_size",
      ),
      "inspection.population",
      "inspection.pool",
      "inspection.created_at",
      "division.full_name as division_name",
    ])
    .where("inspection.id", "=", id)
    .executeTakeFirst();
  if (!inspection) return undefined;
  const [marks, targets, inspectors] = await Promise.all([
    db
      .selectFrom("inspection_mark")
      .innerJoin("mark", "mark.id", "inspection_mark.mark_id")
      .select(["mark.id", "mark.name", "mark.slug"])
      .where("inspection_mark.inspection_id", "=", id)
      .orderBy("mark.name")
      .execute(),
    db
      .selectFrom("inspection_target")
      .innerJoin("enterprise", "enterprise.id", "inspection_target.enterprise_id")
      .innerJoin("authorization", "authorization.id", "inspection_target.authorization_id")
      .innerJoin("mark", "mark.id", "authorization.mark_id")
      .select([
        "inspection_target.id",
        "inspection_target.position",
        "inspection_target.authorization_id",
        "inspection_target.result",
        "inspection_target.failed_items",
        "inspection_target.note",
        "inspection_target.rectify_deadline",
        "inspection_target.inspected_on",
        "inspection_target.recorded_at",
        "enterprise.id as enterprise_id",
        "enterprise.name as enterprise_name",
        "enterprise.uscc",
        "mark.name as mark_name",
        "authorization.status as authorization_status",
      ])
      .where("inspection_target.inspection_id", "=", id)
      .orderBy("inspection_target.position")
      .execute(),
    db
      .selectFrom("inspection_inspector")
      .innerJoin("inspection_target", "inspection_target.id", "inspection_inspector.target_id")
      .innerJoin("app_user", "app_user.id", "inspection_inspector.user_id")
      .select([
        "inspection_inspector.target_id",
        "inspection_inspector.user_id",
        "inspection_inspector.position",
        "app_user.display_name",
      ])
      .where("inspection_target.inspection_id", "=", id)
      .orderBy("inspection_inspector.position")
      .execute(),
  ]);
  const poolNames = await db
    .selectFrom("app_user")
    .select(["id", "display_name"])
    .where("id", "in", [...(inspection.pool as string[]), "00000000-0000-0000-0000-000000000000"])
    .execute();
  return {
    inspection: { ...inspection, population: inspection.population as string[], pool: inspection.pool as string[] },
    marks,
    poolNames: Object.fromEntries(poolNames.map((p) => [p.id, p.display_name])),
    targets: targets.map((t) => ({
      ...t,
      failed_items: (t.failed_items as string[] | null) ?? [],
      inspectors: inspectors.filter((i) => i.target_id === t.id),
    })),
  };
}

export type CampaignDetail = NonNullable<Awaited<ReturnType<typeof campaignDetail>>>;
