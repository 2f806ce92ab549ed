import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { jsonb } from "#db/json.ts";
import { regulatorCovering } from "#app/accounts/scope.server.ts";
import type { Lang } from "#app/i18n/i18n.ts";
import type { NotificationKind, NotificationParams } from "./kinds.ts";
import { isStoppable, isSuppressed } from "./unsubscribe.server.ts";

/** Who hears of an event: accounts (by what binds them) or a consumer's e-mail address. */
export type Audience =
  | { enterpriseId: string }
  | { printerId: string }
  | { regulatorsCovering: string }
  | { everyRegulator: true }
  | { userIds: readonly string[] }
  | { address: string; lang: Lang };

export interface NotificationEvent {
  kind: NotificationKind;
  /** The event's identity: the same key never notifies the same recipient twice. */
  key: string;
  to: Audience;
  params: NotificationParams;
  /** The page the message points to, a path on this site. */
  link: string;
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** An address we may write to: one plain mailbox, nothing a header could be smuggled through. */
export function isMailAddress(value: string | null | undefined): value is string {
  return typeof value === "string" && value.length <= 254 && EMAIL.test(value.trim());
}

/**
 * Records an event's inbox entries and queues its e-mails inside the caller's transaction, the one
 * that makes the change: a rolled-back change tells no one, a committed one is never forgotten.
 * `trx` is that open transaction. Sending happens later, from the queue (outbox.server.ts), never inside the request.
 */
export async function notify(trx: Kysely<DB>, event: NotificationEvent): Promise<number> {
  const params = jsonb(event.params);
  if ("address" in event.to) {
    if (!isMailAddress(event.to.address)) return 0;
    // The address stopped mail from the link in an earlier one (decision 052).
    if (isStoppable(event.kind) && (await isSuppressed(trx, event.to.address))) return 0;
    const queued = await trx
      .insertInto("mail_outbox")
      .values({
        event_key: event.key,
        recipient: `address:${event.to.address.trim().toLowerCase()}`,
        to_address: event.to.address.trim(),
        lang: event.to.lang,
        kind: event.kind,
        params,
        link: event.link,
      })
      .onConflict((oc) => oc.columns(["event_key", "recipient"]).doNothing())
      .returning("id")
      .execute();
    return queued.length;
  }
  const audience = event.to;
  const recipients = await trx
    .selectFrom("app_user")
    .select(["id", "email", "email_confirmed_at", "lang", "mail_opt_out"])
    .where("disabled_at", "is", null)
    .where((eb) =>
      "enterpriseId" in audience
        ? eb.and([eb("role", "=", "enterprise"), eb("enterprise_id", "=", audience.enterpriseId)])
        : "printerId" in audience
          ? eb.and([eb("role", "=", "printer"), eb("printer_id", "=", audience.printerId)])
          : "regulatorsCovering" in audience
            ? regulatorCovering(audience.regulatorsCovering)(eb)
            : "everyRegulator" in audience
              ? eb("role", "=", "regulator")
              : audience.userIds.length > 0
                ? eb("id", "in", audience.userIds)
                : sql<boolean>`false`,
    )
    .execute();
  if (recipients.length === 0) return 0;
  const inbox = await trx
    .insertInto("notification")
    .values(
      recipients.map((r) => ({
        event_key: event.key,
        user_id: r.id,
        kind: event.kind,
        params,
        link: event.link,
      })),
    )
    .onConflict((oc) => oc.columns(["event_key", "user_id"]).doNothing())
    .returning("user_id")
    .execute();
  // Mail only for an entry that is new, to a confirmed address, of a kind the person still wants.
  const fresh = new Set(inbox.map((r) => r.user_id));
  const mail = recipients.filter(
    (r) =>
      fresh.has(r.id) &&
      r.email_confirmed_at !== null &&
      isMailAddress(r.email) &&
      !r.mail_opt_out.includes(event.kind),
  );
  if (mail.length > 0) {
    await trx
      .insertInto("mail_outbox")
      .values(
        mail.map((r) => ({
          event_key: event.key,
          recipient: `user:${r.id}`,
          user_id: r.id,
          to_address: r.email!.trim(),
          lang: r.lang,
          kind: event.kind,
          params,
          link: event.link,
        })),
      )
      .onConflict((oc) => oc.columns(["event_key", "recipient"]).doNothing())
      .execute();
  }
  return inbox.length;
}
