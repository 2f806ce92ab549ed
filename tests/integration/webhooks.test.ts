import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transition } from "#app/authorization/transition.server.ts";
import { createApiClient } from "#app/api-client/clients.server.ts";
import { verifyWebhook } from "#app/api-client/signature.ts";
import { deliverDueWebhooks, failingDeliveries } from "#app/api-client/webhooks.server.ts";
import { action as subscribeRoute, loader as listRoute } from "#app/routes/api.v1.webhooks.subscriptions.ts";
import { action as removeRoute } from "#app/routes/api.v1.webhooks.subscriptions.$subscriptionId.remove.ts";
import { action as replayRoute } from "#app/routes/api.v1.webhooks.replay.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeUser } from "#tests/support/factories.ts";
import { makeMark } from "#tests/support/register-factories.ts";
import { makeHistory } from "#tests/support/history-factories.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-webhooks-"));

/** A platform's receiver: checks every signature with its secret and fails the first attempts it is told to. */
class Receiver {
  server: Server;
  received: { id: string; body: Record<string, unknown>; signed: boolean }[] = [];
  failFirst = 0;
  secret = "";
  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const headers = {
          id: String(req.headers["webhook-id"]),
          timestamp: String(req.headers["webhook-timestamp"]),
          signature: String(req.headers["webhook-signature"]),
        };
        const signed = verifyWebhook(this.secret, headers, body);
        this.received.push({ id: headers.id, body: JSON.parse(body) as Record<string, unknown>, signed });
        const fail = !signed || this.failFirst > 0;
        if (this.failFirst > 0) this.failFirst--;
        res.writeHead(fail ? 500 : 204).end();
      });
    });
  }
  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }
}

let t: TestDatabase;
let county: SessionUser;
let adminActor: { userId: string; label: string };
let mark: Awaited<ReturnType<typeof makeMark>>;
let other: Awaited<ReturnType<typeof makeMark>>;
const receiver = new Receiver();
let url: string;
beforeAll(async () => {
  t = await createTestDatabase();
  (globalThis as Record<symbol, unknown>)[Symbol.for("gi-mark-registry.db")] = Promise.resolve(t);
  const admin = await makeUser(t.db, "admin");
  adminActor = { userId: admin.id, label: "admin" };
  county = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  mark = await makeMark(t.db, { slug: "hook-tea" });
  other = await makeMark(t.db, { slug: "hook-other" });
  url = await receiver.start();
});
afterAll(async () => {
  await new Promise((resolve) => receiver.server.close(resolve));
  await t?.drop();
});

