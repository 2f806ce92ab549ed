import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { demo, demoEnterprise, signInApi } from "./helpers.ts";
import { DEMO_BASE, PRODUCTION_BASE } from "./ports.ts";

const BASE = DEMO_BASE;
const PROD = PRODUCTION_BASE;

async function signedIn(
  username: string,
  password: string,
  base = BASE,
): Promise<{ ctx: APIRequestContext; cookie: string }> {
  const ctx = await playwrightRequest.newContext({ baseURL: base });
  const response = await signInApi(ctx, base, username, password);
  expect(response.status(), `sign-in of ${username}`).toBe(302);
  const setCookie = response.headers()["set-cookie"] ?? "";
  return { ctx, cookie: setCookie.split(";")[0]! };
}

/** A bare client that sends exactly the cookie given, nothing remembered. */
async function withCookie(cookie: string, base = BASE) {
  return playwrightRequest.newContext({ baseURL: base, extraHTTPHeaders: { Cookie: cookie } });
}

test("session and device cookie flags: HttpOnly, SameSite=Lax, Path=/, and Secure with __Host- in production", async () => {
  const ctx = await playwrightRequest.newContext();
  const cookiesOf = (response: Awaited<ReturnType<typeof signInApi>>) =>
    response
      .headersArray()
      .filter((h) => h.name.toLowerCase() === "set-cookie")
      .map((h) => h.value);
  const res = await signInApi(ctx, BASE, demo["regulator.anhua"]!.username, demo["regulator.anhua"]!.password);
  const cookies = cookiesOf(res);
  // The session, and the known-device cookie that exempts this browser from a network's pause (decision 014).
  expect(cookies.map((c) => c.split("=")[0])).toEqual(["gi_session", "gi_device"]);
  expect(cookies[0]).toMatch(/^gi_session=[A-Za-z0-9_-]{43};/);
  for (const cookie of cookies) {
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Path=/");
  }

  const prod = await signInApi(ctx, PROD, "chief", "first administrator passphrase");
  expect(prod.status()).toBe(302);
  const prodCookies = cookiesOf(prod);
  expect(prodCookies.map((c) => c.split("=")[0])).toEqual(["__Host-gi_session", "__Host-gi_device"]);
  for (const cookie of prodCookies) {
    expect(cookie).toContain("Secure");
    expect(cookie).toContain("HttpOnly");
  }
  // Production mode never creates the demo accounts.
  const fresh = await playwrightRequest.newContext();
  const demoLogin = await signInApi(fresh, PROD, "admin", demo["admin"]!.password);
  expect(demoLogin.status()).toBe(401);
  const hsts = (await ctx.get(`${PROD}/`)).headers()["strict-transport-security"];
  expect(hsts).toContain("max-age=");
  await ctx.dispose();
});

test("a new session id at every sign-in, and a signed-out cookie cannot be replayed", async () => {
  const a = await signedIn(demo["enterprise.demo"]!.username, demo["enterprise.demo"]!.password);
  const b = await signedIn(demo["enterprise.demo"]!.username, demo["enterprise.demo"]!.password);
  expect(a.cookie).not.toBe(b.cookie);

  const replay = await withCookie(a.cookie);
  expect((await replay.get("/account", { maxRedirects: 0 })).status()).toBe(200);
  const out = await a.ctx.post("/logout", { headers: { Origin: BASE }, maxRedirects: 0 });
  expect(out.status()).toBe(302);
  const after = await replay.get("/account", { maxRedirects: 0 });
  expect(after.status()).toBe(302);
  expect(after.headers()["location"]).toMatch(/^\/login/);
  // The other session is untouched.
  expect((await b.ctx.get("/account", { maxRedirects: 0 })).status()).toBe(200);
});

