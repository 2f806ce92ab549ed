import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer as createTcpServer, type AddressInfo } from "node:net";
import { createApiClient, clientByToken, type ApiClient } from "#app/api-client/clients.server.ts";
import {
  deliverDueWebhooks,
  MAX_SUBSCRIPTIONS_PER_CLIENT,
  replaySince,
  subscribe,
} from "#app/api-client/webhooks.server.ts";
import { DomainError } from "#app/errors.ts";
import { translator } from "#app/i18n/i18n.ts";
import { action as subscribeRoute } from "#app/routes/api.v1.webhooks.subscriptions.ts";
import { action as answerByApi } from "#app/routes/api.v1.takedown-requests.$requestId.answer.ts";
import { checkRows, parseCheckBody } from "#app/api-client/bulk-check.server.ts";
import { loader as takedownsByApi } from "#app/routes/api.v1.takedown-requests.ts";
import express from "express";
import { apiAnswer, apiEdgeRefusal, apiMethods, isApiPath } from "#app/http/api-edge.server.ts";
import { knownMethodsOnly, sameOriginOnly } from "#app/http/security.server.ts";
import { renderMetrics } from "#app/metrics/metrics.server.ts";
import { API_CALLS_PER_CLIENT_PER_MINUTE, API_UNKNOWN_TOKENS_PER_NETWORK } from "#app/rate-limit/rate-limit.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { fileReport } from "#app/report/report.server.ts";
import { fileListingReport } from "#app/report/listing-report.server.ts";
import { action as fileByApi } from "#app/routes/api.v1.listing-reports.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { fakeUscc, makeUser } from "#tests/support/factories.ts";
import { makeMark } from "#tests/support/register-factories.ts";
import { ROUTE_CONTEXT, routeAnswer } from "#tests/support/route-answer.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-api-hardening-"));

let t: TestDatabase;
let regulator: SessionUser;
let elsewhere: SessionUser;
let mark: Awaited<ReturnType<typeof makeMark>>;
let platformA: { id: string; token: string };
let platformB: { id: string; token: string };
let hooks: { id: string; token: string };
let hooksClient: ApiClient;

beforeAll(async () => {
  t = await createTestDatabase();
  (globalThis as Record<symbol, unknown>)[Symbol.for("gi-mark-registry.db")] = Promise.resolve(t);
  const admin = await makeUser(t.db, "admin");
  regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  elsewhere = await makeUser(t.db, "regulator", { divisionCode: "611026" });
  mark = await makeMark(t.db, { slug: "hardening-tea" });
  const actor = { userId: admin.id, label: "admin" };
  const scopes = ["listings.report", "takedowns", "webhooks"] as const;
  platformA = await createApiClient(t.db, actor, {
    name: "甲平台",
    contact: "a@x",
    scopes: [...scopes],
    markIds: null,
  });
  platformB = await createApiClient(t.db, actor, {
    name: "乙平台",
    contact: "b@x",
    scopes: [...scopes],
    markIds: null,
  });
  hooks = await createApiClient(t.db, actor, { name: "丁平台", contact: "d@x", scopes: ["webhooks"], markIds: null });
  hooksClient = (await clientByToken(t.db, hooks.token))!;
});
afterAll(async () => {
  await t?.drop();
});

