import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the secret is "whsec_" and the
 * base64 of the key; the signature is "v1," and the base64 HMAC-SHA256 of "id.timestamp.body".
 */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

/** What a receiver does: any of the space-separated signatures matches (used by tests and clients' examples). */
export function verifyWebhook(
  secret: string,
  headers: { id: string; timestamp: string; signature: string },
  body: string,
): boolean {
  const expected = Buffer.from(signWebhook(secret, headers.id, Number(headers.timestamp), body));
  return headers.signature.split(" ").some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
