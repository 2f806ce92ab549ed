import type { Kysely, Transaction } from "kysely";
import type { DB, TakedownLegalBasis } from "#db/schema.ts";
import { recordAudit, type Actor } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import { reportVisibleTo } from "#app/accounts/scope.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { clientActor, type ApiClient } from "#app/api-client/clients.server.ts";
import type { ActSummary } from "#app/forms/confirmation.ts";
import { DomainError } from "#app/errors.ts";
import { isUuid } from "#app/ids.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { isUniqueViolation } from "#db/errors.ts";
import { takedownAnswered } from "#app/notification/events.server.ts";
import { LANGS, translator, type Lang } from "#app/i18n/i18n.ts";
import { requirePermission } from "#app/permission/permissions.ts";

export interface TakedownInput {
  legalBasis: TakedownLegalBasis;
  evidence: string;
}

/**
 * The checks a takedown request must pass, shared by the preview (the confirm step) and the act:
 * a regulator, a listing case it can see that is still open, a platform named on the case that
 * still answers takedown requests, and no request to it still pending. Locks the case when in a
 * transaction.
 */
async function checkTakedown(db: Kysely<DB>, user: SessionUser, reportId: string, lock: boolean) {
  requirePermission(user, "takedown.send", null);
  if (!isUuid(reportId)) throw new DomainError("error.notFound.text", { status: 404 });
  const query = db
    .selectFrom("report")
    .innerJoin("listing_report as l", "l.report_id", "report.id")
    .leftJoin("mark", "mark.id", "report.mark_id")
    .leftJoin("api_client", "api_client.id", "l.client_id")
    .select([
      "report.id",
      "report.ticket",
      "report.status",
      "mark.name as mark_name",
      "l.shop_name",
      "l.platform",
      "l.listing_url",
      "l.client_id",
      "api_client.name as client_name",
      "api_client.revoked_at",
      "api_client.scopes",
      "api_client.mark_ids",
      "report.mark_id",
    ])
    .where("report.id", "=", reportId)
    .where(reportVisibleTo(user));
  const found = await (lock ? query.forUpdate("report") : query).executeTakeFirst();
  if (!found) throw new DomainError("error.notFound.text", { status: 404 });
  if (found.status === "closed") throw new DomainError("takedown.caseClosed", { status: 409 });
  // The platform must still take takedown requests, and for this case's mark if its client is limited to some.
  if (
    !found.client_id ||
    found.revoked_at ||
    !found.scopes?.includes("takedowns") ||
    (found.mark_ids && !(found.mark_id && found.mark_ids.includes(found.mark_id)))
  )
    throw new DomainError("takedown.noPlatform", { status: 409 });
  const pending = await db
    .selectFrom("takedown_request")
    .select("id")
    .where("report_id", "=", reportId)
    .where("client_id", "=", found.client_id)
    .where("status", "=", "pending")
    .executeTakeFirst();
  if (pending) throw new DomainError("takedown.alreadyPending", { status: 409 });
  return { ...found, client_id: found.client_id, client_name: found.client_name ?? found.platform };
}

/** What sending would do, for the confirm step: nothing is stored. */
export async function previewTakedown(
  db: Kysely<DB>,
  user: SessionUser,
  reportId: string,
  input: TakedownInput,
): Promise<ActSummary> {
  const c = await checkTakedown(db, user, reportId, false);
  return {
    act: { key: "takedown.send" },
    rows: [
      {
        enterprise: `${c.shop_name} · ${c.client_name}`,
        mark: c.mark_name ?? "—",
        change: [
          { key: "takedown.confirm.basis", params: { basis: input.legalBasis } },
          { key: "takedown.confirm.listing", params: { url: c.listing_url } },
          { key: "takedown.confirm.evidence", params: { text: input.evidence.slice(0, 300) } },
        ],
      },
    ],
    effectiveOn: shanghaiDate(),
    publicEffect: { key: "takedown.confirm.publicEffect", params: { platform: c.client_name } },
  };
}

