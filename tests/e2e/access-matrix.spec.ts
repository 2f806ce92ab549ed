import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { demo, demoEnterprise, freshUscc, signInApi } from "./helpers.ts";
import { DEMO_BASE } from "./ports.ts";

// Every actor against every private page, resource route and Remix data request: anonymous, two
// enterprises, regulators of two divisions, the printer, the administrator. What each may see is
// written out below as a table; anything else must be refused (sign-in redirect, 403 or 404),
// never a 500 and never the data.

const BASE = DEMO_BASE;
type Actor = "anonymous" | "enterpriseA" | "enterpriseB" | "regulatorAnhua" | "regulatorZhashui" | "printer" | "admin";
const ACTORS: Actor[] = [
  "anonymous",
  "enterpriseA",
  "enterpriseB",
  "regulatorAnhua",
  "regulatorZhashui",
  "printer",
  "admin",
];

const contexts = new Map<Actor, APIRequestContext>();
const ids = { enterpriseA: "", enterpriseB: "", authorizationA: "", orderA: "", reportA: "", alertA: "" };
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

async function signedIn(username: string, password: string) {
  const ctx = await playwrightRequest.newContext({ baseURL: BASE });
  expect((await signInApi(ctx, BASE, username, password)).status(), username).toBe(302);
  return ctx;
}

test.beforeAll(async () => {
  contexts.set("anonymous", await playwrightRequest.newContext({ baseURL: BASE }));
  contexts.set("enterpriseA", await signedIn("enterprise.demo", demo["enterprise.demo"]!.password));
  contexts.set("regulatorAnhua", await signedIn("regulator.anhua", demo["regulator.anhua"]!.password));
  contexts.set("regulatorZhashui", await signedIn("regulator.zhashui", demo["regulator.zhashui"]!.password));
  contexts.set("printer", await signedIn("printer.demo", demo["printer.demo"]!.password));
  contexts.set("admin", await signedIn("admin", demo["admin"]!.password));
  // Enterprise B registers itself in the same county.
  const b = await playwrightRequest.newContext({ baseURL: BASE });
  const registered = await b.post("/register", {
    headers: { Origin: BASE },
    form: {
      uscc: freshUscc("430923"),
      name: "矩阵测试茶业有限公司",
      divisionCode: "430923",
      contactName: "李四",
      contactPhone: "13900000001",
      // Its own name each run: a retried worker runs this again on the same server.
      username: `matrix.b${Date.now() % 1_000_000}`,
      password: "matrix passphrase 2026",
      passwordConfirm: "matrix passphrase 2026",
    },
    maxRedirects: 0,
  });
  expect(registered.status()).toBe(302);
  ids.enterpriseB = registered.headers()["location"]!.match(UUID)![0];
  contexts.set("enterpriseB", b);

  // Enterprise A's own page (where signing in lands) links its authorization and label orders.
  const landing = await playwrightRequest.newContext({ baseURL: BASE });
  const signIn = await signInApi(landing, BASE, "enterprise.demo", demo["enterprise.demo"]!.password);
  ids.enterpriseA = signIn.headers()["location"]!.match(UUID)![0];
  await landing.dispose();
  const page = await (await contexts.get("enterpriseA")!.get(`/enterprises/${ids.enterpriseA}`)).text();
  // Its authorization in use (other specs may have added applications since the demo was seeded).
  const inUse = [...page.matchAll(/<tr>(.*?)<\/tr>/gs)].find((row) => row[1]!.includes("使用中"))?.[1] ?? page;
  ids.authorizationA = inUse.match(new RegExp(`/authorizations/(${UUID.source})`))![1]!;
  const order = page.match(new RegExp(`/label-orders/(${UUID.source})`))?.[1];
  ids.orderA =
    order ??
    (await (await contexts.get("enterpriseA")!.get(`/authorizations/${ids.authorizationA}`)).text()).match(
      new RegExp(`/label-orders/(${UUID.source})`),
    )![1]!;
  // A report about one of enterprise A's labels, in 安化's queue.
  const codes = await (await contexts.get("printer")!.get(`/label-orders/${ids.orderA}/codes.csv`)).text();
  const code = codes.split("\n")[1]!.split(",")[1]!;
  const filed = await contexts.get("anonymous")!.post("/reports/new", {
    headers: { Origin: BASE },
    multipart: { codeInput: code, problem: "other", description: "矩阵测试", placeKind: "shop", place: "某店" },
    maxRedirects: 0,
  });
  expect(filed.status()).toBe(302);
  const queue = await (await contexts.get("regulatorAnhua")!.get("/regulator/reports?status=all")).text();
  ids.reportA = queue.match(new RegExp(`/regulator/reports/(${UUID.source})`))![1]!;
  // One of 安化's alerts (the demo's missing annual reports are 安化's own).
  const alerts = await (
    await contexts.get("regulatorAnhua")!.get("/regulator/alerts?kind=annual_report_missing")
  ).text();
  ids.alertA = alerts.match(new RegExp(`/regulator/alerts/(${UUID.source})`))![1]!;
});