const ctx = ROUTE_CONTEXT;
const outcome = (p: Promise<unknown>) => routeAnswer<Response>(p);
const file = (token: string, body: Record<string, string>, query = "") =>
  outcome(
    fileByApi({
      request: new Request(`http://localhost/api/v1/listing-reports${query}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      }),
      params: {},
      context: ctx,
    }),
  );
const listing = (shopName: string, submissionKey?: string) => ({
  shopName,
  listingUrl: "https://shop.example.com/item/123",
  mark: "hardening-tea",
  description: "商品页使用专用标志，卖家不在公开名录中",
  sellerUscc: fakeUscc("430923"),
  ...(submissionKey ? { submissionKey } : {}),
});
type Filed = { id: string; ticket: string };

describe("submission keys belong to their filer", () => {
  it("a consumer's key reused by a platform files the platform's own report, not a 500", async () => {
    const k = randomUUID();
    const consumer = await fileReport(
      t.db,
      {
        codeInput: "not-a-code",
        markId: mark.id,
        problem: "fake_label",
        description: "标签可疑",
        placeKind: "shop",
        place: "某店",
        submissionKey: k,
      },
      [],
    );
    const res = await file(platformA.token, listing("甲店", k));
    expect(res.status).toBe(201);
    const body = (await res.json()) as Filed;
    expect(body.id).not.toBe(consumer.id);
    expect(body.ticket).not.toBe(consumer.ticket);
  });

  it("another platform, regulator or consumer with A's key files its own; A's retry is idempotent", async () => {
    const k = randomUUID();
    const a = (await (await file(platformA.token, listing("甲店", k))).json()) as Filed;
    const again = await file(platformA.token, listing("甲店", k));
    expect(again.status).toBe(201);
    expect(((await again.json()) as Filed).id).toBe(a.id);

    const resB = await file(platformB.token, listing("乙店", k));
    expect(resB.status).toBe(201);
    const b = (await resB.json()) as Filed & { register_finding: string };
    expect(b.id).not.toBe(a.id);
    expect(b.ticket).not.toBe(a.ticket);
    const shopOf = async (id: string) =>
      (await t.db.selectFrom("listing_report").select("shop_name").where("report_id", "=", id).executeTakeFirst())
        ?.shop_name;
    expect(await shopOf(b.id)).toBe("乙店");

    for (const user of [regulator, elsewhere]) {
      const filed = await fileListingReport(
        t.db,
        { user },
        { ...listing("局里发现", k), mark: mark.id, platform: "某平台" },
        [],
      );
      expect(filed.id).not.toBe(a.id);
      expect(filed.ticket).not.toBe(a.ticket);
      // …and the same person with the same key again is the same case.
      const twice = await fileListingReport(
        t.db,
        { user },
        { ...listing("局里发现", k), mark: mark.id, platform: "某平台" },
        [],
      );
      expect(twice.id).toBe(filed.id);
    }
    const consumer = await fileReport(
      t.db,
      {
        codeInput: "x",
        markId: mark.id,
        problem: "fake_label",
        description: "d",
        placeKind: "shop",
        place: "p",
        submissionKey: k,
      },
      [],
    );
    expect(consumer.ticket).not.toBe(a.ticket);
  });
});

describe("webhook addresses, subscriptions and replay", () => {
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => "accepted",
      (e: unknown) => (e instanceof DomainError ? e.key : String(e)),
    );
  const subscribeIn = (production: boolean, url: string) =>
    refusal(subscribe(t.db, hooksClient, { url, markSlug: null }, { production }));

  it("in production only https to a public address is accepted", async () => {
    for (const url of [
      "https://localhost/hooks",
      "https://api.localhost/hooks",
      "https://127.0.0.1/hooks",
      "https://127.1.2.3/hooks",
      "https://2130706433/hooks",
      "https://[::1]/hooks",
      "https://[::ffff:127.0.0.1]/hooks",
      "https://10.1.2.3/hooks",
      "https://172.20.0.1/hooks",
      "https://192.168.1.1/hooks",
      "https://169.254.169.254/latest/meta-data",
      "https://100.64.0.1/hooks",
      "https://0.0.0.0/hooks",
      "https://[::]/hooks",
      "https://[fd12::1]/hooks",
      "https://[fe80::1]/hooks",
    ])
      expect([url, await subscribeIn(true, url)]).toEqual([url, "apiClient.privateUrl"]);
    expect(await subscribeIn(true, "http://localhost:3000/hooks")).toBe("apiClient.badUrlProduction");
    expect(await subscribeIn(true, "http://hooks.example.com/")).toBe("apiClient.badUrlProduction");
    expect(await subscribeIn(true, "https://hooks.example.com/gi")).toBe("accepted");
    expect(await subscribeIn(true, "https://203.0.113.7/gi")).toBe("accepted");
    // Demo mode keeps a receiver on this machine possible; the words say why in both languages.
    expect(await subscribeIn(false, "http://localhost:3000/hooks")).toBe("accepted");
    expect(await subscribeIn(false, "http://10.1.2.3/hooks")).toBe("apiClient.badUrl");
    expect(translator("en")("apiClient.privateUrl")).toMatch(/private/);
    expect(translator("zh-CN")("apiClient.privateUrl")).toMatch(/内网/);
  });

  it("a name or address that is not public is refused at delivery, before any connection", async () => {
    let connections = 0;
    const listener = createTcpServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const port = (listener.address() as AddressInfo).port;
    try {
      // Stored as if accepted earlier (a name that now resolves to loopback: DNS rebinding).
      const subs = await t.db
        .insertInto("webhook_subscription")
        .values([
          { client_id: hooks.id, mark_id: mark.id, url: `https://127.0.0.1:${port}/hooks`, removed_at: null },
          { client_id: hooks.id, mark_id: mark.id, url: `https://localhost:${port}/hooks`, removed_at: null },
        ])
        .returning("id")
        .execute();
      const event = await t.db
        .insertInto("webhook_event")
        .values({ type: "authorization.suspended", mark_id: mark.id, authorization_id: null, data: sql`'{}'::jsonb` })
        .returning("id")
        .executeTakeFirstOrThrow();
      await t.db
        .insertInto("webhook_delivery")
        .values(subs.map((s) => ({ subscription_id: s.id, event_id: event.id })))
        .onConflict((oc) => oc.doNothing())
        .execute();
      await deliverDueWebhooks(t.db, { production: true });
      const rows = await t.db
        .selectFrom("webhook_delivery")
        .select(["delivered_at", "last_error"])
        .where("event_id", "=", event.id)
        .where(
          "subscription_id",
          "in",
          subs.map((s) => s.id),
        )
        .execute();
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        expect(row.delivered_at).toBeNull();
        expect(row.last_error).toMatch(/not a public address/);
      }
      expect(connections).toBe(0);
      await t.db
        .updateTable("webhook_subscription")
        .set({ removed_at: new Date() })
        .where(
          "id",
          "in",
          subs.map((s) => s.id),
        )
        .execute();
    } finally {
      listener.close();
    }
  });

  it("a client has at most 20 subscriptions, and replay queues a bounded page a call", async () => {
    const live = async () =>
      Number(
        (
          await t.db
            .selectFrom("webhook_subscription")
            .select((eb) => eb.fn.countAll().as("n"))
            .where("client_id", "=", hooks.id)
            .where("removed_at", "is", null)
            .executeTakeFirstOrThrow()
        ).n,
      );
    while ((await live()) < MAX_SUBSCRIPTIONS_PER_CLIENT)
      expect(await subscribeIn(false, `https://hooks.example.com/${await live()}`)).toBe("accepted");
    const res = await subscribeRoute({
      request: new Request("http://localhost/api/v1/webhooks/subscriptions?lang=en", {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${hooks.token}` },
        body: JSON.stringify({ url: "https://hooks.example.com/one-more" }),
      }),
      params: {},
      context: ctx,
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      translator("en")("apiClient.tooManySubscriptions", { max: MAX_SUBSCRIPTIONS_PER_CLIENT }),
    );
    expect(await live()).toBe(MAX_SUBSCRIPTIONS_PER_CLIENT);

    const before = await t.db
      .selectFrom("webhook_event")
      .select((eb) => eb.fn.max("id").as("max"))
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("webhook_event")
      .values(
        Array.from({ length: 150 }, () => ({
          type: "authorization.suspended",
          mark_id: mark.id,
          authorization_id: null,
          data: sql`'{}'::jsonb`,
        })),
      )
      .execute();
    const since = Number(before.max ?? 0);
    const first = await replaySince(t.db, hooksClient, since);
    expect(first.queued).toBe(100 * MAX_SUBSCRIPTIONS_PER_CLIENT);
    expect(first.continueAfter).toBe(since + 100);
    const rest = await replaySince(t.db, hooksClient, first.continueAfter!);
    expect(rest).toEqual({ queued: 50 * MAX_SUBSCRIPTIONS_PER_CLIENT, continueAfter: null });
    await t.db.deleteFrom("webhook_delivery").where("event_id", ">", since).execute();
  });
});

describe("error replies say what was wrong with what was sent", () => {
  type ErrorBody = { error: { message: string; field?: string } };
  const en = translator("en");
  const post = (token: string, path: string, body: BodyInit, type: string, run = fileByApi) =>
    outcome(
      run({
        request: new Request(`http://localhost${path}`, {
          method: "POST",
          headers: { "Content-Type": type, Authorization: `Bearer ${token}` },
          body,
        }),
        params: { requestId: "00000000-0000-4000-8000-000000000000" },
        context: ctx,
      }),
    );

  it("an oversized multipart upload is told the upload limits, not the JSON limit", async () => {
    const big = new Uint8Array(33 * 1024 * 1024);
    const res = await post(platformA.token, "/api/v1/listing-reports?lang=en", big, "multipart/form-data; boundary=x");
    expect(res.status).toBe(413);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.message).toBe(en("apiClient.multipartTooLarge", { max: 32, file: 10 }));
    const json = await post(
      platformA.token,
      "/api/v1/listing-reports?lang=en",
      JSON.stringify({ description: "x".repeat(70_000) }),
      "application/json",
    );
    expect(json.status).toBe(413);
    expect(((await json.json()) as ErrorBody).error.message).toBe(en("apiClient.bodyTooLarge", { max: 65_536 }));
  });

  it("malformed JSON gets each endpoint's own words, and a bad field is named", async () => {
    const listingReply = (await (
      await post(platformA.token, "/api/v1/listing-reports?lang=en", "{not json", "application/json")
    ).json()) as ErrorBody;
    expect(listingReply.error.message).toMatch(/shopName/);
    expect(listingReply.error.message).not.toMatch(/rows/);
    const answer = (body: string) =>
      post(platformA.token, "/api/v1/takedown-requests/x/answer?lang=en", body, "application/json", answerByApi);
    const broken = (await (await answer("{not json")).json()) as ErrorBody;
    expect(broken.error.message).toMatch(/outcome/);
    expect(broken.error.message).not.toMatch(/rows/);
    const badOutcome = await answer(JSON.stringify({ outcome: "deleted" }));
    expect(badOutcome.status).toBe(400);
    expect(((await badOutcome.json()) as ErrorBody).error).toEqual({
      code: "invalid_request",
      field: "outcome",
      message: en("apiClient.fieldOneOf", { field: "outcome", options: "removed, refused" }),
    });
    const longNote = (await (
      await answer(JSON.stringify({ outcome: "refused", note: "x".repeat(2001) }))
    ).json()) as ErrorBody;
    expect(longNote.error).toMatchObject({
      field: "note",
      message: en("apiClient.fieldTooLong", { field: "note", max: 2000 }),
    });
  });

  it("an NDJSON line that is not JSON is answered as such, by its line", async () => {
    const body = new TextEncoder().encode(
      [JSON.stringify({ uscc: fakeUscc("430923"), mark: "hardening-tea" }), "", "uscc=123"].join("\n"),
    );
    const results = await checkRows(t.db, parseCheckBody(body, "application/x-ndjson"));
    expect(results).toHaveLength(2);
    const bad = results[1]!;
    expect(bad.valid).toBe(false);
    if (!bad.valid) expect(en(bad.problem, bad.params)).toBe("Line 3 is not valid JSON; that line was not checked.");
  });
});

