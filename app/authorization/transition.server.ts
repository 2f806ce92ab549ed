import type { Kysely, Transaction } from "kysely";
import type { Authorization, DB, ExitReason } from "#db/schema.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { DomainError } from "#app/errors.ts";
import { EXITED_STATUSES, TRANSITIONS, actorMay, canTransition, type AuthorizationAction } from "./lifecycle.ts";
import { settleFlagsIn } from "#app/alert/flags.server.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { isRealDate, type FieldMessage } from "#app/forms/form.ts";
import type { ActSummary } from "#app/forms/confirmation.ts";
import { transactionWithDocuments, type Upload } from "#app/document/document.server.ts";
import { checkEffectiveDate, DATED_ACTIONS } from "./effective-date.ts";
import { authorizationChanged } from "#app/notification/events.server.ts";
import { logFacts } from "#app/log/log.server.ts";
import { snapshotOf, addEvent, priorSteps, findAuthorizationFor } from "./authorization.server.ts";

// A lifecycle transition of an authorization (lifecycle.ts says which, by whom, from where): checked,
// previewed for the confirm step of a legal act (decision 040), and applied with its event, audit,
// flags and notifications in one transaction.

export interface TransitionInput {
  action: AuthorizationAction;
  version: number;
  comment?: string | undefined;
  deadline?: string | undefined;
  exitReason?: ExitReason | undefined;
  documentRef?: string | undefined;
  /** The file an action needs (the site-check report of a review): stored only if the action happens. */
  document?: Upload | undefined;
  /** For a regulator's exit (DATED_ACTIONS): the date on the decision; today when not given. */
  effectiveOn?: string | undefined;
}

/**
 * One transition of the lifecycle, by the right person, from the state the form was showing
 * (version): a stale form or a second click changes nothing and says so.
 */
export async function transition(db: Kysely<DB>, user: SessionUser, id: string, input: TransitionInput) {
  const { current, needs } = await checkTransition(db, user, id, input);
  return transactionWithDocuments(db, async (trx, documents) => {
    const report =
      needs.includes("document") && input.document
        ? await documents.store(
            input.document,
            "site_check_report",
            { actor: actorOf(user), uploadedBy: user.id, enterpriseId: current.enterprise_id },
            { field: "document" },
          )
        : null;
    return applyTransitionIn(trx, user, current, input, report?.id);
  });
}

/**
 * What a transition would do, in words, after every check `transition` makes and without
 * changing anything: the confirmation step of a legal act shows it (decision 040).
 */
export async function previewTransition(
  db: Kysely<DB>,
  user: SessionUser,
  id: string,
  input: TransitionInput,
): Promise<ActSummary> {
  const { current, rule, markName } = await checkTransition(db, user, id, input);
  const enterprise = await db
    .selectFrom("enterprise")
    .select("name")
    .where("id", "=", current.enterprise_id)
    .executeTakeFirstOrThrow();
  const exitReason =
    input.exitReason ??
    (input.action === "withdraw" ? "voluntary" : input.action === "expire" ? "licence_expired" : undefined);
  const exits = EXITED_STATUSES.includes(rule.to);
  const change: FieldMessage[] = [
    { key: "confirm.statusChange", params: { from: current.status, to: rule.to } },
    ...(exits && exitReason ? [{ key: "confirm.exitReason" as const, params: { reason: exitReason } }] : []),
    ...(input.comment ? [{ key: "confirm.grounds" as const, params: { text: input.comment } }] : []),
    ...(input.documentRef ? [{ key: "confirm.documentRef" as const, params: { text: input.documentRef } }] : []),
  ];
  // The public sees an authorization only once it was announced (PUBLIC_STATUSES, active_from).
  const wasPublic = current.active_from !== null;
  const publicEffect: FieldMessage =
    wasPublic && exits
      ? { key: "confirm.public.exit", params: { to: rule.to } }
      : wasPublic && rule.to === "suspended"
        ? { key: "confirm.public.suspend" }
        : { key: "confirm.public.none" };
  return {
    act: { key: `action.${input.action}` },
    rows: [{ enterprise: enterprise.name, mark: markName, change }],
    effectiveOn: input.effectiveOn ?? shanghaiDate(),
    publicEffect,
  };
}