test.afterAll(async () => {
  for (const ctx of contexts.values()) await ctx.dispose();
});

type Rule = { path: () => string; data?: boolean; allowed: Actor[] };

const RULES: Rule[] = [
  { path: () => `/enterprises/${ids.enterpriseA}`, data: true, allowed: ["enterpriseA", "regulatorAnhua", "admin"] },
  { path: () => `/enterprises/${ids.enterpriseB}`, data: true, allowed: ["enterpriseB", "regulatorAnhua", "admin"] },
  {
    path: () => `/authorizations/${ids.authorizationA}`,
    data: true,
    allowed: ["enterpriseA", "regulatorAnhua", "admin"],
  },
  {
    path: () => `/label-orders/${ids.orderA}`,
    data: true,
    allowed: ["enterpriseA", "regulatorAnhua", "printer", "admin"],
  },
  // Raw code lists only to whoever prints them (this order's printer; the enterprise only when it self-prints).
  { path: () => `/label-orders/${ids.orderA}/codes.csv`, allowed: ["printer"] },
  {
    path: () => `/label-orders/${ids.orderA}/ledger.csv`,
    allowed: ["enterpriseA", "regulatorAnhua", "printer", "admin"],
  },
  // The ledger as EPCIS events: the enterprise's traceability data, for it and its regulators.
  { path: () => `/label-orders/${ids.orderA}/events.jsonld`, allowed: ["enterpriseA", "regulatorAnhua", "admin"] },
  { path: () => `/regulator`, data: true, allowed: ["regulatorAnhua", "regulatorZhashui"] },
  { path: () => `/regulator/reports`, data: true, allowed: ["regulatorAnhua", "regulatorZhashui", "admin"] },
  { path: () => `/regulator/reports/${ids.reportA}`, data: true, allowed: ["regulatorAnhua", "admin"] },
  // Filing a listing report is a regulator's act (decision 051); platforms file through the API.
  { path: () => `/regulator/listing-reports/new`, data: true, allowed: ["regulatorAnhua", "regulatorZhashui"] },
  { path: () => `/admin/users`, data: true, allowed: ["admin"] },
  { path: () => `/admin/api-clients`, data: true, allowed: ["admin"] },
  { path: () => `/admin/audit`, data: true, allowed: ["admin"] },
  { path: () => `/admin/audit.csv`, allowed: ["admin"] },
  { path: () => `/admin/calendar?year=2026`, data: true, allowed: ["admin"] },
  { path: () => `/regulator/credit`, data: true, allowed: ["regulatorAnhua", "regulatorZhashui", "admin"] },
  // Regulators keep the marks of their own division (the list is scoped by division).
  { path: () => `/admin/marks`, data: true, allowed: ["admin", "regulatorAnhua", "regulatorZhashui"] },
  { path: () => `/printer`, data: true, allowed: ["printer"] },
  { path: () => `/apply`, data: true, allowed: ["enterpriseA", "enterpriseB"] },
  { path: () => `/apply?mark=anhua-dark-tea`, data: true, allowed: ["enterpriseA", "enterpriseB"] },
  // The chooser lists only the caller's own authorizations (authorizationVisibleTo).
  { path: () => `/label-orders/new`, data: true, allowed: ["enterpriseA", "enterpriseB"] },
  { path: () => `/label-orders/new?authorization=${ids.authorizationA}`, data: true, allowed: ["enterpriseA"] },
  { path: () => `/metrics`, allowed: ["admin"] },
  // Oversight: regulators see their own division's figures and alerts; the administrator all.
  { path: () => `/regulator/dashboard`, data: true, allowed: ["regulatorAnhua", "regulatorZhashui", "admin"] },
  { path: () => `/regulator/dashboard?mark=anhua-dark-tea`, data: true, allowed: ["regulatorAnhua", "admin"] },
  { path: () => `/regulator/dashboard.csv?chart=days`, allowed: ["regulatorAnhua", "regulatorZhashui", "admin"] },
  { path: () => `/regulator/alerts`, data: true, allowed: ["regulatorAnhua", "regulatorZhashui", "admin"] },
  { path: () => `/regulator/alerts.csv`, allowed: ["regulatorAnhua", "regulatorZhashui", "admin"] },
  { path: () => `/regulator/alerts/${ids.alertA}`, data: true, allowed: ["regulatorAnhua", "admin"] },
  { path: () => `/regulator/inspections`, data: true, allowed: ["regulatorAnhua", "regulatorZhashui"] },
  { path: () => `/regulator/annual-reports`, data: true, allowed: ["regulatorAnhua", "regulatorZhashui", "admin"] },
  { path: () => `/regulator/annual-reports.csv`, allowed: ["regulatorAnhua", "regulatorZhashui", "admin"] },
  { path: () => `/regulator/supervision-report`, data: true, allowed: ["regulatorAnhua", "regulatorZhashui", "admin"] },
  { path: () => `/regulator/supervision-report.csv`, allowed: ["regulatorAnhua", "regulatorZhashui", "admin"] },
  {
    path: () => `/authorizations/${ids.authorizationA}/annual-report?year=2025`,
    data: true,
    allowed: ["enterpriseA", "regulatorAnhua", "admin"],
  },
  // Every list as CSV: the same people as the list page.
  { path: () => `/export/enterprises`, allowed: ["regulatorAnhua", "regulatorZhashui", "admin"] },
  {
    path: () => `/export/applications`,
    allowed: ["enterpriseA", "enterpriseB", "regulatorAnhua", "regulatorZhashui", "admin"],
  },
  {
    path: () => `/export/label-orders`,
    allowed: ["enterpriseA", "enterpriseB", "regulatorAnhua", "regulatorZhashui", "printer", "admin"],
  },
  { path: () => `/export/reports`, allowed: ["regulatorAnhua", "regulatorZhashui", "admin"] },
  { path: () => `/export/credit`, allowed: ["regulatorAnhua", "regulatorZhashui", "admin"] },
  { path: () => `/export/accounts`, allowed: ["admin"] },
  { path: () => `/export/managed-marks`, allowed: ["regulatorAnhua", "regulatorZhashui", "admin"] },
  { path: () => `/export/no-such-list`, allowed: [] },
  {
    path: () => `/account`,
    data: true,
    allowed: ["enterpriseA", "enterpriseB", "regulatorAnhua", "regulatorZhashui", "printer", "admin"],
  },
];

