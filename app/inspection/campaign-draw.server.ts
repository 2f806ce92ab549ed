import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { recordAudit, SYSTEM_ACTOR } from "#app/audit/audit.server.ts";
import { NIL } from "#app/accounts/scope.server.ts";
import { draw, sampleSizeOf } from "./draw.server.ts";
import { logFacts } from "#app/log/log.server.ts";
import type { CampaignDetail } from "./inspection.server.ts";

// Drawing a campaign on its date: the sample comes from the first log checkpoint signed after the
// announced time (decision 045), so nobody, the county included, can steer it; anyone can re-draw
// it from the published facts (redraw). The draw itself (seed to sample) is draw.server.ts.

/**
 * Draws every announced campaign whose seed now exists: the first signed checkpoint whose tree
 * contains the campaign's announcement leaf. Its root (base64, as the checkpoint prints it) is the
 * seed, so anyone re-runs the draw from the published checkpoint. Run after each checkpoint and
 * by the oversight job; each campaign is drawn once (the row is locked, drawn_at decides).
 */
export async function drawDueCampaigns(db: Kysely<DB>): Promise<number> {
  const due = await db
    .selectFrom("inspection")
    .innerJoin("log_leaf as leaf", (j) =>
      j.onRef(sql`leaf.ref`, "=", sql`inspection.id::text`).on("leaf.kind", "=", "inspection_announce"),
    )
    .select(["inspection.id", "leaf.idx"])
    .where("inspection.drawn_at", "is", null)
    .orderBy("inspection.created_at")
    .limit(100)
    .execute();
  let drawn = 0;
  for (const campaign of due) {
    const checkpoint = await db
      .selectFrom("log_checkpoint")
      .select(["size", "root"])
      .where("size", ">", campaign.idx)
      .orderBy("size")
      .limit(1)
      .executeTakeFirst();
    if (!checkpoint) continue;
    if (await drawCampaign(db, campaign.id, checkpoint.size, Buffer.from(checkpoint.root).toString("base64")))
      drawn += 1;
  }
  return drawn;
}

async function drawCampaign(db: Kysely<DB>, id: string, checkpointSize: number, seed: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const inspection = await trx
      .selectFrom("inspection")
      .selectAll()
      .where("id", "=", id)
      .where("drawn_at", "is", null)
      .forUpdate()
      .executeTakeFirst();
    if (!inspection) return false;
    const population = inspection.population as string[];
    const pool = inspection.pool as string[];
    const size = sampleSizeOf(
      population.length,
      inspection.sample_size !== null ? { size: inspection.sample_size } : { ratio: Number(inspection.sample_ratio) },
    );
    const result = draw(seed, population, pool, size, inspection.inspectors_per_target, inspection.assignment);
    const enterpriseOf = new Map(
      (
        await trx
          .selectFrom("authorization")
          .select(["id", "enterprise_id"])
          .where("id", "in", [...population, NIL])
          .execute()
      ).map((a) => [a.id, a.enterprise_id]),
    );
    for (const [i, target] of result.targets.entries()) {
      const row = await trx
        .insertInto("inspection_target")
        .values({
          inspection_id: id,
          position: i + 1,
          authorization_id: target.authorizationId,
          enterprise_id: enterpriseOf.get(target.authorizationId)!,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("inspection_inspector")
        .values(target.inspectorIds.map((user_id, j) => ({ target_id: row.id, user_id, position: j + 1 })))
        .execute();
    }
    await trx
      .updateTable("inspection")
      .set({ seed, seed_checkpoint_size: checkpointSize, drawn_at: new Date() })
      .where("id", "=", id)
      .execute();
    await recordAudit(trx, SYSTEM_ACTOR, {
      action: "inspection.draw",
      entityType: "inspection",
      entityId: id,
      after: { number: inspection.number, checkpointSize, seed, targets: result.targets },
    });
    await logFacts(trx);
    return true;
  });
}

/**
 * Runs the draw again from the recorded seed, candidates and pool, and compares it with what was
 * stored; null while the campaign waits for its checkpoint (there is nothing to compare).
 */
export function redraw(detail: CampaignDetail) {
  const { inspection, targets } = detail;
  if (inspection.seed === null) return null;
  // The seed must be the root printed on the cited checkpoint (line 3 of the signed note), and that
  // checkpoint the first to contain the announcement: a seed and targets rewritten together fail here.
  const seedOk =
    inspection.seed_checkpoint === null ||
    (inspection.seed_checkpoint.split("\n")[2] === inspection.seed &&
      inspection.seed_checkpoint_size === inspection.first_checkpoint_size);
  const size =
    inspection.sample_size ?? sampleSizeOf(inspection.population.length, { ratio: Number(inspection.sample_ratio) });
  const again = draw(
    inspection.seed,
    inspection.population,
    inspection.pool,
    size,
    inspection.inspectors_per_target,
    inspection.assignment,
  );
  const stored = targets.map((t) => ({
    authorizationId: t.authorization_id,
    inspectorIds: t.inspectors.map((i) => i.user_id),
  }));
  return {
    matches: seedOk && JSON.stringify(again.targets) === JSON.stringify(stored),
    seedOk,
    redrawn: again.targets,
  };
}
