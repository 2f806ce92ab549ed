import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { DB } from "#db/schema.ts";
import { isUuid } from "#app/ids.ts";
import { recordAudit, type Actor } from "#app/audit/audit.server.ts";
import { DomainError } from "#app/errors.ts";
import { API_SCOPES, receivesWebhooks, type ApiScope } from "./scopes.ts";

/** What an API call knows about its caller once the token checks out. */
export interface ApiClient {
  id: string;
  name: string;
  scopes: ApiScope[];
  /** The marks the client may hear about; null for every mark. */
  markIds: string[] | null;
}

/** How the audit chain names a client acting through the API. */
export const clientActor = (client: ApiClient): Actor => ({ userId: null, label: `api client (${client.name})` });

/** Credentials as handed out: shown once, never stored in the clear (the token) or shown again. */
export interface Credentials {
  token: string;
  /** The webhook signing secret, handed out only to a client with the webhooks scope. */
  webhookSecret: string | null;
}

const TOKEN_PREFIX = "gik_";

const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest();

function newCredentials(): { token: string; webhookSecret: string; hash: Buffer; hint: string } {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  // Standard Webhooks' secret form: "whsec_" and the base64 of the key bytes.
  const webhookSecret = `whsec_${randomBytes(32).toString("base64")}`;
  return { token, webhookSecret, hash: hashToken(token), hint: token.slice(-4) };
}

export async function createApiClient(
  db: Kysely<DB>,
  actor: Actor,
  input: { name: string; contact: string; scopes: ApiScope[]; markIds: string[] | null },
): Promise<{ id: string } & Credentials> {
  const credentials = newCredentials();
  return db.transaction().execute(async (trx) => {
    if (input.markIds?.length) {
      const found = await trx.selectFrom("mark").select("id").where("id", "in", input.markIds).execute();
      if (found.length !== new Set(input.markIds).size)
        throw new DomainError("apiClient.unknownMark", { field: "markIds" });
    }
    const row = await trx
      .insertInto("api_client")
      .values({
        name: input.name,
        contact: input.contact,
        scopes: input.scopes,
        mark_ids: input.markIds?.length ? input.markIds : null,
        token_hash: credentials.hash,
        token_hint: credentials.hint,
        webhook_secret: credentials.webhookSecret,
        created_by: actor.userId,
        rotated_at: null,
        revoked_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: "api_client.create",
      entityType: "api_client",
      entityId: row.id,
      after: {
        name: input.name,
        contact: input.contact,
        scopes: input.scopes,
        markIds: input.markIds,
        tokenHint: credentials.hint,
      },
    });
    return {
      id: row.id,
      token: credentials.token,
      webhookSecret: receivesWebhooks(input.scopes) ? credentials.webhookSecret : null,
    };
  });
}

/** New token and webhook secret; the old ones stop working at once. */
export async function rotateApiClient(db: Kysely<DB>, actor: Actor, clientId: string): Promise<Credentials> {
  const credentials = newCredentials();
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("api_client")
      .select(["token_hint", "revoked_at", "scopes"])
      .where("id", "=", clientId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new DomainError("apiClient.notFound", { status: 404 });
    if (before.revoked_at) throw new DomainError("apiClient.revoked", { status: 409 });
    await trx
      .updateTable("api_client")
      .set({
        token_hash: credentials.hash,
        token_hint: credentials.hint,
        webhook_secret: credentials.webhookSecret,
        rotated_at: new Date(),
      })
      .where("id", "=", clientId)
      .execute();
    await recordAudit(trx, actor, {
      action: "api_client.rotate",
      entityType: "api_client",
      entityId: clientId,
      before: { tokenHint: before.token_hint },
      after: { tokenHint: credentials.hint },
    });
    return {
      token: credentials.token,
      webhookSecret: receivesWebhooks(before.scopes) ? credentials.webhookSecret : null,
    };
  });
}

/** Revoked for good: its token stops working and its deliveries stop. */
export async function revokeApiClient(
  db: Kysely<DB>,
  actor: Actor,
  clientId: string,
  reason: string,
  /** What other rooms end with the client, in the same transaction (its pending takedown requests). */
  alsoEnd?: (trx: Transaction<DB>) => Promise<unknown>,
): Promise<{ name: string }> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("api_client")
      .set({ revoked_at: new Date() })
      .where("id", "=", clientId)
      .where("revoked_at", "is", null)
      .returning("name")
      .executeTakeFirst();
    if (!updated) {
      const exists = isUuid(clientId)
        ? await trx.selectFrom("api_client").select("id").where("id", "=", clientId).executeTakeFirst()
        : undefined;
      if (!exists) throw new DomainError("error.notFound.text", { status: 404 });
      throw new DomainError("apiClient.revoked", { status: 409 });
    }
    await trx
      .updateTable("webhook_delivery")
      .set({ failed_at: new Date(), last_error: "client revoked" })
      .where("delivered_at", "is", null)
      .where("failed_at", "is", null)
      .where("subscription_id", "in", (eb) =>
        eb.selectFrom("webhook_subscription").select("id").where("client_id", "=", clientId),
      )
      .execute();
    await recordAudit(trx, actor, {
      action: "api_client.revoke",
      entityType: "api_client",
      entityId: clientId,
      after: { name: updated.name },
      reason,
    });
    await alsoEnd?.(trx);
    return { name: updated.name };
  });
}

/** The client a bearer token belongs to, or null for an unknown, malformed or revoked one. */
export async function clientByToken(db: Kysely<DB>, token: string): Promise<ApiClient | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const hash = hashToken(token);
  const row = await db
    .selectFrom("api_client")
    .select(["id", "name", "scopes", "mark_ids", "token_hash"])
    .where("token_hash", "=", hash)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (!row || !timingSafeEqual(Buffer.from(row.token_hash), hash)) return null;
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes.filter((s): s is ApiScope => (API_SCOPES as readonly string[]).includes(s)),
    markIds: row.mark_ids,
  };
}

/** Every client for the administrator, with its deliveries that are failing or gave up. */
export async function listApiClients(db: Kysely<DB>) {
  return db
    .selectFrom("api_client")
    .select((eb) => [
      "api_client.id",
      "api_client.name",
      "api_client.contact",
      "api_client.scopes",
      "api_client.mark_ids",
      "api_client.token_hint",
      "api_client.created_at",
      "api_client.rotated_at",
      "api_client.revoked_at",
      eb
        .selectFrom("webhook_delivery as d")
        .innerJoin("webhook_subscription as s", "s.id", "d.subscription_id")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("s.client_id", "=", "api_client.id")
        .where("d.delivered_at", "is", null)
        .where("d.attempts", ">", 0)
        .as("failing_deliveries"),
    ])
    .orderBy("api_client.created_at", "desc")
    .execute();
}