/** What a refusal looks like: anonymous → sign-in redirect (or 403 for a resource), others 403/404. */
function refused(actor: Actor, status: number, location: string | undefined) {
  // A single-fetch data request answers a redirect as 202 with the target in its body.
  if (status === 302 || status === 202) return actor === "anonymous" && /\/login/.test(location ?? "");
  return status === 403 || status === 404;
}

for (const rule of RULES) {
  test(`access: ${rule.path.toString().match(/`([^`]+)`/)?.[1] ?? "route"}`, async () => {
    const problems: string[] = [];
    for (const actor of ACTORS) {
      const ctx = contexts.get(actor)!;
      const path = rule.path();
      // The page itself and its single-fetch data request (/path.data), which runs the same loaders.
      const [pathname, search] = path.split("?");
      const targets = [path, ...(rule.data ? [`${pathname}.data${search ? `?${search}` : ""}`] : [])];
      for (const target of targets) {
        const res = await ctx.get(target, { maxRedirects: 0 });
        const status = res.status();
        const body = target.includes(".data") && status === 202 ? await res.text() : "";
        const location =
          res.headers()["location"] ?? res.headers()["x-remix-redirect"] ?? body.match(/"(\/login[^"]*)"/)?.[1];
        if (status >= 500) problems.push(`${actor} ${target}: ${status}`);
        else if (rule.allowed.includes(actor)) {
          if (status !== 200) problems.push(`${actor} should see ${target}, got ${status} ${location ?? ""}`);
        } else if (!refused(actor, status, location))
          problems.push(`${actor} must not see ${target}, got ${status} ${location ?? ""}`);
      }
    }
    expect(problems).toEqual([]);
  });
}

test("a list's CSV holds only what its page shows the caller", async () => {
  const anhua = "安化县云岭茶业有限公司";
  for (const list of ["enterprises", "applications", "label-orders", "reports"]) {
    expect(
      await (await contexts.get("regulatorAnhua")!.get(`/export/${list}?status=all`)).text(),
      `安化 ${list}`,
    ).toContain(anhua);
    expect(
      await (await contexts.get("regulatorZhashui")!.get(`/export/${list}?status=all`)).text(),
      `柞水 ${list}`,
    ).not.toContain(anhua);
  }
  expect(await (await contexts.get("enterpriseB")!.get("/export/label-orders")).text()).not.toContain(anhua);
  expect(await (await contexts.get("regulatorAnhua")!.get("/export/managed-marks")).text()).toContain("安化黑茶");
  expect(await (await contexts.get("regulatorZhashui")!.get("/export/managed-marks")).text()).not.toContain("安化黑茶");
});

test("the public lists export to anyone, with links that open from a spreadsheet", async () => {
  const anyone = contexts.get("anonymous")!;
  const marks = await (await anyone.get("/export/marks")).text();
  expect(marks).toContain(`安化黑茶,地理标志保护产品,`);
  expect(marks).toContain(`${BASE}/marks/zhashui-black-fungus`);
  const announcements = await anyone.get("/export/announcements");
  expect(announcements.headers()["content-type"]).toContain("text/csv");
  expect(await announcements.text()).toMatch(new RegExp(`${BASE}/announcements/[0-9a-f-]{36}`));
});

test("actions refuse the wrong actor and change nothing: another enterprise's order, another division's report", async () => {
  const before = await (await contexts.get("regulatorAnhua")!.get(`/regulator/reports/${ids.reportA}`)).text();
  for (const actor of ["enterpriseB", "regulatorZhashui", "printer", "anonymous"] as Actor[]) {
    const res = await contexts.get(actor)!.post(`/regulator/reports/${ids.reportA}`, {
      headers: { Origin: BASE },
      form: { intent: "assign", version: "1", assigneeId: "00000000-0000-0000-0000-000000000000" },
      maxRedirects: 0,
    });
    expect([302, 403, 404], `${actor} assigning`).toContain(res.status());
    if (res.status() === 302) expect(res.headers()["location"]).toMatch(/\/login/);
    const void_ = await contexts.get(actor)!.post(`/label-orders/${ids.orderA}`, {
      headers: { Origin: BASE },
      form: { intent: "void", from: "1", to: "2", reason: "damaged", version: "1" },
      maxRedirects: 0,
    });
    expect([302, 403, 404], `${actor} voiding A's labels`).toContain(void_.status());
    if (void_.status() === 302) expect(void_.headers()["location"]).toMatch(/\/login/);
  }
  // Another county's regulator resolving 安化's alert, another enterprise filing A's annual report.
  for (const actor of ["regulatorZhashui", "enterpriseB", "printer", "anonymous"] as Actor[]) {
    const resolve = await contexts.get(actor)!.post(`/regulator/alerts/${ids.alertA}`, {
      headers: { Origin: BASE },
      form: { intent: "resolve", resolution: "不归我管" },
      maxRedirects: 0,
    });
    expect([302, 403, 404], `${actor} resolving`).toContain(resolve.status());
    if (resolve.status() === 302) expect(resolve.headers()["location"]).toMatch(/\/login/);
    const file = await contexts.get(actor)!.post(`/authorizations/${ids.authorizationA}/annual-report?year=2025`, {
      headers: { Origin: BASE },
      form: { year: "2025", version: "0", outputQuantity: "1", outputUnit: "吨", salesAmount: "1", markets: "x" },
      maxRedirects: 0,
    });
    expect([302, 403, 404], `${actor} filing`).toContain(file.status());
    if (file.status() === 302) expect(file.headers()["location"]).toMatch(/\/login/);
  }
  const alert = await (await contexts.get("regulatorAnhua")!.get(`/regulator/alerts/${ids.alertA}`)).text();
  expect(alert).not.toContain("不归我管");
  expect(alert).toContain("处理完毕");
  const report = await (await contexts.get("enterpriseA")!.get(`/authorizations/${ids.authorizationA}`)).text();
  expect(report).toContain("逾期未交");
  const after = await (await contexts.get("regulatorAnhua")!.get(`/regulator/reports/${ids.reportA}`)).text();
  expect(after.match(/已受理，等待分派|已分派给办理人员/)?.[0]).toBe(
    before.match(/已受理，等待分派|已分派给办理人员/)?.[0],
  );
});

