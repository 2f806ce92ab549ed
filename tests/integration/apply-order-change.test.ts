import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, type SessionUser } from "#app/accounts/session.server.ts";
import { applyForMark } from "#app/authorization/application.server.ts";
import { transition } from "#app/authorization/transition.server.ts";
import { publishAnnouncement } from "#app/authorization/announcement.server.ts";
import { applicationChoice } from "#app/authorization/queries.server.ts";
import { hasParticularsOnRecord, requestChange } from "#app/enterprise/change-request.server.ts";
import { DomainError } from "#app/errors.ts";
import { authorizationsToOrderUnder } from "#app/label/queries.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeEnterprise, makeUser } from "#tests/support/factories.ts";
import { makeMark, SITE_CHECK_PDF } from "#tests/support/register-factories.ts";

// Issue items 15, 16, 19: what the pages offer is what the server accepts, and a stale or forged
// form is refused with a clear message, keeping what was typed and changing nothing.

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-apply-order-change-"));

let t: TestDatabase;
let county: SessionUser;
let approver: SessionUser;
let tea: Awaited<ReturnType<typeof makeMark>>;
let bacon: Awaited<ReturnType<typeof makeMark>>;
let fungus: Awaited<ReturnType<typeof makeMark>>;

beforeAll(async () => {
  t = await createTestDatabase();
  // The routes below reach this test's database through getDb().
  (globalThis as Record<symbol, unknown>)[Symbol.for("gi-mark-registry.db")] = Promise.resolve(t);
  county = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  // Three marks over the same townships (as 安化's three do), of different kinds, and one elsewhere.
  const anhua = ["430923101", "430923103"];
  tea = await makeMark(t.db, { slug: "t-tea", kind: "gi_product", townships: anhua });
  bacon = await makeMark(t.db, { slug: "t-bacon", kind: "collective_mark", townships: anhua });
  await makeMark(t.db, { slug: "t-root", kind: "certification_mark", townships: anhua });
  fungus = await makeMark(t.db, { slug: "t-fungus", kind: "gi_product", county: "611026" });
});
afterAll(async () => {
  await t?.drop();
});

async function member() {
  const enterprise = await makeEnterprise(t.db, "430923");
  const user = await makeUser(t.db, "enterprise", { enterpriseId: enterprise.id });
  return { enterprise, user };
}

const application = (markId: string, townshipCode: string) => ({
  markId,
  route: "gi_product" as const,
  townshipCode,
  products: "千两茶",
  annualOutput: "50 吨",
  labelManagerName: "王标签",
  labelManagerPhone: "13800000001",
});

/** Applies and takes the application through to active, as the county and its approver would. */
async function admitted(user: SessionUser, markId: string, number: string) {
  const a = await applyForMark(t.db, user, application(markId, "430923101"));
  let v = (await transition(t.db, county, a.id, { action: "accept", version: a.version })).version;
  v = (
    await transition(t.db, county, a.id, { action: "review", version: v, comment: "符合", document: SITE_CHECK_PDF })
  ).version;
  await transition(t.db, approver, a.id, { action: "approve", version: v });
  await publishAnnouncement(t.db, approver, { number, title: "公告", authorizationIds: [a.id] });
  return t.db.selectFrom("authorization").selectAll().where("id", "=", a.id).executeTakeFirstOrThrow();
}

type Loaded = { data?: unknown; init?: { status?: number } } | Record<string, unknown>;
type RouteModule = {
  action?: (args: never) => Promise<unknown>;
  loader?: (args: never) => Promise<unknown>;
};

async function requestAs(user: SessionUser, path: string, form?: Record<string, string>) {
  const { token } = await createSession(t.db, user.id, { ipNetwork: null, userAgent: null });
  const headers: Record<string, string> = { Cookie: `gi_session=${token}` };
  if (!form) return new Request(`http://localhost${path}`, { headers });
  const body = new FormData();
  for (const [name, value] of Object.entries(form)) body.append(name, value);
  const encoded = new Request(`http://localhost${path}`, { method: "POST", body });
  const bytes = await encoded.arrayBuffer();
  return new Request(`http://localhost${path}`, {
    method: "POST",
    body: bytes,
    headers: {
      ...headers,
      "Content-Type": encoded.headers.get("Content-Type")!,
      "Content-Length": String(bytes.byteLength),
    },
  });
}

