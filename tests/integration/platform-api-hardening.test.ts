import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiClient } from "#app/api-client/clients.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { fileReport } from "#app/report/report.server.ts";
import { fileListingReport } from "#app/report/listing-report.server.ts";
import { action as fileByApi } from "#app/routes/api.v1.listing-reports.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { fakeUscc, makeUser } from "#tests/support/factories.ts";
import { makeMark } from "#tests/support/register-factories.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-api-hardening-"));

let t: TestDatabase;
let regulator: SessionUser;
let elsewhere: SessionUser;
let mark: Awaited<ReturnType<typeof makeMark>>;
let platformA: { id: string; token: string };
let platformB: { id: string; token: string };

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
});
afterAll(async () => {
  await t?.drop();
});

const ctx = { clientIp: "127.0.0.1", cspNonce: "" };
const outcome = async (p: Promise<unknown>): Promise<Response> => {
  try {
    return (await p) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
};
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
