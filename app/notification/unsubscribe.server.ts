import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { getEnv } from "#app/env.server.ts";
import { recordAudit, type Actor } from "#app/audit/audit.server.ts";
import { DomainError } from "#app/errors.ts";
import type { NotificationKind } from "./kinds.ts";

/**
 * Unsubscribing without an account (decision 052). A consumer who left an address with a report
 * has no settings page: every mail to such an address carries a link whose signature (HMAC of the
 * address's hash under SESSION_SECRET) proves it was mailed to that address. Opening the link shows a
 * button; pressing it (a POST) stops all later mail to the address except an account's own
 * address confirmation. Only a hash of the address is kept.
 */

/** Whoever holds the link: not an account (report.server.ts names the same actor for a report filed). */
const LINK_HOLDER: Actor = { userId: null, label: "public" };

/** Mail to a bare address that the address may stop: all but the confirmation of an account's address. */
export function isStoppable(kind: NotificationKind | string): boolean {
  return kind !== "email_confirm";
}

const normal = (address: string) => address.trim().toLowerCase();
export const addressHash = (address: string) => createHash("sha256").update(normal(address)).digest("hex");
const sign = (what: string) => createHmac("sha256", getEnv().SESSION_SECRET).update(what).digest("base64url");
const sameSignature = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};
const HASH = /^[0-9a-f]{64}$/;

/**
 * The path that stops mail to `address`: the hash `mail_suppression` keeps and its signature
 * (decision 057). The address itself is not in the link, so a forwarded or logged link does not
 * tell whose it is.
 */
export function unsubscribePath(address: string): string {
  const h = addressHash(address);
  return `/notifications/unsubscribe?h=${h}&s=${sign(`unsubscribe-hash|${h}`)}`;
}

/** What an unsubscribe link carries: `h` and `s`, or (mailed before decision 057) `a` and `s`. */
export interface UnsubscribeLink {
  h?: string | null | undefined;
  a?: string | null | undefined;
  s?: string | null | undefined;
}

/**
 * The address hash a link stands for, if its signature holds; null for anything forged, cut or
 * garbled. Links of decision 052 (the address in base64url) still work: a way out must keep working.
 */
export function hashOfLink(link: UnsubscribeLink): string | null {
  const { h, a, s } = link;
  if (!s || s.length > 100) return null;
  if (h) return HASH.test(h) && sameSignature(s, sign(`unsubscribe-hash|${h}`)) ? h : null;
  if (!a || a.length > 400) return null;
  const address = Buffer.from(a, "base64url").toString("utf8");
  if (!address.includes("@")) return null;
  return sameSignature(s, sign(`unsubscribe|${normal(address)}`)) ? addressHash(address) : null;
}

/** Whether the address asked for no more mail. `trx` is the caller's (notify's) open transaction. */
export async function isSuppressed(trx: Kysely<DB>, address: string): Promise<boolean> {
  const row = await trx
    .selectFrom("mail_suppression")
    .select("address_hash")
    .where("address_hash", "=", addressHash(address))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Stops mail to the address the link names: later events queue none, and mail already queued is
 * dropped when its turn comes (deliverDueMail). Audited by the hash's head, never the address.
 * A second press changes nothing.
 */
export async function unsubscribe(db: Kysely<DB>, link: UnsubscribeLink): Promise<void> {
  const hash = hashOfLink(link);
  if (!hash) throw new DomainError("notification.unsubscribe.badLink");
  await db.transaction().execute(async (trx) => {
    const added = await trx
      .insertInto("mail_suppression")
      .values({ address_hash: hash })
      .onConflict((oc) => oc.column("address_hash").doNothing())
      .returning("address_hash")
      .executeTakeFirst();
    if (added)
      await recordAudit(trx, LINK_HOLDER, {
        action: "mail.unsubscribe",
        entityType: "mail_suppression",
        entityId: hash.slice(0, 16),
      });
  });
}