/** Runs a route's action (with a form) or loader (without) as a signed-in user: its status and data. */
async function run(
  route: RouteModule,
  user: SessionUser,
  path: string,
  params: Record<string, string>,
  form?: Record<string, string>,
) {
  const request = await requestAs(user, path, form);
  try {
    const fn = form ? route.action! : route.loader!;
    const result = (await fn({ request, params, context: {} } as never)) as Loaded;
    if (result && typeof result === "object" && "init" in result && "data" in result)
      return { status: (result.init as { status?: number } | undefined)?.status ?? 200, data: result.data as never };
    return { status: 200, data: result as never };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, data: undefined as never };
    throw thrown;
  }
}

const applyRoute = () => import("#app/routes/apply.tsx") as Promise<RouteModule>;
const enterpriseRoute = () => import("#app/routes/enterprises.$enterpriseId.tsx") as Promise<RouteModule>;
const newOrderRoute = () => import("#app/routes/label-orders.new.tsx") as Promise<RouteModule>;

type Failure = {
  values: Record<string, string>;
  fieldErrors: Record<string, { key: string }>;
  formError?: { key: string };
};

async function applicationCount(enterpriseId: string) {
  const rows = await t.db.selectFrom("authorization").select("id").where("enterprise_id", "=", enterpriseId).execute();
  return rows.length;
}

describe("the apply form offers one mark's area and fitting routes, and refuses anything else", () => {
  it("lists the chosen mark's townships once each and only the routes that fit its kind", async () => {
    const choice = await applicationChoice(t.db, { slug: tea.slug });
    expect(choice?.townships.map((tw) => tw.code)).toEqual(["430923101", "430923103"]);
    expect(choice?.routes).toEqual(["gi_product"]);
    expect(choice?.licence).toBe(false);
    expect((await applicationChoice(t.db, { slug: bacon.slug }))?.routes).toEqual(["collective_member"]);
    expect((await applicationChoice(t.db, { slug: "t-root" }))?.routes).toEqual(["certification_licensee"]);
    expect((await applicationChoice(t.db, { slug: "t-root" }))?.licence).toBe(true);
    expect(await applicationChoice(t.db, { slug: "no-such-mark" })).toBeUndefined();
    expect(await applicationChoice(t.db, { id: "not-a-uuid" })).toBeUndefined();
  });

  it("refuses a township outside the chosen mark's area, naming the area, keeping what was typed", async () => {
    const { enterprise, user } = await member();
    const route = await applyRoute();
    const forged = { ...application(tea.id, fungus.townships[0]!), products: "伪造的乡镇" };
    const { status, data } = await run(route, user, `/apply?mark=${tea.slug}`, {}, forged);
    expect(status).toBe(400);
    const failure = data as Failure;
    expect(failure.fieldErrors.townshipCode?.key).toBe("application.outsideArea");
    expect(failure.values).toMatchObject({ products: "伪造的乡镇", townshipCode: fungus.townships[0] });
    expect(await applicationCount(enterprise.id)).toBe(0);
  });

  it("refuses a route that does not fit the mark's kind, keeping what was typed", async () => {
    const { enterprise, user } = await member();
    const route = await applyRoute();
    // 集体商标 takes members only; a stale form still offering 批准途径 sends gi_product.
    const forged = { ...application(bacon.id, "430923101"), products: "柴火腊肉" };
    const { status, data } = await run(route, user, `/apply?mark=${bacon.slug}`, {}, forged);
    expect(status).toBe(400);
    const failure = data as Failure;
    expect(failure.fieldErrors.route?.key).toBe("application.routeMismatch");
    expect(failure.values).toMatchObject({ products: "柴火腊肉", route: "gi_product" });
    expect(await applicationCount(enterprise.id)).toBe(0);
    // The fitting route goes through.
    const ok = await run(route, user, `/apply?mark=${bacon.slug}`, {}, { ...forged, route: "collective_member" });
    expect(ok.status).toBe(302);
    expect(await applicationCount(enterprise.id)).toBe(1);
  });

  it("files the mark the page was for, whatever mark id a forged body names", async () => {
    const { enterprise, user } = await member();
    const route = await applyRoute();
    // The 安化腊肉 page, with a body naming 安化黑茶 (whose route and township it would pass).
    const forged = { ...application(tea.id, "430923101"), route: "collective_member" };
    const filed = await run(route, user, `/apply?mark=${bacon.slug}`, {}, forged);
    expect(filed.status).toBe(302);
    const rows = await t.db
      .selectFrom("authorization")
      .select("mark_id")
      .where("enterprise_id", "=", enterprise.id)
      .execute();
    expect(rows).toEqual([{ mark_id: bacon.id }]);
    // No mark in the URL at all: step 1 again, nothing filed.
    const none = await run(route, user, "/apply", {}, application(tea.id, "430923101"));
    expect(none.status).toBe(400);
    expect((none.data as Failure).fieldErrors.mark?.key).toBe("application.markUnknown");
    expect(await applicationCount(enterprise.id)).toBe(1);
  });

  it("an unknown mark in the URL is step 1 again, saying so", async () => {
    const { user } = await member();
    const { data } = await run(await applyRoute(), user, "/apply?mark=no-such-mark", {});
    expect(data).toMatchObject({ chosen: null, unknownMark: true });
  });
});

