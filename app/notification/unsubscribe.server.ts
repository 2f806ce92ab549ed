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
 * address under SESSION_SECRET) proves it was mailed to that address. Opening the link shows a
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
const signature = (address: string) =>
  createHmac("sha256", getEnv().SESSION_SECRET)
    .update(`unsubscribe|${normal(address)}`)
    .digest("base64url");

/** The path that stops mail to `address`: the address and its signature, nothing else. */
export function unsubscribePath(address: string): string {
  const a = Buffer.from(normal(address)).toString("base64url");
  return `/notifications/unsubscribe?a=${a}&s=${signature(address)}`;
}

/** The address a link names, if its signature holds; null for anything forged, cut or garbled. */
export function addressOfLink(a: string | null | undefined, s: string | null | undefined): string | null {
  if (!a || !s || a.length > 400 || s.length > 100) return null;
  const address = Buffer.from(a, "base64url").toString("utf8");
  if (!address.includes("@")) return null;
  const expected = Buffer.from(signature(address));
  const given = Buffer.from(s);
  return given.length === expected.length && timingSafeEqual(given, expected) ? address : null;
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
export async function unsubscribe(db: Kysely<DB>, a: string, s: string): Promise<{ address: string }> {
  const address = addressOfLink(a, s);
  if (!address) throw new DomainError("notification.unsubscribe.badLink");
  const hash = addressHash(address);
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
  return { address };
}
