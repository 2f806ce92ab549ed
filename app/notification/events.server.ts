import type { Kysely } from "kysely";
import type { Authorization, DB } from "#db/schema.ts";
import { notify } from "./notify.server.ts";
import type { ALERT_AREAS, NotificationKind } from "./kinds.ts";

/**
 * The events of the domain, as their owners report them inside their own transactions: each
 * function knows who hears of it and what the message names. Callers pass rows they already hold.
 * `trx` is always the caller's open transaction (a postgres.js one wrapped as Kysely when issuing).
 */

/** The lifecycle actions (app/authorization/lifecycle.ts) an enterprise is told of. */
const KIND_OF_ACTION: Readonly<Record<string, NotificationKind>> = {
  accept: "application_accepted",
  not_accept: "application_not_accepted",
  return: "application_returned",
  approve: "application_approved",
  reject: "application_rejected",
  order_rectification: "rectification_ordered",
  restore: "authorization_restored",
  suspend: "authorization_suspended",
  cancel: "authorization_cancelled",
  expire: "authorization_expired",
};

async function namesOf(trx: Kysely<DB>, authorizationId: string) {
  return trx
    .selectFrom("authorization")
    .innerJoin("enterprise", "enterprise.id", "authorization.enterprise_id")
    .innerJoin("mark", "mark.id", "authorization.mark_id")
    .select(["enterprise.name as enterprise", "mark.name as mark", "authorization.enterprise_id"])
    .where("authorization.id", "=", authorizationId)
    .executeTakeFirstOrThrow();
}

/** A regulator's or approver's step on an authorization: its enterprise's members hear of it. */
export async function authorizationChanged(
  trx: Kysely<DB>,
  row: Authorization,
  action: string,
  comment: string | null,
): Promise<void> {
  const kind = KIND_OF_ACTION[action];
  if (!kind) return;
  const names = await namesOf(trx, row.id);
  await notify(trx, {
    kind,
    key: `authorization:${row.id}:v${row.version}`,
    to: { enterpriseId: row.enterprise_id },
    params: {
      enterprise: names.enterprise,
      mark: names.mark,
      comment: comment ?? "",
      ...(row.rectify_deadline ? { deadline: row.rectify_deadline } : {}),
      ...(row.exited_on ? { on: row.exited_on } : {}),
    },
    link: `/authorizations/${row.id}`,
  });
}

/** An announcement admitted an enterprise: its members hear that they may now order labels. */
export async function enterpriseAnnounced(
  trx: Kysely<DB>,
  announcement: { id: string; number: string },
  authorizationId: string,
): Promise<void> {
  const names = await namesOf(trx, authorizationId);
  await notify(trx, {
    kind: "announcement_published",
    key: `announcement:${announcement.id}:${authorizationId}`,
    to: { enterpriseId: names.enterprise_id },
    params: { enterprise: names.enterprise, mark: names.mark, number: announcement.number },
    link: `/announcements/${announcement.id}`,
  });
}

/**
 * An announcement recorded an exit (cancelled, withdrawn, expired): the enterprise's members hear
 * that the public register now shows them as a former user from that date.
 */
export async function exitAnnounced(
  trx: Kysely<DB>,
  announcement: { id: string; number: string; published_on: string },
  authorization: { id: string; status: string; exited_on: string | null },
): Promise<void> {
  const names = await namesOf(trx, authorization.id);
  await notify(trx, {
    kind: "exit_announced",
    key: `announcement:${announcement.id}:${authorization.id}`,
    to: { enterpriseId: names.enterprise_id },
    params: {
      enterprise: names.enterprise,
      mark: names.mark,
      number: announcement.number,
      status: authorization.status,
      on: authorization.exited_on ?? announcement.published_on,
    },
    link: `/announcements/${announcement.id}`,
  });
}

/** A label order was decided: the ordering enterprise hears the approved quantity or the grounds. */
export async function labelOrderDecided(
  trx: Kysely<DB>,
  order: { id: string; enterprise_id: string; mark_id: string; version: number },
  decision: { approved: true; quantity: number } | { approved: false; comment: string },
): Promise<void> {
  const mark = await trx.selectFrom("mark").select("name").where("id", "=", order.mark_id).executeTakeFirstOrThrow();
  await notify(trx, {
    kind: decision.approved ? "label_order_approved" : "label_order_refused",
    key: `label_order:${order.id}:decided`,
    to: { enterpriseId: order.enterprise_id },
    params: decision.approved
      ? { mark: mark.name, quantity: decision.quantity }
      : { mark: mark.name, comment: decision.comment },
    link: `/label-orders/${order.id}`,
  });
}