const context = { clientIp: "127.0.0.1", cspNonce: "" };
const call = async (
  fn: (args: { request: Request; params: Record<string, string>; context: typeof context }) => unknown,
  token: string,
  path: string,
  body?: unknown,
  params: Record<string, string> = {},
) => {
  try {
    return (await fn({
      request: new Request(`http://localhost${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
      params,
      context,
    })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
};
const activeHistory = () =>
  makeHistory(t.db, {
    markId: mark.id,
    township: mark.townships[0]!,
    createdBy: county.id,
    announcement: `安化GI〔2025〕${Math.floor(Math.random() * 1e6)}号`,
    steps: [{ on: "2025-03-01", action: "activate", to: "active", from: "approved" }],
  });
const queued = (authorizationId: string) =>
  t.db
    .selectFrom("webhook_event as e")
    .leftJoin("webhook_delivery as d", "d.event_id", "e.id")
    .select(["e.id", "e.type", "d.subscription_id", "d.delivered_at"])
    .where("e.authorization_id", "=", authorizationId)
    .orderBy("e.id")
    .execute();
const drain = (rounds: number) =>
  (async () => {
    for (let i = 0; i < rounds; i++) await deliverDueWebhooks(t.db, { delays: [0, 0, 0] });
  })();

describe("register-change webhooks", () => {
  it("queues a suspension in the regulator's transaction, signs it, and retries until the receiver takes it", async () => {
    const platform = await createApiClient(t.db, adminActor, {
      name: "订阅平台",
      contact: "张三",
      scopes: ["webhooks"],
      markIds: null,
    });
    const elsewhere = await createApiClient(t.db, adminActor, {
      name: "其他标志的平台",
      contact: "李四",
      scopes: ["webhooks"],
      markIds: [other.id],
    });
    receiver.secret = platform.webhookSecret!;
    const created = await call(subscribeRoute, platform.token, "/api/v1/webhooks/subscriptions", {
      url,
      mark: "hook-tea",
    });
    expect(created.status).toBe(201);
    const subscription = (await created.json()) as { id: string };
    // A client whose marks leave this one out cannot subscribe to it, and hears nothing of it.
    const outside = await call(subscribeRoute, elsewhere.token, "/api/v1/webhooks/subscriptions", {
      url,
      mark: "hook-tea",
    });
    expect(outside.status).toBe(400);
    expect((await call(subscribeRoute, elsewhere.token, "/api/v1/webhooks/subscriptions", { url })).status).toBe(201);

    const { authorizationId, enterprise } = await activeHistory();
    // Its entry on the register is an event too: delivered, then set aside for what follows.
    await drain(1);
    expect(receiver.received.map((r) => [r.body.type, r.signed])).toEqual([["authorization.activated", true]]);
    receiver.received = [];
    // A change that rolls back queues nothing.
    await t.db
      .transaction()
      .execute(async (trx) => {
        await trx
          .insertInto("authorization_event")
          .values({
            authorization_id: authorizationId,
            effective_on: "2025-04-01",
            action: "suspend",
            from_status: "active",
            to_status: "suspended",
          })
          .execute();
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect((await queued(authorizationId)).map((e) => e.type)).toEqual(["authorization.activated"]);

    await transition(t.db, county, authorizationId, { action: "suspend", version: 1, comment: "抽检不合格" });
    const waiting = (await queued(authorizationId)).filter((e) => e.type !== "authorization.activated");
    expect(waiting).toEqual([
      { id: waiting[0]!.id, type: "authorization.suspended", subscription_id: subscription.id, delivered_at: null },
    ]);
    expect(receiver.received).toEqual([]);

    receiver.failFirst = 2;
    await drain(1);
    const failing = await failingDeliveries(t.db);
    expect(failing).toEqual([
      expect.objectContaining({
        client: "订阅平台",
        type: "authorization.suspended",
        attempts: 1,
        last_error: "HTTP 500",
      }),
    ]);
    await drain(2);
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.id))).toEqual(new Set([`evt_${waiting[0]!.id}`]));
    expect(receiver.received.every((r) => r.signed)).toBe(true);
    expect(receiver.received[2]!.body).toMatchObject({
      id: `evt_${waiting[0]!.id}`,
      type: "authorization.suspended",
      data: { mark: "hook-tea", uscc: enterprise.uscc, from_status: "active", status: "suspended" },
    });
    expect((await queued(authorizationId)).every((e) => e.delivered_at !== null)).toBe(true);
    expect(await failingDeliveries(t.db)).toEqual([]);
    await drain(1);
    expect(receiver.received).toHaveLength(3);

    // A change of name is an event of every mark the enterprise holds.
    await t.db.updateTable("enterprise").set({ name: "更名后的茶业公司" }).where("id", "=", enterprise.id).execute();
    await drain(1);
    expect(receiver.received.at(-1)!.body).toMatchObject({
      type: "enterprise.renamed",
      data: { enterprise_name: "更名后的茶业公司", previous_name: enterprise.name },
    });

    // Replay: everything since the suspension's predecessor comes again, with the same ids.
    const replay = await call(replayRoute, platform.token, "/api/v1/webhooks/replay", {
      since: `evt_${waiting[0]!.id - 1}`,
    });
    expect(replay.status).toBe(202);
    expect(await replay.json()).toEqual({ queued: 2, continue_after: null });
    const before = receiver.received.length;
    await drain(1);
    expect(receiver.received.slice(before).map((r) => r.body.type)).toEqual([
      "authorization.suspended",
      "enterprise.renamed",
    ]);
    expect((await call(replayRoute, platform.token, "/api/v1/webhooks/replay", { since: "7" })).status).toBe(400);

    // A client never sees or removes another client's subscriptions.
    const mine = (await (await call(listRoute, elsewhere.token, "/api/v1/webhooks/subscriptions")).json()) as {
      subscriptions: { id: string }[];
    };
    expect(mine.subscriptions.map((s) => s.id)).not.toContain(subscription.id);
    const path = `/api/v1/webhooks/subscriptions/${subscription.id}/remove`;
    expect((await call(removeRoute, elsewhere.token, path, {}, { subscriptionId: subscription.id })).status).toBe(404);
    expect((await call(removeRoute, platform.token, path, {}, { subscriptionId: subscription.id })).status).toBe(200);
    const audited = await t.db
      .selectFrom("audit_entry")
      .select("action")
      .where("entity_id", "=", subscription.id)
      .orderBy("seq")
      .execute();
    expect(audited.map((a) => a.action)).toEqual(["webhook.subscribe", "webhook.unsubscribe"]);
  });

  it("stops retrying after the last delay and shows the administrator what failed", async () => {
    const platform = await createApiClient(t.db, adminActor, {
      name: "失联平台",
      contact: "王五",
      scopes: ["webhooks"],
      markIds: [mark.id],
    });
    await call(subscribeRoute, platform.token, "/api/v1/webhooks/subscriptions", {
      url: "http://127.0.0.1:9/nobody-listens",
    });
    const { authorizationId } = await activeHistory();
    await transition(t.db, county, authorizationId, { action: "suspend", version: 1, comment: "暂停" });
    for (let i = 0; i < 3; i++) await deliverDueWebhooks(t.db, { delays: [0] });
    const failed = (await failingDeliveries(t.db)).filter((f) => f.client === "失联平台");
    expect(failed.map((f) => [f.type, f.attempts, f.last_error])).toEqual([
      ["authorization.suspended", 2, "connect ECONNREFUSED 127.0.0.1:9"],
      ["authorization.activated", 2, "connect ECONNREFUSED 127.0.0.1:9"],
    ]);
    expect(failed.every((f) => f.failed_at !== null)).toBe(true);
  });
});