/** Sends the platform named on the case a takedown request: a legal act, audited with the request. */
export async function sendTakedown(db: Kysely<DB>, user: SessionUser, reportId: string, input: TakedownInput) {
  try {
    return await db.transaction().execute(async (trx) => {
      const c = await checkTakedown(trx, user, reportId, true);
      const row = await trx
        .insertInto("takedown_request")
        .values({
          report_id: reportId,
          client_id: c.client_id,
          legal_basis: input.legalBasis,
          evidence: input.evidence,
          requested_by: user.id,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actorOf(user), {
        action: "takedown.send",
        entityType: "takedown_request",
        entityId: row.id,
        after: {
          case: c.ticket,
          platform: c.client_name,
          listing: c.listing_url,
          legalBasis: input.legalBasis,
          evidence: input.evidence,
          status: row.status,
        },
      });
      return row;
    });
  } catch (error) {
    // The other tab's request got there first: one pending request per case and platform.
    if (isUniqueViolation(error)) throw new DomainError("takedown.alreadyPending", { status: 409 });
    throw error;
  }
}

/** The exchange on a case the user can already see, oldest first. */
export async function takedownsOfCase(db: Kysely<DB>, reportId: string) {
  return db
    .selectFrom("takedown_request as t")
    .innerJoin("api_client", "api_client.id", "t.client_id")
    .innerJoin("app_user", "app_user.id", "t.requested_by")
    .select([
      "t.id",
      "t.client_id",
      "t.legal_basis",
      "t.evidence",
      "t.status",
      "t.answer_note",
      "t.requested_at",
      "t.answered_at",
      "api_client.name as platform",
      "app_user.display_name as requested_by_name",
    ])
    .where("t.report_id", "=", reportId)
    .orderBy("t.requested_at")
    .execute();
}

/**
 * The request still waiting for the case's platform, if any: while there is one no second may be
 * sent (the same rule `checkTakedown` enforces), so the page shows it instead of the form.
 */
export function pendingTakedownTo<T extends { client_id: string; status: string }>(
  takedowns: readonly T[],
  clientId: string | null,
): T | null {
  return takedowns.find((r) => r.client_id === clientId && r.status === "pending") ?? null;
}

const forClient = (db: Kysely<DB> | Transaction<DB>, client: ApiClient) =>
  db
    .selectFrom("takedown_request as t")
    .innerJoin("report", "report.id", "t.report_id")
    .innerJoin("listing_report as l", "l.report_id", "t.report_id")
    .leftJoin("mark", "mark.id", "report.mark_id")
    .where("t.client_id", "=", client.id);

/** A platform's own takedown requests (never another client's), pending ones by default. */
export async function takedownsOfClient(
  db: Kysely<DB>,
  client: ApiClient,
  options: { status?: "pending" | "answered" | "all" } = {},
) {
  const status = options.status ?? "pending";
  const rows = await forClient(db, client)
    .innerJoin("app_user as sender", "sender.id", "t.requested_by")
    // The authority that sent it: the sending regulator's division (the case's county when it has none).
    .innerJoin("division as d", (join) =>
      join.on((eb) => eb("d.code", "=", eb.fn.coalesce("sender.division_code", "report.division_code"))),
    )
    .select([
      "t.id",
      "t.status",
      "t.legal_basis",
      "t.evidence",
      "t.requested_at",
      "t.answered_at",
      "t.answer_note",
      "report.ticket as case_ticket",
      "l.listing_url",
      "l.shop_name",
      "l.seller_uscc",
      "mark.slug as mark",
      "d.code as sent_by_division_code",
      "d.full_name as sent_by_division",
    ])
    .$if(status === "pending", (q) => q.where("t.status", "=", "pending"))
    .$if(status === "answered", (q) => q.where("t.status", "!=", "pending"))
    .orderBy("t.requested_at")
    .limit(500)
    .execute();
  // A platform acts on words, not codes: the basis is named in each language, and so is who sent it.
  return rows.map(({ sent_by_division_code, sent_by_division, ...r }) => ({
    ...r,
    legal_basis_text: Object.fromEntries(
      LANGS.map((lang) => [lang, translator(lang)(`takedown.basis.${r.legal_basis}`)]),
    ) as Record<Lang, string>,
    sent_by: {
      division_code: sent_by_division_code,
      division_name: sent_by_division,
    },
  }));
}

/** The platform's answer: removed, or refused with its reason. Answered once; audited with the change. */
export async function answerTakedown(
  db: Kysely<DB>,
  client: ApiClient,
  id: string,
  input: { outcome: "removed" | "refused"; note?: string | null | undefined },
) {
  if (!isUuid(id)) throw new DomainError("takedown.notFound", { status: 404 });
  const note = input.note?.trim() || null;
  if (input.outcome === "refused" && !note) throw new DomainError("takedown.reasonRequired", { field: "note" });
  return db.transaction().execute(async (trx) => {
    // Another client's request is answered as not found: its existence is not the caller's to learn.
    const request = await forClient(trx, client)
      .select(["t.id", "t.status", "report.ticket", "report.assignee_id", "l.shop_name"])
      .where("t.id", "=", id)
      .forUpdate("t")
      .executeTakeFirst();
    if (!request) throw new DomainError("takedown.notFound", { status: 404 });
    if (request.status === "withdrawn") throw new DomainError("takedown.withdrawnNoAnswer", { status: 409 });
    if (request.status !== "pending")
      throw new DomainError("takedown.alreadyAnswered", { status: 409, params: { status: request.status } });
    const updated = await trx
      .updateTable("takedown_request")
      .set({ status: input.outcome, answer_note: note, answered_at: new Date() })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, clientActor(client), {
      action: input.outcome === "removed" ? "takedown.removed" : "takedown.refused",
      entityType: "takedown_request",
      entityId: id,
      before: { status: "pending" },
      after: { case: request.ticket, platform: client.name, status: input.outcome, note },
    });
    await takedownAnswered(trx, updated, {
      ticket: request.ticket,
      platform: client.name,
      shop: request.shop_name,
      assigneeId: request.assignee_id,
    });
    return updated;
  });
}

/**
 * Withdraws the pending takedown requests of a case that closes, or of a platform whose client is
 * revoked, in the caller's transaction and audited each: a legal notice never outlives the case
 * that sent it, and the platform sees it withdrawn instead of answering into the void.
 */
export async function withdrawPendingTakedowns(
  trx: Transaction<DB>,
  actor: Actor,
  where: { reportId: string } | { clientId: string },
  because: "case_closed" | "client_revoked",
) {
  const withdrawn = await trx
    .updateTable("takedown_request")
    .set({ status: "withdrawn", answered_at: new Date() })
    .where("status", "=", "pending")
    .$if("reportId" in where, (q) => q.where("report_id", "=", (where as { reportId: string }).reportId))
    .$if("clientId" in where, (q) => q.where("client_id", "=", (where as { clientId: string }).clientId))
    .returning(["id", "report_id", "client_id"])
    .execute();
  for (const w of withdrawn)
    await recordAudit(trx, actor, {
      action: "takedown.withdraw",
      entityType: "takedown_request",
      entityId: w.id,
      before: { status: "pending" },
      after: { status: "withdrawn", case: w.report_id, client: w.client_id, because },
    });
  return withdrawn.length;
}