test("no county acts in another's name: credit records, a protection area", async () => {
  const anhuaUscc = demoEnterprise("anhua-1").uscc;
  const zhashui = contexts.get("regulatorZhashui")!;
  const credit = { uscc: anhuaUscc, list: "serious_dishonesty", decidedOn: "2026-11-02" };
  const refusedOne = await zhashui.post("/regulator/credit", {
    headers: { Origin: BASE },
    form: { intent: "add", ...credit, authority: "柞水县市场监管局", documentNo: "矩阵柞信1号", reason: "越权测试" },
  });
  expect(refusedOne.status()).toBe(400);
  expect(await refusedOne.text()).toContain("该企业在本辖区没有用标资格");
  const imported = await zhashui.post("/regulator/credit", {
    headers: { Origin: BASE },
    form: { intent: "import", csv: `${anhuaUscc},严重违法失信名单,2026-11-02,柞水县市场监管局,矩阵柞信2号,越权测试` },
  });
  const importedPage = await imported.text();
  expect(importedPage).toContain("以下 1 条未登记");
  expect(importedPage).toContain(anhuaUscc);
  for (const actor of ["regulatorAnhua", "regulatorZhashui", "admin"] as Actor[])
    expect(await (await contexts.get(actor)!.get("/export/credit")).text(), actor).not.toContain("矩阵柞信");
  const flagged = await (await contexts.get("regulatorAnhua")!.get("/regulator/alerts?kind=credit_event")).text();
  expect(flagged).not.toContain("矩阵柞信");

  // 安化 cannot stretch its mark over 柞水 (乾佑街道 611026001); 柞水 cannot touch 安化's mark at all.
  const stretch = await contexts.get("regulatorAnhua")!.post("/admin/marks/anhua-dark-tea", {
    headers: { Origin: BASE },
    form: { intent: "addArea", codes: "611026001", documentRef: "矩阵测试文件" },
  });
  expect(stretch.status()).toBe(400);
  // Playwright's request client reads NUL bytes into this page at one chunk boundary (node:http and
  // zlib read the same response intact; see the closing note of 2026-12-06), so they are dropped here.
  expect((await stretch.text()).replace(/\0/g, "")).toContain("产地范围只能在该地理标志的主管区划之内");
  const foreign = await zhashui.post("/admin/marks/anhua-dark-tea", {
    headers: { Origin: BASE },
    form: { intent: "addArea", codes: "611026001", documentRef: "矩阵测试文件" },
    maxRedirects: 0,
  });
  expect([403, 404]).toContain(foreign.status());
  const publicPage = await (await contexts.get("anonymous")!.get("/marks/anhua-dark-tea")).text();
  expect(publicPage).not.toContain("乾佑");
  expect(publicPage).not.toContain("矩阵测试文件");
});