/** Every check of a transition (who, which version, from which status, what it needs, its date), changing nothing. */
async function checkTransition(db: Kysely<DB>, user: SessionUser, id: string, input: TransitionInput) {
  const rule = TRANSITIONS[input.action];
  const current = await findAuthorizationFor(db, user, id);
  if (!current) throw new DomainError("error.notFound.text", { status: 404 });
  const mark = await db
    .selectFrom("mark")
    .select(["approving_level", "name"])
    .where("id", "=", current.mark_id)
    .executeTakeFirstOrThrow();
  if (!actorMay(user, rule.by, mark.approving_level)) throw new DomainError("error.forbidden.text", { status: 403 });
  if (current.version !== input.version) throw new DomainError("form.stale", { status: 409 });
  if (!canTransition(input.action, current.status)) {
    throw new DomainError("transition.notAllowed", { status: 409, params: { status: current.status } });
  }
  const needs = rule.needs ?? [];
  if (needs.includes("comment") && !input.comment) throw new DomainError("form.required", { field: "comment" });
  if (needs.includes("deadline") && !input.deadline) throw new DomainError("form.required", { field: "deadline" });
  if (needs.includes("exitReason") && !input.exitReason)
    throw new DomainError("form.required", { field: "exitReason" });
  if (needs.includes("document") && !input.document) throw new DomainError("form.required", { field: "document" });
  const today = shanghaiDate();
  if (input.deadline && input.deadline <= today)
    throw new DomainError("transition.deadlinePast", { field: "deadline" });
  if (input.effectiveOn !== undefined) {
    if (!DATED_ACTIONS.includes(input.action) || !isRealDate(input.effectiveOn))
      throw new DomainError("form.invalid", { field: "effectiveOn" });
    const step = (await priorSteps(db, [id])).get(id);
    const last = step?.lastOn ?? step?.submittedOn;
    checkEffectiveDate(input.effectiveOn, {
      today,
      field: "effectiveOn",
      follows: last ? [{ on: last, key: "legalAct.beforeLastStep" }] : [],
    });
  }
  return { current, rule, needs, markName: mark.name };
}

/**
 * The write half of a transition, inside the caller's transaction, for a caller that has already
 * checked who may act and the form's version (a finding of a double-random inspection uses it).
 * The update still matches the version and the allowed statuses: a concurrent change loses.
 * `documentId`: the document the action stored in this same transaction (a review's report).
 */
export async function applyTransitionIn(
  trx: Transaction<DB>,
  user: SessionUser,
  current: Authorization,
  input: TransitionInput,
  documentId?: string,
) {
  const rule = TRANSITIONS[input.action];
  const id = current.id;
  const effectiveOn = input.effectiveOn ?? shanghaiDate();
  const exits = ["cancelled", "withdrawn", "expired"].includes(rule.to);
  const row = await trx
    .updateTable("authorization")
    .set({
      status: rule.to,
      version: current.version + 1,
      updated_at: new Date(),
      ...(input.action === "review"
        ? { recommendation: input.comment ?? null, site_check_document_id: documentId ?? null }
        : {}),
      ...(input.action === "order_rectification" ? { rectify_deadline: input.deadline ?? null } : {}),
      ...(input.action === "restore" ? { rectify_deadline: null } : {}),
      ...(exits
        ? {
            exited_on: effectiveOn,
            exit_reason:
              input.exitReason ??
              (input.action === "withdraw" ? "voluntary" : input.action === "expire" ? "licence_expired" : null),
          }
        : {}),
    })
    .where("id", "=", id)
    .where("version", "=", input.version)
    .where("status", "in", rule.from)
    .returningAll()
    .executeTakeFirst();
  // Someone else acted between our read and this write: exactly one of them wins.
  if (!row) throw new DomainError("form.stale", { status: 409 });
  await addEvent(trx, user, {
    authorizationId: id,
    action: input.action,
    from: current.status,
    to: rule.to,
    effectiveOn,
    comment: input.comment ?? null,
    documentRef: input.documentRef ?? documentId ?? null,
    snapshot: snapshotOf(row),
  });
  // Leaving rectification (restored, suspended, cancelled…) settles its overdue flag.
  if (current.status === "rectifying" && rule.to !== "rectifying") {
    await settleFlagsIn(trx, { userId: user.id }, "rectification_overdue", { authorizationId: id }, input.action);
  }
  await recordAudit(trx, actorOf(user), {
    action: `authorization.${input.action}`,
    entityType: "authorization",
    entityId: id,
    before: { status: current.status, version: current.version },
    after: {
      status: rule.to,
      version: row.version,
      exitReason: row.exit_reason,
      rectifyDeadline: row.rectify_deadline,
    },
    reason: [input.comment, input.documentRef].filter(Boolean).join(" · ") || null,
  });
  await authorizationChanged(trx, row, input.action, input.comment ?? null);
  await logFacts(trx);
  return row;
}