describe("a change request needs something on record to change", () => {
  it("a brand-new enterprise is not offered the form and a forged post is refused, changing nothing", async () => {
    const { enterprise, user } = await member();
    expect(await hasParticularsOnRecord(t.db, enterprise.id)).toBe(false);
    const route = await enterpriseRoute();
    const page = await run(route, user, `/enterprises/${enterprise.id}`, { enterpriseId: enterprise.id });
    expect(page.data).toMatchObject({ canApply: true, canRequestChange: false });
    const forged = await run(
      route,
      user,
      `/enterprises/${enterprise.id}`,
      { enterpriseId: enterprise.id },
      { intent: "requestChange", name: "伪造的新名称", reason: "更名" },
    );
    expect(forged.status).toBe(400);
    expect((forged.data as Failure).formError?.key).toBe("change.nothingOnRecord");
    expect((forged.data as Failure).values).toMatchObject({ name: "伪造的新名称" });
    const requests = await t.db
      .selectFrom("change_request")
      .select("id")
      .where("enterprise_id", "=", enterprise.id)
      .execute();
    expect(requests).toEqual([]);
  });

  it("once the enterprise has applied, the form is offered and a change is accepted", async () => {
    const { enterprise, user } = await member();
    await applyForMark(t.db, user, application(tea.id, "430923101"));
    expect(await hasParticularsOnRecord(t.db, enterprise.id)).toBe(true);
    const route = await enterpriseRoute();
    const page = await run(route, user, `/enterprises/${enterprise.id}`, { enterpriseId: enterprise.id });
    expect(page.data).toMatchObject({ canRequestChange: true });
    await requestChange(t.db, user, { address: "安化县东坪镇新街 2 号" }, undefined);
    const requests = await t.db
      .selectFrom("change_request")
      .select("status")
      .where("enterprise_id", "=", enterprise.id)
      .execute();
    expect(requests).toEqual([{ status: "pending" }]);
  });

  it("the rule lives in the domain: requestChange itself refuses", async () => {
    const { user } = await member();
    const error = await requestChange(t.db, user, { address: "x" }, undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).key).toBe("change.nothingOnRecord");
  });
});

describe("ordering labels: which authorizations may, and the chooser", () => {
  it("lists only the user's own authorizations, each saying whether it may order now", async () => {
    const a = await member();
    const b = await member();
    const active = await admitted(a.user, tea.id, "O-1");
    const suspended = await admitted(a.user, tea.id, "O-2");
    await transition(t.db, county, suspended.id, { action: "suspend", version: suspended.version, comment: "整改" });
    const pending = await applyForMark(t.db, a.user, application(tea.id, "430923103"));
    const listed = await authorizationsToOrderUnder(t.db, a.user);
    expect(Object.fromEntries(listed.map((r) => [r.id, r.mayOrder]))).toEqual({
      [active.id]: true,
      [suspended.id]: false,
      [pending.id]: false,
    });
    // Another enterprise sees none of them.
    expect(await authorizationsToOrderUnder(t.db, b.user)).toEqual([]);

    const route = await newOrderRoute();
    const chooser = await run(route, a.user, "/label-orders/new", {});
    expect(chooser.data).toMatchObject({ mode: "choose", refusedStatus: null });
    expect((chooser.data as { orderable: { id: string }[] }).orderable.map((r) => r.id)).toEqual([active.id]);
    // A link to a suspended authorization's form is the chooser, saying why.
    const refused = await run(route, a.user, `/label-orders/new?authorization=${suspended.id}`, {});
    expect(refused.data).toMatchObject({ mode: "choose", refusedStatus: "suspended" });
    // Another enterprise's authorization is not found, as before.
    expect((await run(route, b.user, `/label-orders/new?authorization=${active.id}`, {})).status).toBe(404);
    const empty = await run(route, b.user, "/label-orders/new", {});
    expect(empty.data).toMatchObject({ mode: "choose", orderable: [], others: [] });
  });
});
