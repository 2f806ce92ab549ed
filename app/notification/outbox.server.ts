import { sql, type Kysely, type Selectable } from "kysely";
import nodemailer, { type Transporter } from "nodemailer";
import type { DB, MailOutboxTable, MailState } from "#db/schema.ts";
import { getEnv } from "#app/env.server.ts";
import { translator } from "#app/i18n/i18n.ts";
import { logger } from "#app/logging/logger.server.ts";
import { requireRolePermission } from "#app/accounts/role-permissions.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { DomainError } from "#app/errors.ts";
import { renderNotification } from "./message.ts";
import { isStoppable, isSuppressed, unsubscribePath } from "./unsubscribe.server.ts";

/** Attempts before a message is given up as failed (an administrator sees it and its last error). */
export const MAX_ATTEMPTS = 8;
/** How long a claimed message is left to its sender before another process may try it. */
const LEASE_MS = 5 * 60_000;

/** Wait before attempt n+1 after n failures: 30 s, 1 min, 2 min … at most 6 hours. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 6 * 60 * 60_000);
}

export type MailTransport = Pick<Transporter, "sendMail">;

let transport: MailTransport | null | undefined;
/** The SMTP server named by SMTP_URL; none (mail stays queued) when it is unset. */
export function mailTransport(): MailTransport | null {
  if (transport === undefined) {
    const url = getEnv().SMTP_URL;
    transport = url ? nodemailer.createTransport(url) : null;
  }
  return transport;
}

/** Whether mail can leave the queue at all (SMTP_URL is set): the queue page says so when not. */
export function mailServerConfigured(): boolean {
  return mailTransport() !== null;
}

type OutboxRow = Selectable<MailOutboxTable>;

/**
 * Claims due messages for this process: `for update skip locked` lets any number of processes
 * read the queue at once and each message goes to one of them; the claim is a lease, so a message
 * whose sender died is tried again after LEASE_MS.
 */
