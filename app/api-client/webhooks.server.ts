import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { DomainError } from "#app/errors.ts";
import { clientActor, type ApiClient } from "./clients.server.ts";
import { signWebhook } from "./signature.ts";
import { logger } from "#app/logging/logger.server.ts";
import { isProduction } from "#app/env.server.ts";
import { checkWebhookUrl, postWebhook } from "./webhook-address.server.ts";

/** The delays before each retry (Standard Webhooks' suggested schedule); past the last, it stops. */
export const RETRY_DELAYS_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];
/** How long one delivery may take before it counts as failed. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** A claimed delivery whose process died is tried again after this. */
const CLAIM_MS = 60_000;

export const eventId = (id: number) => `evt_${id}`;
export function parseEventId(s: string): number | null {
  const m = /^evt_(\d{1,15})$/.exec(s.trim());
  return m ? Number(m[1]) : null;
}

/** A client's live subscriptions at most: each event fans out to every one of them. */
export const MAX_SUBSCRIPTIONS_PER_CLIENT = 20;
/** Events one replay call re-sends; the answer says where to continue. */
export const MAX_REPLAY_EVENTS = 100;

export async function subscribe(
  db: Kysely<DB>,
  client: ApiClient,
  input: { url: string; markSlug: string | null },
  options: { production?: boolean } = {},
): Promise<{ id: string; url: string; mark: string | null }> {
  const production = options.production ?? isProduction();
  const checked = checkWebhookUrl(input.url, production);
  if (!checked.ok)
    throw new DomainError(
      checked.reason === "privateAddress"
        ? "apiClient.privateUrl"
        : production
          ? "apiClient.badUrlProduction"
          : "apiClient.badUrl",
      { field: "url" },
    );
  const url = checked.url;
  return db.transaction().execute(async (trx) => {
    // The client's row is locked so two concurrent calls cannot both pass the cap.
    await trx.selectFrom("api_client").select("id").where("id", "=", client.id).forUpdate().execute();
    const { live } = await trx
      .selectFrom("webhook_subscription")
      .select((eb) => eb.fn.countAll<number>().as("live"))
      .where("client_id", "=", client.id)
      .where("removed_at", "is", null)
      .executeTakeFirstOrThrow();
    if (Number(live) >= MAX_SUBSCRIPTIONS_PER_CLIENT)
      throw new DomainError("apiClient.tooManySubscriptions", {
        status: 409,
        params: { max: MAX_SUBSCRIPTIONS_PER_CLIENT },
      });
    let markId: string | null = null;
    if (input.markSlug) {
      const mark = await trx.selectFrom("mark").select("id").where("slug", "=", input.markSlug).executeTakeFirst();
      // A mark outside the client's marks is answered like one that does not exist.
      if (!mark || (client.markIds && !client.markIds.includes(mark.id)))
        throw new DomainError("apiClient.unknownMarkSlug", { field: "mark", params: { slug: input.markSlug } });
      markId = mark.id;
    }
    const row = await trx
      .insertInto("webhook_subscription")
      .values({ client_id: client.id, mark_id: markId, url, removed_at: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, clientActor(client), {
      action: "webhook.subscribe",
      entityType: "webhook_subscription",
      entityId: row.id,
      after: { client: client.name, url, mark: input.markSlug },
    });
    return { id: row.id, url, mark: input.markSlug };
  });
}

/** The client's own live subscriptions (never another client's). */
export async function listSubscriptions(db: Kysely<DB>, client: ApiClient) {
  return db
    .selectFrom("webhook_subscription as s")
    .leftJoin("mark", "mark.id", "s.mark_id")
    .select(["s.id", "s.url", "mark.slug as mark", "s.created_at"])
    .where("s.client_id", "=", client.id)
    .where("s.removed_at", "is", null)
    .orderBy("s.created_at")
    .execute();
}

export async function unsubscribe(db: Kysely<DB>, client: ApiClient, subscriptionId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const removed = await trx
      .updateTable("webhook_subscription")
      .set({ removed_at: new Date() })
      .where("id", "=", subscriptionId)
      .where("client_id", "=", client.id)
      .where("removed_at", "is", null)
      .returning("url")
      .executeTakeFirst();
    if (!removed) throw new DomainError("apiClient.subscriptionNotFound", { status: 404 });
    await trx
      .updateTable("webhook_delivery")
      .set({ failed_at: new Date(), last_error: "unsubscribed" })
      .where("subscription_id", "=", subscriptionId)
      .where("delivered_at", "is", null)
      .where("failed_at", "is", null)
      .execute();
    await recordAudit(trx, clientActor(client), {
      action: "webhook.unsubscribe",
      entityType: "webhook_subscription",
      entityId: subscriptionId,
      before: { url: removed.url },
    });
  });
}