test("disabling an account ends its sessions at once", async () => {
  const admin = await signedIn(demo["admin"]!.username, demo["admin"]!.password);
  const printer = await signedIn(demo["printer.demo"]!.username, demo["printer.demo"]!.password).catch(() => null);
  // printer.demo may be rate-limited by the browser test; use the Zhashui regulator instead.
  const victim = printer ?? (await signedIn(demo["regulator.zhashui"]!.username, demo["regulator.zhashui"]!.password));
  const victimName = printer ? "printer.demo" : "regulator.zhashui";
  expect((await victim.ctx.get("/account", { maxRedirects: 0 })).status()).toBe(200);

  const page = await admin.ctx.get("/admin/users");
  const html = await page.text();
  const row = html.split("<tr").find((r) => r.includes(`>${victimName}<`))!;
  const userId = row.match(/name="userId" value="([0-9a-f-]{36})"/)![1]!;
  const disable = await admin.ctx.post("/admin/users", {
    form: { intent: "disable", userId },
    headers: { Origin: BASE },
    maxRedirects: 0,
  });
  expect(disable.status()).toBe(302);
  expect((await victim.ctx.get("/account", { maxRedirects: 0 })).status()).toBe(302);
  // The administrator's own row: refused, and the page says so above the list.
  const ownRow = html.split("<tr").find((r) => r.includes(">admin<"))!;
  const ownId = ownRow.match(/name="userId" value="([0-9a-f-]{36})"/)![1]!;
  const own = await admin.ctx.post("/admin/users", {
    form: { intent: "disable", userId: ownId },
    headers: { Origin: BASE },
    maxRedirects: 0,
  });
  expect(own.status()).toBe(400);
  expect(await own.text()).toContain("不能停用自己的账号。");
  // Put it back for the other tests.
  await admin.ctx.post("/admin/users", {
    form: { intent: "enable", userId },
    headers: { Origin: BASE },
    maxRedirects: 0,
  });
});

test("a POST from a foreign Origin is refused and changes nothing", async () => {
  const s = await signedIn(demo["regulator.anhua"]!.username, demo["regulator.anhua"]!.password);
  const forged = await s.ctx.post("/logout", { headers: { Origin: "https://evil.example" }, maxRedirects: 0 });
  expect(forged.status()).toBe(403);
  expect(await forged.text()).toContain("请求来源无法验证");
  const crossSite = await s.ctx.post("/logout", { headers: { "Sec-Fetch-Site": "cross-site" }, maxRedirects: 0 });
  expect(crossSite.status()).toBe(403);
  const nullOrigin = await s.ctx.post("/logout", { headers: { Origin: "null" }, maxRedirects: 0 });
  expect(nullOrigin.status()).toBe(403);
  // Still signed in: the forged sign-outs did nothing.
  expect((await s.ctx.get("/account", { maxRedirects: 0 })).status()).toBe(200);
});

test("role-forbidden pages answer 403, for documents and Remix data requests alike", async () => {
  const enterprise = await signedIn(demo["enterprise.demo"]!.username, demo["enterprise.demo"]!.password);
  const regulator = await signedIn(demo["regulator.anhua"]!.username, demo["regulator.anhua"]!.password);
  for (const path of ["/admin/users", "/regulator", "/printer"]) {
    expect((await enterprise.ctx.get(path, { maxRedirects: 0 })).status(), path).toBe(403);
  }
  expect((await enterprise.ctx.get("/admin/users.data", { maxRedirects: 0 })).status()).toBe(403);
  expect((await regulator.ctx.get("/admin/users", { maxRedirects: 0 })).status()).toBe(403);
  const post = await regulator.ctx.post("/admin/users", {
    form: {
      intent: "createRegulator",
      username: "sneaky",
      displayName: "x",
      password: "a long enough passphrase",
      divisionCode: "430923",
    },
    headers: { Origin: BASE },
    maxRedirects: 0,
  });
  expect(post.status()).toBe(403);
  const anonymous = await playwrightRequest.newContext({ baseURL: BASE });
  const redirect = await anonymous.get("/admin/users", { maxRedirects: 0 });
  expect(redirect.status()).toBe(302);
  expect(redirect.headers()["location"]).toBe("/login?redirectTo=%2Fadmin%2Fusers");
});

test("enterprise A cannot open enterprise B's record by changing the id", async () => {
  const a = await signedIn(demo["enterprise.demo"]!.username, demo["enterprise.demo"]!.password);
  const zhashui = await signedIn(demo["regulator.zhashui"]!.username, demo["regulator.zhashui"]!.password);
  const desk = await (await zhashui.ctx.get("/regulator")).text();
  const otherId = desk.match(/href="\/enterprises\/([0-9a-f-]{36})"/)![1]!;
  expect(desk).toContain(demoEnterprise("zhashui-1").name);

  const own = await a.ctx.get("/account");
  expect(own.status()).toBe(200);
  for (const path of [
    `/enterprises/${otherId}`,
    `/enterprises/${otherId}.data`,
    "/enterprises/not-a-uuid",
    "/enterprises/00000000-0000-0000-0000-000000000000",
  ]) {
    const res = await a.ctx.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(404);
    expect(await res.text()).not.toContain(demoEnterprise("zhashui-1").name);
  }
});

