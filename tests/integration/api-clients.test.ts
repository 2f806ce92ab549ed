import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiClient, revokeApiClient, rotateApiClient } from "#app/api-client/clients.server.ts";
import { MAX_CHECK_ROWS } from "#app/api-client/bulk-check.server.ts";
import { verifyAuditChain } from "#app/audit/audit.server.ts";
import { renderMetrics } from "#app/metrics/metrics.server.ts";
import { openApiDocument } from "#app/http/openapi.ts";
import { action as checks } from "#app/routes/api.v1.registry.checks.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { fakeUscc, makeUser } from "#tests/support/factories.ts";
import { makeMark } from "#tests/support/register-factories.ts";
import { makeHistory } from "#tests/support/history-factories.ts";
import { routeAnswer } from "#tests/support/route-answer.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-api-clients-"));
// A small per-client limit, so the test sees it bite (the default is 600 a minute).
process.env.API_CLIENT_RATE_LIMIT = "40";

let t: TestDatabase;
let admin: { userId: string; label: string };
let mark: Awaited<ReturnType<typeof makeMark>>;
let active: Awaited<ReturnType<typeof makeHistory>>;
let cancelled: Awaited<ReturnType<typeof makeHistory>>;
beforeAll(async () => {
  t = await createTestDatabase();
  (globalThis as Record<symbol, unknown>)[Symbol.for("gi-mark-registry.db")] = Promise.resolve(t);
  const user = await makeUser(t.db, "admin");
  admin = { userId: user.id, label: "admin" };
  mark = await makeMark(t.db, { slug: "api-tea" });
  const base = { markId: mark.id, township: mark.townships[0]!, createdBy: user.id };
  active = await makeHistory(t.db, {
    ...base,
    announcement: "安化GI〔2025〕7号",
    steps: [
      { on: "2025-01-01", action: "submit", to: "submitted", from: null },
      { on: "2025-03-01", action: "activate", to: "active", from: "approved" },
    ],
  });
  cancelled = await makeHistory(t.db, {
    ...base,
    announcement: "安化GI〔2025〕8号",
    steps: [
      { on: "2025-03-01", action: "activate", to: "active", from: "approved" },
      { on: "2025-06-01", action: "suspend", to: "suspended" },
      { on: "2025-09-01", action: "cancel", to: "cancelled" },
    ],
  });
});
afterAll(async () => {
  await t?.drop();
});

const post = (token: string | null, body: string, headers: Record<string, string> = {}, query = "") =>
  checks({
    request: new Request(`http://localhost/api/v1/registry/checks${query}`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body,
    }),
    params: {},
    context: { clientIp: "127.0.0.1", cspNonce: "" },
  }) as Promise<Response>;

const outcome = (p: Promise<unknown>) => routeAnswer<Response>(p);

describe("API clients", () => {
  it("a token works until it is rotated or revoked, and each step is audited", async () => {
    const created = await createApiClient(t.db, admin, {
      name: "某电商平台",
      contact: "张三 13900000000",
      scopes: ["registry.check"],
      markIds: null,
    });
    expect(created.token).toMatch(/^gik_/);
    // A client that may not receive webhooks is not handed their signing secret.
    expect(created.webhookSecret).toBeNull();
    const stored = await t.db
      .selectFrom("api_client")
      .selectAll()
      .where("id", "=", created.id)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(stored.token_hash).toString("utf8")).not.toContain(created.token);
    const body = JSON.stringify({ rows: [] });
    expect((await outcome(post(created.token, body))).status).toBe(200);

    const rotated = await rotateApiClient(t.db, admin, created.id);
    const refused = await outcome(post(created.token, body, {}, "?lang=en"));
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("Bearer token");
    expect((await outcome(post(rotated.token, body))).status).toBe(200);

    await revokeApiClient(t.db, admin, created.id, "合作结束");
    expect((await outcome(post(rotated.token, body))).status).toBe(401);
    const audited = await t.db
      .selectFrom("audit_entry")
      .select(["action", "after"])
      .where("entity_id", "=", created.id)
      .orderBy("seq")
      .execute();
    expect(audited.map((a) => a.action)).toEqual(["api_client.create", "api_client.rotate", "api_client.revoke"]);
    expect(JSON.stringify(audited)).not.toContain(created.token);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("refuses a call without a token, or without the scope, in the caller's language", async () => {
    const noToken = await outcome(post(null, "{}"));
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get("WWW-Authenticate")).toContain("Bearer");
    const hooksOnly = await createApiClient(t.db, admin, {
      name: "只订阅",
      contact: "李四",
      scopes: ["webhooks"],
      markIds: null,
    });
    const forbidden = await outcome(post(hooksOnly.token, "{}"));
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { error: { message: string } }).error.message).toContain("批量核对用标资格");
  });
});

