import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { jsonb } from "#db/json.ts";
import { isUniqueViolation } from "#db/errors.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { changeRequestDecidableBy, counting } from "#app/accounts/scope.server.ts";
import { requireRolePermission } from "#app/accounts/role-permissions.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import { DomainError } from "#app/errors.ts";
import { assertUscc } from "./enterprise.server.ts";
import { isUuid } from "#app/ids.ts";

export interface ChangeProposal {
  name?: string | undefined;
  address?: string | undefined;
  legalRepresentative?: string | undefined;
  uscc?: string | undefined;
  products?: string | undefined;
  /** The authorization whose products change: required with `products`. */
  authorizationId?: string | undefined;
}

/** Authorizations whose particulars a change may still rewrite. */
const IN_FORCE = ["active", "rectifying", "suspended"] as const;

type Particulars = {
  name: string;
  address: string | null;
  legalRepresentative: string | null;
  uscc: string;
  products: string | null;
};

async function currentParticulars(
  db: Kysely<DB>,
  enterpriseId: string,
  authorizationId: string | undefined,
): Promise<Particulars> {
  const e = await db.selectFrom("enterprise").selectAll().where("id", "=", enterpriseId).executeTakeFirstOrThrow();
  const authorization = authorizationId
    ? await db
        .selectFrom("authorization")
        .select("products")
        .where("id", "=", authorizationId)
        .where("enterprise_id", "=", enterpriseId)
        .where("status", "in", IN_FORCE)
        .executeTakeFirst()
    : undefined;
  if (authorizationId && !authorization)
    throw new DomainError("change.authorizationUnknown", { field: "authorizationId" });
  return {
    name: e.name,
    address: e.address,
    legalRepresentative: e.legal_representative,
    uscc: e.uscc,
    products: authorization?.products ?? null,
  };
}

/** The enterprise's authorizations a change of products may name: those in force. */
export async function changeableAuthorizations(db: Kysely<DB>, enterpriseId: string) {
  return db
    .selectFrom("authorization")
    .innerJoin("mark", "mark.id", "authorization.mark_id")
    .innerJoin("division", "division.code", "authorization.township_code")
    .select(["authorization.id", "authorization.products", "mark.name as mark_name", "division.name as township"])
    .where("authorization.enterprise_id", "=", enterpriseId)
    .where("authorization.status", "in", IN_FORCE)
    .orderBy("mark.name")
    .execute();
}

/**
 * Whether the enterprise has anything a change request (变更) applies to: particulars on record
 * with a county, that is an application under review or an authorization ever admitted (the
 * authorizations that make a county competent for it, scope.server.ts). A brand-new enterprise
 * has none: what it registered is not yet on any record. The page offers the form, and
 * requestChange accepts one, only when this holds.
 */
export async function hasParticularsOnRecord(db: Kysely<DB>, enterpriseId: string): Promise<boolean> {
  const row = await db
    .selectFrom("authorization")
    .select("authorization.id")
    .where("authorization.enterprise_id", "=", enterpriseId)
    .where(counting)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** An enterprise member proposes new particulars; only one request may be pending at a time. */
export async function requestChange(
  db: Kysely<DB>,
  user: SessionUser,
  proposal: ChangeProposal,
  reason: string | undefined,
) {
  if (user.role !== "enterprise" || !user.enterpriseId) throw new DomainError("error.forbidden.text", { status: 403 });
  if (!(await hasParticularsOnRecord(db, user.enterpriseId))) throw new DomainError("change.nothingOnRecord");
  // Products belong to one authorization, decided by the county where its production site is.
  if (proposal.products && !proposal.authorizationId)
    throw new DomainError("change.authorizationRequired", { field: "authorizationId" });
  if (proposal.authorizationId && !isUuid(proposal.authorizationId))
    throw new DomainError("change.authorizationUnknown", { field: "authorizationId" });
  const authorizationId = proposal.products ? proposal.authorizationId : undefined;
  const before = await currentParticulars(db, user.enterpriseId, authorizationId);
  const proposed: Partial<Particulars> = {};
  if (proposal.name && proposal.name !== before.name) proposed.name = proposal.name;
  if (proposal.address && proposal.address !== before.address) proposed.address = proposal.address;
  if (proposal.legalRepresentative && proposal.legalRepresentative !== before.legalRepresentative)
    proposed.legalRepresentative = proposal.legalRepresentative;
  if (proposal.products && proposal.products !== before.products) proposed.products = proposal.products;
  if (proposal.uscc) {
    const code = assertUscc(proposal.uscc).code;
    if (code !== before.uscc) proposed.uscc = code;
  }
  if (!Object.keys(proposed).length) throw new DomainError("change.nothing");
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto("change_request")
        .values({
          enterprise_id: user.enterpriseId!,
          before: jsonb(before),
          proposed: jsonb(proposed),
          reason: reason ?? null,
          requested_by: user.id,
          authorization_id: proposed.products ? (authorizationId ?? null) : null,
        })
        .returning(["id"])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actorOf(user), {
        action: "change.request",
        entityType: "enterprise",
        entityId: user.enterpriseId,
        before,
        after: proposed,
        reason: reason ?? null,
      });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error, "change_request_one_pending")) throw new DomainError("change.pending");
    throw error;
  }
}

