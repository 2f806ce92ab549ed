import { createHash } from "node:crypto";
import { isUuid } from "#app/ids.ts";

/** Who a submission key belongs to: a platform's client, a signed-in person, or the public form. */
export type KeyOwner = { clientId: string } | { userId: string } | "consumer";

const namespaceOf = (owner: KeyOwner) =>
  owner === "consumer" ? "consumer" : "clientId" in owner ? `client:${owner.clientId}` : `user:${owner.userId}`;

/**
 * The key as stored: a uuid derived from the filer and the key they sent, so the same key from
 * another filer is another report and never finds (or reveals) someone else's (decision 059).
 * Null when no well-formed key was sent: such a filing is simply not idempotent.
 */
export function storedSubmissionKey(owner: KeyOwner, key: string | undefined | null): string | null {
  if (!key || !isUuid(key)) return null;
  const hex = createHash("sha256")
    .update(`report-submission\0${namespaceOf(owner)}\0${key.toLowerCase()}`)
    .digest("hex");
  // Shaped as an RFC 9562 version 8 (custom) uuid so the column's type still holds it.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