describe("bulk seller check", () => {
  type Row = Record<string, unknown> & { row: number; valid: boolean };
  let token: string;
  let clientId: string;
  beforeAll(async () => {
    const c = await createApiClient(t.db, admin, {
      name: "批量平台",
      contact: "王五",
      scopes: ["registry.check"],
      markIds: null,
    });
    token = c.token;
    clientId = c.id;
  });

  it("answers every row in order: authorized or not on that date, since/until, announcements, the register page", async () => {
    const bad = active.enterprise.uscc.slice(0, 17) + (active.enterprise.uscc[17] === "0" ? "1" : "0");
    const rows = [
      { uscc: active.enterprise.uscc, mark: "api-tea", date: "2025-04-01" },
      { uscc: active.enterprise.uscc, mark: "api-tea", date: "2025-02-01" },
      { uscc: cancelled.enterprise.uscc, mark: "api-tea", date: "2025-07-01" },
      { uscc: cancelled.enterprise.uscc, mark: "api-tea", date: "2025-04-01" },
      { uscc: bad, mark: "api-tea", date: "2025-04-01" },
      { uscc: fakeUscc(), mark: "api-tea", date: "2025-04-01" },
      { uscc: active.enterprise.uscc, mark: "no-such-mark", date: "2025-04-01" },
      { uscc: active.enterprise.uscc, mark: "api-tea", date: "2025-13-45" },
    ];
    const response = await outcome(post(token, JSON.stringify({ rows }), {}, "?lang=en"));
    expect(response.status).toBe(200);
    const { count, results } = (await response.json()) as { count: number; results: Row[] };
    expect(count).toBe(8);
    expect(results.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(results[0]).toMatchObject({
      valid: true,
      authorized: true,
      status: "active",
      since: "2025-03-01",
      until: null,
      announcement: "安化GI〔2025〕7号",
      register_url: `http://localhost/registry/enterprises/${active.enterprise.id}`,
    });
    expect(results[1]).toMatchObject({ valid: true, authorized: false, status: "submitted", since: null });
    expect(results[2]).toMatchObject({
      authorized: false,
      status: "suspended",
      since: "2025-03-01",
      until: "2025-06-01",
    });
    expect(results[3]).toMatchObject({ authorized: true, status: "active", since: "2025-03-01", until: "2025-06-01" });
    expect(results[4]).toMatchObject({ valid: false, uscc: bad, error: { code: "uscc.checkCharacter" } });
    expect((results[4]!.error as { message: string }).message).toMatch(/check character/i);
    expect(results[5]).toMatchObject({ valid: true, authorized: false, status: "none" });
    expect(results[6]).toMatchObject({ valid: false, error: { code: "apiClient.unknownMarkSlug" } });
    expect(results[7]).toMatchObject({ valid: false, error: { code: "apiClient.badRow" } });
  });

  it("streams NDJSON in and out, and answers 10,000 rows in one call", async () => {
    const lines = Array.from({ length: MAX_CHECK_ROWS }, (_, i) =>
      JSON.stringify({
        uscc: i % 2 ? active.enterprise.uscc : cancelled.enterprise.uscc,
        mark: "api-tea",
        date: i % 3 ? "2025-04-01" : "2025-10-01",
      }),
    ).join("\n");
    const response = await outcome(post(token, lines, { "Content-Type": "application/x-ndjson" }));
    expect(response.headers.get("Content-Type")).toContain("ndjson");
    const answers = (await response.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Row);
    expect(answers).toHaveLength(MAX_CHECK_ROWS);
    expect(answers[0]).toMatchObject({ row: 1, status: "cancelled", authorized: false, until: "2025-06-01" });
    expect(answers[1]).toMatchObject({ row: 2, status: "active", authorized: true });

    const tooMany = `${lines}\n${lines.split("\n")[0]}`;
    const refused = await outcome(post(token, tooMany, { "Content-Type": "application/x-ndjson" }));
    expect(refused.status).toBe(400);
  });

  it("refuses a body over the limit with 413, and counts every call per client in the metrics", async () => {
    const huge = JSON.stringify({ rows: [{ uscc: "x".repeat(3 * 1024 * 1024) }] });
    expect((await outcome(post(token, huge))).status).toBe(413);
    const metrics = await renderMetrics();
    expect(metrics).toMatch(
      new RegExp(`api_client_calls_total\\{client="${clientId}",endpoint="registry.checks",status="2xx"\\} \\d+`),
    );
    expect(metrics).toContain(`api_client_calls_total{client="${clientId}",endpoint="registry.checks",status="4xx"}`);
  });

  it("limits calls per client; another client is still answered", async () => {
    const busy = await createApiClient(t.db, admin, {
      name: "繁忙平台",
      contact: "赵六",
      scopes: ["registry.check"],
      markIds: null,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 41; i++) statuses.push((await outcome(post(busy.token, '{"rows":[]}'))).status);
    expect(statuses.slice(0, 40).every((s) => s === 200)).toBe(true);
    const last = await outcome(post(busy.token, '{"rows":[]}'));
    expect(last.status).toBe(429);
    expect(Number(last.headers.get("Retry-After"))).toBeGreaterThan(0);
    const other = await createApiClient(t.db, admin, {
      name: "其他平台",
      contact: "钱七",
      scopes: ["registry.check"],
      markIds: null,
    });
    expect((await outcome(post(other.token, '{"rows":[]}'))).status).toBe(200);
  });
});

describe("the OpenAPI document", () => {
  it("describes every client endpoint with its bearer security scheme; the open endpoints stay open", () => {
    const doc = openApiDocument() as unknown as {
      paths: Record<string, Record<string, { security?: unknown }>>;
      components: { securitySchemes: Record<string, { scheme: string }> };
    };
    expect(doc.components.securitySchemes.clientToken).toMatchObject({ scheme: "bearer" });
    for (const path of [
      "/api/v1/registry/checks",
      "/api/v1/webhooks/subscriptions",
      "/api/v1/webhooks/subscriptions/{id}/remove",
      "/api/v1/webhooks/replay",
    ])
      for (const op of Object.values(doc.paths[path]!)) expect(op.security).toEqual([{ clientToken: [] }]);
    expect(doc.paths["/api/v1/registry/authorizations"]!.get!.security).toBeUndefined();
  });
});