/**
 * A competent regulator approves (the particulars change) or rejects: for the enterprise's own
 * particulars one competent for the enterprise, for products one competent for that
 * authorization (changeRequestDecidableBy). Anyone else gets 404.
 */
export async function decideChange(
  db: Kysely<DB>,
  user: SessionUser,
  id: string,
  decision: { approve: boolean; comment?: string | undefined },
) {
  requireRolePermission(user, "change.decide");
  if (!isUuid(id)) throw new DomainError("error.notFound.text", { status: 404 });
  const request = await db
    .selectFrom("change_request")
    .selectAll("change_request")
    .where("change_request.id", "=", id)
    .where(changeRequestDecidableBy(user))
    .executeTakeFirst();
  if (!request) throw new DomainError("error.notFound.text", { status: 404 });
  if (request.status !== "pending") throw new DomainError("form.stale", { status: 409 });
  if (!decision.approve && !decision.comment) throw new DomainError("form.required", { field: "comment" });
  const proposed = request.proposed as Partial<Particulars>;
  try {
    return await db.transaction().execute(async (trx) => {
      const decided = await trx
        .updateTable("change_request")
        .set({
          status: decision.approve ? "approved" : "rejected",
          decided_by: user.id,
          decided_at: new Date(),
          decision_comment: decision.comment ?? null,
        })
        .where("id", "=", id)
        .where("status", "=", "pending")
        .returning("id")
        .executeTakeFirst();
      if (!decided) throw new DomainError("form.stale", { status: 409 });
      if (decision.approve) {
        const { products, ...enterpriseFields } = proposed;
        if (Object.keys(enterpriseFields).length) {
          await trx
            .updateTable("enterprise")
            .set({
              ...(enterpriseFields.name ? { name: enterpriseFields.name } : {}),
              ...(enterpriseFields.address ? { address: enterpriseFields.address } : {}),
              ...(enterpriseFields.legalRepresentative
                ? { legal_representative: enterpriseFields.legalRepresentative }
                : {}),
              ...(enterpriseFields.uscc ? { uscc: enterpriseFields.uscc } : {}),
              updated_at: new Date(),
            })
            .where("id", "=", request.enterprise_id)
            .execute();
        }
        if (products && request.authorization_id) {
          await trx
            .updateTable("authorization")
            .set((eb) => ({ products, version: eb("version", "+", 1), updated_at: new Date() }))
            .where("id", "=", request.authorization_id)
            .where("enterprise_id", "=", request.enterprise_id)
            .where("status", "in", IN_FORCE)
            .execute();
        }
      }
      await recordAudit(
        trx,
        { userId: user.id, label: `${user.username} (${user.role})` },
        {
          action: decision.approve ? "change.approve" : "change.reject",
          entityType: "enterprise",
          entityId: request.enterprise_id,
          before: request.before,
          after: decision.approve ? { ...proposed, authorizationId: request.authorization_id } : null,
          reason: decision.comment ?? null,
        },
      );
      return { approved: decision.approve };
    });
  } catch (error) {
    if (isUniqueViolation(error, "enterprise_uscc_key")) throw new DomainError("uscc.taken", { field: "uscc" });
    throw error;
  }
}

/** The enterprise's change requests, each saying whether this caller may decide it now. */
export async function listChanges(db: Kysely<DB>, user: SessionUser, enterpriseId: string) {
  const rows = await db
    .selectFrom("change_request")
    .leftJoin("authorization", "authorization.id", "change_request.authorization_id")
    .leftJoin("mark", "mark.id", "authorization.mark_id")
    .leftJoin("app_user as requester", "requester.id", "change_request.requested_by")
    .leftJoin("app_user as decider", "decider.id", "change_request.decided_by")
    .select([
      "change_request.id",
      "change_request.status",
      "change_request.before",
      "change_request.proposed",
      "change_request.reason",
      "change_request.requested_at",
      "change_request.decided_at",
      "change_request.decision_comment",
      "requester.display_name as requester",
      "decider.display_name as decider",
      "mark.name as authorization_mark",
    ])
    .select((eb) =>
      eb.and([eb("change_request.status", "=", "pending"), changeRequestDecidableBy(user)(eb)]).as("may_decide"),
    )
    .where("change_request.enterprise_id", "=", enterpriseId)
    .orderBy("change_request.requested_at", "desc")
    .execute();
  return rows.map((r) => ({ ...r, may_decide: Boolean(r.may_decide) }));
}