async function claimDue(db: Kysely<DB>, now: Date, limit: number): Promise<OutboxRow[]> {
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  const claimed = await sql<OutboxRow>`
    update mail_outbox set state = 'sending', attempts = attempts + 1, next_attempt_at = ${leaseUntil}
    where id in (
      select id from mail_outbox
      where state in ('pending', 'sending') and next_attempt_at <= ${now}
      order by next_attempt_at limit ${limit}
      for update skip locked)
    returning *`.execute(db);
  // `update … returning` keeps no order: send in the order the events happened, so a consumer
  // never reads "closed" before "assigned".
  return claimed.rows.sort(
    (a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime() || a.id.localeCompare(b.id),
  );
}

function absolute(link: string): string {
  const env = getEnv();
  return new URL(link, env.PUBLIC_ORIGIN ?? `http://localhost:${env.PORT}`).href;
}

/** The e-mail of one queued message, in its recipient's language. Its Message-ID is the row's, so a resend is recognisable. */
export function mailOf(row: OutboxRow) {
  const message = renderNotification(row.lang, row.kind, row.params);
  const t = translator(row.lang);
  // A bare address (a consumer's) has no settings page: its mail carries a signed link that stops it.
  const stop = row.user_id === null && isStoppable(row.kind) ? absolute(unsubscribePath(row.to_address)) : null;
  const footer = stop ? t("notify.mail.footerUnsubscribe", { link: stop }) : t("notify.mail.footer");
  const text = [message.body, message.next, absolute(row.link), footer].join("\n\n");
  return {
    from: getEnv().MAIL_FROM,
    to: row.to_address,
    subject: message.subject,
    text,
    messageId: `<${row.id}@gi-mark-registry>`,
    headers: {
      "Content-Language": row.lang,
      ...(stop ? { "List-Unsubscribe": `<${stop}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : {}),
    },
  };
}

/**
 * Sends what is due, once each: a message is marked sent the moment the server took it; a failure
 * waits backoffMs before the next attempt and gives up after MAX_ATTEMPTS.
 */
export async function deliverDueMail(
  db: Kysely<DB>,
  options: { transport?: MailTransport | null; now?: Date; limit?: number } = {},
): Promise<{ sent: number; failed: number }> {
  const via = options.transport === undefined ? mailTransport() : options.transport;
  if (!via) return { sent: 0, failed: 0 };
  const now = options.now ?? new Date();
  const rows = await claimDue(db, now, options.limit ?? 50);
  let sent = 0;
  let failed = 0;
  for (const row of rows) {
    // Queued before its address unsubscribed (or sent again by an administrator since): dropped.
    if (row.user_id === null && isStoppable(row.kind) && (await isSuppressed(db, row.to_address))) {
      await db.deleteFrom("mail_outbox").where("id", "=", row.id).execute();
      continue;
    }
    try {
      await via.sendMail(mailOf(row));
      await db
        .updateTable("mail_outbox")
        .set({ state: "sent", sent_at: new Date(), last_error: null })
        .where("id", "=", row.id)
        .execute();
      sent += 1;
    } catch (error) {
      failed += 1;
      const gaveUp = row.attempts >= MAX_ATTEMPTS;
      const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      await db
        .updateTable("mail_outbox")
        .set({
          state: gaveUp ? "failed" : "pending",
          last_error: lastError,
          next_attempt_at: new Date(now.getTime() + backoffMs(row.attempts)),
        })
        .where("id", "=", row.id)
        .execute();
      logger.warn({ outboxId: row.id, attempts: row.attempts, gaveUp, err: lastError }, "mail not sent");
    }
  }
  return { sent, failed };
}

/** The queue as an administrator sees it: newest first, with state, attempts and last error; no message text. */
export async function listOutbox(db: Kysely<DB>, filter: { state?: MailState | undefined } = {}, limit = 200) {
  let q = db
    .selectFrom("mail_outbox")
    .select([
      "id",
      "kind",
      "to_address",
      "lang",
      "state",
      "attempts",
      "next_attempt_at",
      "last_error",
      "sent_at",
      "created_at",
    ])
    .orderBy("created_at", "desc")
    .limit(limit);
  if (filter.state) q = q.where("state", "=", filter.state);
  const rows = await q.execute();
  const counts = await db
    .selectFrom("mail_outbox")
    .select(["state", (eb) => eb.fn.countAll<string>().as("n")])
    .groupBy("state")
    .execute();
  return {
    rows,
    counts: Object.fromEntries(counts.map((c) => [c.state, Number(c.n)])) as Partial<Record<MailState, number>>,
  };
}

/**
 * One queued or sent message exactly as its recipient reads it (subject, language, text with its
 * link and footer), for the administrator (the route asks `may(user, "mail.read")`). Messages carry
 * no label code (decision 046), so nothing here is more than the recipient sees.
 */
export async function mailAsSent(db: Kysely<DB>, id: string) {
  const row = await db.selectFrom("mail_outbox").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) return null;
  const mail = mailOf(row);
  return {
    id: row.id,
    kind: row.kind,
    to: row.to_address,
    lang: row.lang,
    state: row.state,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    subject: mail.subject,
    text: mail.text,
    link: absolute(row.link),
  };
}

/** An administrator sends a failed message again: it becomes due now with a fresh count; audited. */
export async function retryMail(db: Kysely<DB>, user: SessionUser, id: string): Promise<void> {
  requireRolePermission(user, "mail.retry");
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("mail_outbox")
      .set({ state: "pending", attempts: 0, next_attempt_at: new Date() })
      .where("id", "=", id)
      .where("state", "=", "failed")
      .returning(["id", "last_error"])
      .executeTakeFirst();
    if (!row) {
      // Said as it is: no such message, or one that has not failed (sent, or still being tried).
      const current = await trx.selectFrom("mail_outbox").select("state").where("id", "=", id).executeTakeFirst();
      if (!current) throw new DomainError("error.notFound.text", { status: 404 });
      throw new DomainError("outbox.notFailed", { status: 409, params: { state: current.state } });
    }
    await recordAudit(trx, actorOf(user), {
      action: "mail.retry",
      entityType: "mail_outbox",
      entityId: id,
      before: { state: "failed", lastError: row.last_error },
      after: { state: "pending" },
    });
  });
}