describe("rate limits hold for refused callers too", () => {
  const list = (token: string, clientIp: string) =>
    outcome(
      takedownsByApi({
        request: new Request("http://localhost/api/v1/takedown-requests", {
          headers: { Authorization: `Bearer ${token}` },
        }),
        params: {},
        context: { clientIp, cspNonce: "" },
      }),
    );

  it("a client calling without the scope is slowed like any other call", async () => {
    // hooks has only the webhooks scope: the takedown list is refused, but each refusal is a call.
    const statuses = new Set<number>();
    for (let i = 0; i <= API_CALLS_PER_CLIENT_PER_MINUTE; i++)
      statuses.add((await list(hooks.token, "192.0.2.10")).status);
    expect([...statuses].sort()).toEqual([403, 429]);
    const last = await list(hooks.token, "192.0.2.10");
    expect(last.status).toBe(429);
    expect(Number(last.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("a network sending made-up tokens is limited, and other networks are not", async () => {
    const made = () => `gik_${randomUUID().replaceAll("-", "")}`;
    expect(API_UNKNOWN_TOKENS_PER_NETWORK).toBeGreaterThan(0);
    const statuses: number[] = [];
    for (let i = 0; i < API_UNKNOWN_TOKENS_PER_NETWORK + 10; i++)
      statuses.push((await list(made(), "198.51.100.7")).status);
    expect(statuses.slice(0, API_UNKNOWN_TOKENS_PER_NETWORK).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(API_UNKNOWN_TOKENS_PER_NETWORK).every((s) => s === 429)).toBe(true);
    // The platform itself calling from elsewhere is answered as before.
    expect((await list(platformA.token, "203.0.113.20")).status).toBe(200);
    expect((await list(made(), "203.0.113.20")).status).toBe(401);
  });
});

describe("every /api/v1 answer is JSON in the caller's language", () => {
  type ErrorBody = { error: { code: string; message: string; field?: string } };
  const en = translator("en");
  const call = (
    run: typeof fileByApi,
    path: string,
    init: { method?: string; type?: string; body?: BodyInit; token?: string; headers?: Record<string, string> },
  ) =>
    outcome(
      run({
        request: new Request(`http://localhost${path}`, {
          method: init.method ?? "POST",
          headers: {
            ...(init.type ? { "Content-Type": init.type } : {}),
            Authorization: `Bearer ${init.token ?? platformA.token}`,
            ...init.headers,
          },
          ...(init.body === undefined ? {} : { body: init.body }),
        }),
        params: { requestId: "00000000-0000-4000-8000-000000000000" },
        context: ctx,
      }),
    );

  it("bodies of the wrong type are a JSON 415 on both endpoints, broken multipart a JSON 400, all counted", async () => {
    for (const [run, path] of [
      [fileByApi, "/api/v1/listing-reports"],
      [answerByApi, "/api/v1/takedown-requests/x/answer"],
    ] as const)
      for (const type of ["text/plain", "application/xml"]) {
        const res = await call(run, `${path}?lang=en`, { type, body: '{"outcome":"removed"}' });
        expect([path, type, res.status]).toEqual([path, type, 415]);
        expect(((await res.json()) as ErrorBody).error.code).toBe("unsupported_media_type");
      }
    const broken = await call(fileByApi, "/api/v1/listing-reports", {
      type: "multipart/form-data; boundary=zzz",
      body: '--zzz\r\nContent-Disposition: form-data; name="shopName"\r\n\r\nA',
      headers: { "Accept-Language": "en-GB,en;q=0.9,zh;q=0.5" },
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as ErrorBody).error.message).toBe(en("upload.broken"));
    const metrics = await renderMetrics();
    expect(metrics).toContain(
      `api_client_calls_total{client="${platformA.id}",endpoint="listing-reports",status="4xx"}`,
    );
    expect(metrics).toContain(
      `api_client_calls_total{client="${platformA.id}",endpoint="takedown-requests.answer",status="4xx"}`,
    );
  });

  it("an unknown status filter on the takedown list is refused, naming the field", async () => {
    const res = await call(takedownsByApi as typeof fileByApi, "/api/v1/takedown-requests?status=bogus", {
      method: "GET",
      headers: { "Accept-Language": "en" },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error).toMatchObject({
      field: "status",
      message: en("apiClient.fieldOneOf", { field: "status", options: "pending, answered, all" }),
    });
  });

  it("Accept-Language is honoured when there is no ?lang=", async () => {
    const res = await call(fileByApi, "/api/v1/listing-reports", {
      type: "application/json",
      body: "{}",
      token: "gik_nothing",
      headers: { "Accept-Language": "en-US,en;q=0.9" },
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).error.message).toBe(en("apiClient.unauthorized"));
    const zh = await call(fileByApi, "/api/v1/listing-reports?lang=zh-CN", {
      type: "application/json",
      body: "{}",
      token: "gik_nothing",
      headers: { "Accept-Language": "en" },
    });
    expect(((await zh.json()) as ErrorBody).error.message).toBe(translator("zh-CN")("apiClient.unauthorized"));
  });

  it("the preflight is answered, other methods get a JSON 405, and pages' refusals and crashes become JSON", async () => {
    const app = express();
    app.use(apiMethods());
    app.use(knownMethodsOnly());
    app.use(
      sameOriginOnly({
        sessionCookieName: () => "gi_session",
        bearerOnly: isApiPath,
        refuseBearerPath: (req, res) => apiEdgeRefusal(req, res, 403),
      }),
    );
    app.all("*", (_req, res) => res.status(200).send("page"));
    const server = await new Promise<import("node:http").Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const preflight = await fetch(`${base}/api/v1/listing-reports`, {
        method: "OPTIONS",
        headers: {
          Origin: "https://platform.example",
          "Access-Control-Request-Method": "POST",
          "Access-Control-Request-Headers": "authorization, content-type",
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
      expect(preflight.headers.get("access-control-allow-methods")).toMatch(/POST/);
      expect(preflight.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
      for (const method of ["PUT", "DELETE"]) {
        const res = await fetch(`${base}/api/v1/listing-reports?lang=en`, { method });
        expect([method, res.status, res.headers.get("content-type")]).toEqual([
          method,
          405,
          expect.stringMatching(/application\/json/),
        ]);
        expect(((await res.json()) as ErrorBody).error.code).toBe("method_not_allowed");
      }
      // A browser on another origin may call the API with its token, never with our session.
      const crossOrigin = { Origin: "https://platform.example", "Content-Type": "application/json" };
      expect((await fetch(`${base}/api/v1/listing-reports`, { method: "POST", headers: crossOrigin })).status).toBe(
        200,
      );
      const withSession = await fetch(`${base}/api/v1/listing-reports`, {
        method: "POST",
        headers: { ...crossOrigin, Cookie: "gi_session=abc" },
      });
      expect(withSession.status).toBe(403);
      expect(withSession.headers.get("content-type")).toMatch(/application\/json/);
      expect((await fetch(`${base}/login`, { method: "POST", headers: crossOrigin })).status).toBe(403);
      // Pages keep their own refusal.
      expect((await fetch(`${base}/registry`, { method: "PUT" })).headers.get("content-type")).toMatch(/html/);
    } finally {
      server.close();
    }
    const request = new Request("http://localhost/api/v1/no-such-thing", { headers: { "Accept-Language": "en" } });
    const notFound = await apiAnswer(
      request,
      new Response("<html>404</html>", { status: 404, headers: { "Content-Type": "text/html" } }),
    );
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ error: { code: "not_found", message: en("apiClient.noSuchEndpoint") } });
    const crash = await apiAnswer(request, new Response("Unexpected Server Error", { status: 500 }));
    expect(crash.status).toBe(500);
    expect(((await crash.json()) as ErrorBody).error.code).toBe("server_error");
    const page = new Response("<html></html>", { status: 404, headers: { "Content-Type": "text/html" } });
    expect(await apiAnswer(new Request("http://localhost/registry/x"), page)).toBe(page);
  });
});