/** The codes of an order exist: its printer's accounts hear that printing may start (no code in the message). */
export async function codesReady(
  trx: Kysely<DB>,
  order: { id: string; enterprise_id: string; mark_id: string; printer_id: string | null; quantity: number },
): Promise<void> {
  if (!order.printer_id) return;
  const names = await trx
    .selectFrom("mark")
    .innerJoin("enterprise", (j) => j.on("enterprise.id", "=", order.enterprise_id))
    .select(["mark.name as mark", "enterprise.name as enterprise"])
    .where("mark.id", "=", order.mark_id)
    .executeTakeFirstOrThrow();
  await notify(trx, {
    kind: "codes_ready",
    key: `label_order:${order.id}:codes_ready`,
    to: { printerId: order.printer_id },
    params: { mark: names.mark, enterprise: names.enterprise, quantity: order.quantity },
    link: `/label-orders/${order.id}`,
  });
}

/** A consumer report arrived: the regulators competent for its division hear of it. */
export async function reportFiled(
  trx: Kysely<DB>,
  report: { id: string; ticket: string; division_code: string; contact: string | null; contact_lang: "zh-CN" | "en" },
): Promise<void> {
  await notify(trx, {
    kind: "report_filed",
    key: `report:${report.id}:filed`,
    to: { regulatorsCovering: report.division_code },
    params: { ticket: report.ticket },
    link: `/regulator/reports/${report.id}`,
  });
  await reportStatusChanged(trx, { ...report, status: "received", version: 1 });
}

/**
 * A platform (or a regulator) filed a suspicious online listing (decision 051): the regulators
 * competent for it hear of a listing report, named by its platform and shop, not of a consumer's
 * report. Nobody's contact is on such a case, so no one outside is told.
 */
export async function listingReported(
  trx: Kysely<DB>,
  report: { id: string; ticket: string; division_code: string },
  listing: { platform: string; shop: string },
): Promise<void> {
  await notify(trx, {
    kind: "listing_reported",
    key: `report:${report.id}:filed`,
    to: { regulatorsCovering: report.division_code },
    params: { ticket: report.ticket, platform: listing.platform, shop: listing.shop },
    link: `/regulator/reports/${report.id}`,
  });
}

/**
 * A platform answered a takedown request through the API (decision 051): the regulator who sent it
 * and the case's assignee hear the answer, and a refusal's reason, in the answer's transaction.
 */
export async function takedownAnswered(
  trx: Kysely<DB>,
  request: { id: string; report_id: string; requested_by: string; status: string; answer_note: string | null },
  names: { ticket: string; platform: string; shop: string; assigneeId: string | null },
): Promise<void> {
  await notify(trx, {
    kind: "takedown_answered",
    key: `takedown:${request.id}:answered`,
    to: { userIds: [request.requested_by, ...(names.assigneeId ? [names.assigneeId] : [])] },
    params: {
      ticket: names.ticket,
      platform: names.platform,
      shop: names.shop,
      outcome: request.status,
      note: request.answer_note ?? "",
    },
    link: `/regulator/reports/${request.report_id}`,
  });
}

/** A report changed state: the consumer who left an e-mail address hears of it, by ticket only (the closing one with its outcome). */
export async function reportStatusChanged(
  trx: Kysely<DB>,
  report: {
    id: string;
    ticket: string;
    contact: string | null;
    contact_lang: "zh-CN" | "en";
    status: string;
    outcome?: string | null;
    version: number;
  },
): Promise<void> {
  if (!report.contact) return;
  await notify(trx, {
    kind: "report_status",
    key: `report:${report.id}:v${report.version}:${report.status}`,
    to: { address: report.contact, lang: report.contact_lang },
    params: { ticket: report.ticket, status: report.status, ...(report.outcome ? { outcome: report.outcome } : {}) },
    // The status page with the ticket filled in: one click to what the mail says.
    link: `/reports/status?ticket=${encodeURIComponent(report.ticket)}`,
  });
}

/**
 * An alert was raised: the regulators competent for its division hear of it. An alert of no
 * division (a network guessing codes) is in every regulator's queue (flagVisibleTo), so every
 * regulator hears of it (decision 052).
 */
export async function alertRaised(
  trx: Kysely<DB>,
  flag: {
    id: string;
    kind: string;
    division_code: string | null;
    enterprise_id: string | null;
    mark_id: string | null;
  },
): Promise<void> {
  // What the alert is about, so three alerts of one kind read as three enterprises: the
  // enterprise's name, else the mark's; a network's burst has neither.
  const about = flag.enterprise_id
    ? (await trx.selectFrom("enterprise").select("name").where("id", "=", flag.enterprise_id).executeTakeFirst())?.name
    : flag.mark_id
      ? (await trx.selectFrom("mark").select("name").where("id", "=", flag.mark_id).executeTakeFirst())?.name
      : undefined;
  await notify(trx, {
    kind: "alert_raised",
    key: `flag:${flag.id}:raised`,
    to: flag.division_code ? { regulatorsCovering: flag.division_code } : { everyRegulator: true },
    params: {
      kind: flag.kind,
      area: (flag.division_code ? "division" : "everywhere") satisfies (typeof ALERT_AREAS)[number],
      ...(about ? { about } : {}),
    },
    link: `/regulator/alerts/${flag.id}`,
  });
}