test("security headers on every kind of response", async () => {
  const ctx = await playwrightRequest.newContext({ baseURL: BASE });
  const home = await ctx.get("/");
  const asset = (await home.text()).match(/href="(\/assets\/[^"]+\.css)"/)![1]!;
  for (const path of ["/", "/login", "/healthz", asset, "/no-such-page", "/favicon.ico"]) {
    const res = await ctx.get(path);
    const h = res.headers();
    expect(h["content-security-policy"], path).toMatch(/frame-ancestors 'none'/);
    expect(h["content-security-policy"], path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(h["x-powered-by"], path).toBeUndefined();
  }
  // The nonce is fresh per response and is the one on the page's scripts.
  const one = await ctx.get("/login");
  const two = await ctx.get("/login");
  const nonce = one.headers()["content-security-policy"]!.match(/nonce-([^']+)/)![1]!;
  expect(two.headers()["content-security-policy"]).not.toContain(nonce);
  expect(await one.text()).toContain(`nonce="${nonce}"`);
  const notFound = await ctx.get("/no-such-page");
  expect(notFound.status()).toBe(404);
  expect(await notFound.text()).not.toMatch(/at .*\.(ts|js):\d+/);
  // Pages and the data they reload can name who is signed in: no cache keeps them.
  const member = await signedIn(demo["enterprise.demo"]!.username, demo["enterprise.demo"]!.password);
  for (const path of ["/account", "/account.data", "/regulator", "/no-such-page"])
    expect((await member.ctx.get(path, { maxRedirects: 0 })).headers()["cache-control"], path).toBe("no-store");
});

test("health answers with the backend and version", async () => {
  const ctx = await playwrightRequest.newContext({ baseURL: BASE });
  const res = await ctx.get("/healthz");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ ok: true, db: "pglite", version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
});

test("sign-in and the language switch only ever redirect to this site", async ({ page }) => {
  // The issue's own address: %2F%09%2F is "/", a tab, "/", which Chromium read as //evil.example.
  await page.goto("/login?redirectTo=%2F%09%2Fevil.example");
  await page.getByLabel(/用户名|Username/).fill(demo["regulator.anhua"]!.username);
  await page.getByLabel(/^(密码|Password)/).fill(demo["regulator.anhua"]!.password);
  await page.getByRole("button", { name: /^(登录|Sign in)$/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  expect(new URL(page.url()).origin).toBe(BASE);
  expect(new URL(page.url()).pathname).toBe("/regulator");

  const ctx = await playwrightRequest.newContext({ baseURL: BASE, extraHTTPHeaders: { Origin: BASE } });
  for (const target of [
    "/\t/evil.example",
    "/\\evil.example",
    "//evil.example",
    "/%2F/evil.example",
    "https:evil.example",
  ]) {
    const lang = await ctx.post("/lang", { form: { lang: "en", redirectTo: target }, maxRedirects: 0 });
    expect(lang.status(), JSON.stringify(target)).toBe(302);
    expect(lang.headers()["location"], JSON.stringify(target)).toBe("/");
  }
  const kept = await ctx.post("/lang", { form: { lang: "en", redirectTo: "/marks?q=安化" }, maxRedirects: 0 });
  expect(kept.headers()["location"]).toBe("/marks?q=%E5%AE%89%E5%8C%96");
  await ctx.dispose();
});

test("a malformed Host header is a 400 page, not a 500, and routes nowhere", async () => {
  const { request: raw } = await import("node:http");
  const port = Number(new URL(BASE).port);
  const get = (host: string, path = "/marks") =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = raw({ host: "127.0.0.1", port, path, headers: { Host: host } }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end();
    });
  for (const host of ["localhost:99999", "a b", "exa%mple", "[zz]", "a@b", "a/b", "a?b"]) {
    const answer = await get(host);
    expect(answer.status, host).toBe(400);
    expect(answer.body, host).toContain("请求无法识别");
    expect(answer.body, host).toContain("The request could not be understood");
  }
  // Unproxied, X-Forwarded-Host is not read at all.
  const forwarded = await new Promise<number>((resolve, reject) => {
    const req = raw({ host: "127.0.0.1", port, path: "/marks", headers: { "X-Forwarded-Host": "x:99999" } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
  expect(forwarded).toBe(200);
  expect((await get(`localhost:${port}`)).status).toBe(200);
});