/**
 * Sends again the events after `sinceId` that the client's live subscriptions cover (as the
 * triggers would have fanned them out), including ones already delivered: the oldest `limit`
 * events a call, so one call queues at most limit × MAX_SUBSCRIPTIONS_PER_CLIENT deliveries.
 * Answers how many deliveries were queued and, when more events remain, the last one replayed:
 * the caller continues from there.
 */
export async function replaySince(
  db: Kysely<DB>,
  client: ApiClient,
  sinceId: number,
  limit = MAX_REPLAY_EVENTS,
): Promise<{ queued: number; continueAfter: number | null }> {
  const result = await sql<{ n: number; last: number | null; more: boolean }>`
    with events as (
      select e.id, e.mark_id
        from webhook_event e
        join api_client c on c.id = ${client.id} and c.revoked_at is null and 'webhooks' = any(c.scopes)
       where e.id > ${sinceId} and (c.mark_ids is null or e.mark_id = any(c.mark_ids))
         and exists (select 1 from webhook_subscription s
                      where s.client_id = c.id and s.removed_at is null
                        and (s.mark_id is null or s.mark_id = e.mark_id))
       order by e.id
       limit ${limit + 1}
    ), page as (
      select * from events order by id limit ${limit}
    ), queued as (
      insert into webhook_delivery (subscription_id, event_id)
      select s.id, p.id
        from page p
        join webhook_subscription s on s.client_id = ${client.id} and s.removed_at is null
         and (s.mark_id is null or s.mark_id = p.mark_id)
      on conflict (subscription_id, event_id) do update
        set attempts = 0, next_attempt_at = now(), delivered_at = null, failed_at = null,
            last_status = null, last_error = null
      returning 1
    )
    select (select count(*)::int from queued) as n,
           (select max(id)::int from page) as last,
           (select count(*) from events) > ${limit} as more`.execute(db);
  const row = result.rows[0];
  return { queued: row?.n ?? 0, continueAfter: row?.more ? row.last : null };
}

/** The JSON body of one event (Standard Webhooks' shape: type, timestamp, data). */
export function eventBody(event: { id: number; type: string; created_at: Date; data: unknown }): string {
  return JSON.stringify({
    id: eventId(event.id),
    type: event.type,
    timestamp: event.created_at.toISOString(),
    data: event.data,
  });
}

export type Send = (url: string, init: { headers: Record<string, string>; body: string }) => Promise<number>;

/** The real sender: refuses non-public addresses (loopback allowed outside production) and never follows a redirect. */
const guardedSend =
  (production: boolean): Send =>
  (url, init) =>
    postWebhook(url, init, { production, timeoutMs: DELIVERY_TIMEOUT_MS });

/**
 * One round of the delivery queue: claims due deliveries (skipping ones another process holds),
 * posts each signed event, and records the outcome — delivered on a 2xx, else retried after the
 * next delay in `delays`, and given up (visible to the administrator) after the last.
 */
