import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "#app/accounts/session.server.ts";
import { clientByToken } from "#app/api-client/clients.server.ts";
import { action, loader } from "#app/routes/admin.api-clients.tsx";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeUser } from "#tests/support/factories.ts";
import { makeMark } from "#tests/support/register-factories.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-api-admin-"));

let t: TestDatabase;
let adminCookie: string;
let regulatorCookie: string;
let markId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  (globalThis as Record<symbol, unknown>)[Symbol.for("gi-mark-registry.db")] = Promise.resolve(t);
  const admin = await makeUser(t.db, "admin");
  const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  adminCookie = `gi_session=${(await createSession(t.db, admin.id, { ipNetwork: null, userAgent: null })).token}`;
  regulatorCookie = `gi_session=${(await createSession(t.db, regulator.id, { ipNetwork: null, userAgent: null })).token}`;
  markId = (await makeMark(t.db, { slug: "admin-api" })).id;
});
afterAll(async () => {
  await t?.drop();
});

type Result = { init?: { status?: number }; data?: Record<string, unknown> };
const submit = async (cookie: string, fields: [string, string][]) => {
  const body = new URLSearchParams(fields);
  try {
    return (await action({
      request: new Request("http://localhost/admin/api-clients", {
        method: "POST",
        headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
        body,
      }),
      params: {},
      context: { clientIp: "127.0.0.1", cspNonce: "" },
    })) as unknown as Result;
  } catch (thrown) {
    if (thrown instanceof Response) return { init: { status: thrown.status } } as Result;
    throw thrown;
  }
};

describe("the administrator's API clients page", () => {
  it("registers a client with its marks and shows the token once; bad input keeps what was typed and saves nothing", async () => {
    const refused = await submit(adminCookie, [
      ["intent", "create"],
      ["name", ""],
      ["contact", "张三 13900000000"],
    ]);
    expect(refused.init?.status).toBe(400);
    expect(refused.data).toMatchObject({
      values: { contact: "张三 13900000000" },
      fieldErrors: { name: { key: "form.required" }, scopes: { key: "form.required" } },
    });
    expect(await t.db.selectFrom("api_client").select("id").execute()).toEqual([]);

    const created = await submit(adminCookie, [
      ["intent", "create"],
      ["name", "某电商平台"],
      ["contact", "张三 13900000000"],
      ["scopes", "registry.check"],
      ["scopes", "webhooks"],
      ["markIds", markId],
    ]);
    const shown = created.data!.shown as { token: string; webhookSecret: string | null };
    expect(shown.webhookSecret).toMatch(/^whsec_/);
    const client = await clientByToken(t.db, shown.token);
    expect(client).toMatchObject({ name: "某电商平台", scopes: ["registry.check", "webhooks"], markIds: [markId] });

    const page = (await loader({
      request: new Request("http://localhost/admin/api-clients", { headers: { Cookie: adminCookie } }),
      params: {},
      context: { clientIp: "127.0.0.1", cspNonce: "" },
    })) as { clients: { name: string; token_hint: string }[] };
    expect(page.clients).toEqual([expect.objectContaining({ name: "某电商平台", token_hint: shown.token.slice(-4) })]);
    expect(JSON.stringify(page)).not.toContain(shown.token);

    const rotated = await submit(adminCookie, [
      ["intent", "rotate"],
      ["clientId", client!.id],
      ["name", "某电商平台"],
    ]);
    expect(await clientByToken(t.db, shown.token)).toBeNull();
    expect(await clientByToken(t.db, (rotated.data!.shown as { token: string }).token)).not.toBeNull();
    expect((rotated.data!.shown as { webhookSecret: string | null }).webhookSecret).toMatch(/^whsec_/);

    // Without the webhooks scope no signing secret is handed out, at registration or on rotation.
    const noHooks = await submit(adminCookie, [
      ["intent", "create"],
      ["name", "某线索平台"],
      ["contact", "李四 13900000001"],
      ["scopes", "listings.report"],
      ["scopes", "takedowns"],
    ]);
    const noHooksShown = noHooks.data!.shown as { token: string; webhookSecret: string | null };
    expect(noHooksShown.webhookSecret).toBeNull();
    const noHooksClient = await clientByToken(t.db, noHooksShown.token);
    const noHooksRotated = await submit(adminCookie, [
      ["intent", "rotate"],
      ["clientId", noHooksClient!.id],
      ["name", "某线索平台"],
    ]);
    expect((noHooksRotated.data!.shown as { webhookSecret: string | null }).webhookSecret).toBeNull();

    const noReason = await submit(adminCookie, [
      ["intent", "revoke"],
      ["clientId", client!.id],
    ]);
    expect(noReason.init?.status).toBe(400);
    expect(
      (
        await submit(adminCookie, [
          ["intent", "revoke"],
          ["clientId", client!.id],
          ["reason", "合作结束"],
        ])
      ).init?.status,
    ).toBe(302);
    expect(await clientByToken(t.db, (rotated.data!.shown as { token: string }).token)).toBeNull();
  });

  it("is the administrator's alone", async () => {
    const refused = await submit(regulatorCookie, [
      ["intent", "create"],
      ["name", "越权"],
      ["contact", "x"],
      ["scopes", "webhooks"],
    ]);
    expect([403, 404]).toContain(refused.init?.status);
    expect(await t.db.selectFrom("api_client").select("id").where("name", "=", "越权").execute()).toEqual([]);
  });
});