export async function deliverDueWebhooks(
  db: Kysely<DB>,
  options: {
    limit?: number;
    send?: Send;
    delays?: readonly number[];
    now?: () => Date;
    production?: boolean;
  } = {},
): Promise<{ delivered: number; failed: number }> {
  const send = options.send ?? guardedSend(options.production ?? isProduction());
  const delays = options.delays ?? RETRY_DELAYS_MS;
  const now = options.now ?? (() => new Date());
  const claimed = await sql<{
    subscription_id: string;
    event_id: number;
    attempts: number;
    url: string;
    secret: string;
    type: string;
    created_at: Date;
    data: unknown;
  }>`
    with due as (
      select d.subscription_id, d.event_id
        from webhook_delivery d
       where d.delivered_at is null and d.failed_at is null and d.next_attempt_at <= ${now()}
       order by d.next_attempt_at, d.event_id
       limit ${options.limit ?? 50}
       for update skip locked
    ), claimed as (
      update webhook_delivery d
         set attempts = d.attempts + 1, next_attempt_at = ${new Date(now().getTime() + CLAIM_MS)}
        from due
       where d.subscription_id = due.subscription_id and d.event_id = due.event_id
      returning d.subscription_id, d.event_id, d.attempts
    )
    select claimed.*, s.url, c.webhook_secret as secret, e.type, e.created_at, e.data
      from claimed
      join webhook_subscription s on s.id = claimed.subscription_id
      join api_client c on c.id = s.client_id
      join webhook_event e on e.id = claimed.event_id
     order by claimed.event_id`.execute(db);
  let delivered = 0;
  let failed = 0;
  for (const d of claimed.rows) {
    const id = eventId(d.event_id);
    const timestamp = Math.floor(now().getTime() / 1000);
    const body = eventBody({ id: d.event_id, type: d.type, created_at: d.created_at, data: d.data });
    let status: number | null = null;
    let error: string | null = null;
    try {
      status = await send(d.url, {
        headers: {
          "content-type": "application/json",
          "webhook-id": id,
          "webhook-timestamp": String(timestamp),
          "webhook-signature": signWebhook(d.secret, id, timestamp, body),
        },
        body,
      });
      if (status < 200 || status > 299) error = `HTTP ${status}`;
    } catch (e) {
      error = e instanceof Error ? e.message.slice(0, 300) : "delivery failed";
    }
    const update = db
      .updateTable("webhook_delivery")
      .where("subscription_id", "=", d.subscription_id)
      .where("event_id", "=", d.event_id);
    if (!error) {
      delivered++;
      await update.set({ delivered_at: now(), last_status: status, last_error: null }).execute();
    } else {
      failed++;
      const delay = delays[d.attempts - 1];
      await update
        .set(
          delay === undefined
            ? { failed_at: now(), last_status: status, last_error: error }
            : { next_attempt_at: new Date(now().getTime() + delay), last_status: status, last_error: error },
        )
        .execute();
    }
  }
  return { delivered, failed };
}

/** Deliveries that have not arrived after at least one attempt, for the administrator. */
export async function failingDeliveries(db: Kysely<DB>, limit = 200) {
  return db
    .selectFrom("webhook_delivery as d")
    .innerJoin("webhook_subscription as s", "s.id", "d.subscription_id")
    .innerJoin("api_client as c", "c.id", "s.client_id")
    .innerJoin("webhook_event as e", "e.id", "d.event_id")
    .select([
      "c.name as client",
      "s.url",
      "e.id as event_id",
      "e.type",
      "d.attempts",
      "d.last_status",
      "d.last_error",
      "d.next_attempt_at",
      "d.failed_at",
    ])
    .where("d.delivered_at", "is", null)
    .where("d.attempts", ">", 0)
    .orderBy("e.id", "desc")
    .limit(limit)
    .execute();
}

/** Every process runs rounds of the queue; claims skip locked rows, so processes never send one delivery twice at once. */
export function startWebhookWorker(db: Kysely<DB>, everyMs: number): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      // Keep going while a round was full: a burst of changes drains without waiting a turn each.
      for (;;) {
        const round = await deliverDueWebhooks(db);
        if (round.delivered + round.failed < 50) break;
      }
    } catch (error) {
      logger.error({ err: error }, "[webhooks] delivery round failed");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void run(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
