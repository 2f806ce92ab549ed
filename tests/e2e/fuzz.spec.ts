import { expect, request as playwrightRequest, test, type APIResponse } from "@playwright/test";
import { PRODUCTION_BASE } from "./ports.ts";

// A fuzz pass over every public endpoint and form, on the production-mode server (its rate-limit
// windows are its own, so the demo server's scan tests are not affected). Whatever arrives: no
// 500, no stack trace, and no script reflected back unescaped.

const PROD = PRODUCTION_BASE;
const SCRIPT = "<script>alert(1)</script>";
const IMG = `"><img src=x onerror=alert(1)>`;

function payloads(): string[] {
  const random = (n: number) =>
    Array.from({ length: n }, () => String.fromCharCode(32 + Math.floor(Math.random() * 95))).join("");
  const unicode = (n: number) =>
    Array.from({ length: n }, () => String.fromCodePoint(Math.floor(Math.random() * 0x2ffff) + 1))
      .join("")
      .replace(/[\ud800-\udfff]/g, "?");
  return [
    "",
    " ",
    SCRIPT,
    IMG,
    "' or 1=1 --",
    "../../../../etc/passwd",
    "%00%ff%E0%A4%A",
    "\u0000\u0001\u0007\u001b[31m\u007f",
    "ＡＢＣ１２３－４５６",
    "\u202e\u200b\ufeff",
    "-1",
    "1e309",
    "NaN",
    "9".repeat(400),
    // One past PostgreSQL's integer, and far past it: positions, versions, counts.
    "2147483648",
    "99999999999",
    // Line breaks (a header injection) and the tab that browsers drop from a URL.
    "/a\r\nSet-Cookie: x=1",
    "/\t/evil.example",
    // Passes a "36 characters of hex and hyphens" check, yet PostgreSQL refuses it as a uuid.
    "-".repeat(36),
    "x".repeat(20_000),
    random(64),
    random(300),
    unicode(40),
  ];
}

const STACK = /\bat [^\n]*\.(ts|tsx|js|mjs|cjs):\d+:\d+|node_modules\//;

async function check(label: string, response: APIResponse) {
  const status = response.status();
  expect(status, `${label} → ${status}`).toBeLessThan(500);
  const body = await response.text();
  expect(body, `${label}: stack trace`).not.toMatch(STACK);
  expect(body.includes(SCRIPT), `${label}: reflected script`).toBe(false);
  expect(body.includes("<img src=x onerror"), `${label}: reflected markup`).toBe(false);
}

test("public GET endpoints survive hostile input", async () => {
  test.setTimeout(240_000);
  const ctx = await playwrightRequest.newContext({ baseURL: PROD });
  for (const p of payloads()) {
    const e = encodeURIComponent(p);
    const targets = [
      `/v/${e}`,
      `/V/${e}?lang=${e}&view=${e}&located=${e}`,
      `/api/v1/verify/${e}`,
      `/v?code=${e}`,
      `/marks?q=${e}`,
      `/marks/${e}`,
      `/api/v1/marks?lang=${e}`,
      `/api/v1/marks/${e}/users?q=${e}&page=${e}&pageSize=${e}`,
      `/api/v1/registry/authorizations?uscc=${e}&mark=${e}&date=${e}`,
      `/v/${e}/proof`,
      `/v/${e}/proof.tlog-proof`,
      `/api/v1/verify/${e}/proof`,
      `/api/v1/log/consistency?from=${e}&to=${e}`,
      `/log/tile/${e}`,
      `/log/tile/0/${e}.p/${e}`,
      `/announcements?q=${e}&page=${e}`,
      `/announcements/${e}`,
      `/registry/enterprises/${e}`,
      `/reports/status?ticket=${e}`,
      `/reports/new?code=${e}`,
      `/documents/${e}`,
      `/inspections/${e}`,
      `/inspections/${e}/results.csv`,
      `/inspections?page=${e}`,
      `/login?redirectTo=${e}`,
      `/${e}`,
    ];
    for (const target of targets) await check(`GET ${target.slice(0, 80)}`, await ctx.get(target, { maxRedirects: 0 }));
  }
  await ctx.dispose();
});

test("the oversight pages survive hostile query strings and ids", async () => {
  test.setTimeout(240_000);
  const ctx = await playwrightRequest.newContext({ baseURL: PROD, extraHTTPHeaders: { Origin: PROD } });
  expect(
    (
      await ctx.post("/login", {
        form: { username: "chief", password: "first administrator passphrase" },
        maxRedirects: 0,
      })
    ).status(),
  ).toBe(302);
  for (const p of payloads()) {
    const e = encodeURIComponent(p);
    const targets = [
      `/regulator/dashboard?mark=${e}`,
      `/regulator/dashboard.csv?chart=${e}&mark=${e}`,
      `/regulator/alerts?state=${e}&kind=${e}`,
      `/regulator/alerts.csv?state=${e}&kind=${e}`,
      `/regulator/alerts/${e}`,
      `/regulator/reports/${e}`,
      `/regulator/reports/${e}/photos/${e}`,
      `/regulator/reports/00000000-0000-4000-8000-000000000000/photos/${e}`,
      `/admin/audit?before=${e}&entityId=${e}&from=${e}`,
      `/regulator/annual-reports?year=${e}`,
      `/regulator/annual-reports.csv?year=${e}`,
      `/regulator/supervision-report?year=${e}`,
      `/regulator/supervision-report.csv?year=${e}`,
      `/authorizations/${e}/annual-report?year=${e}`,
    ];
    for (const target of targets) await check(`GET ${target.slice(0, 80)}`, await ctx.get(target, { maxRedirects: 0 }));
    await check(
      `POST /regulator/alerts/${p.slice(0, 20)}`,
      await ctx.post(`/regulator/alerts/${e}`, { form: { intent: p, resolution: p }, maxRedirects: 0 }),
    );
  }
  await ctx.dispose();
});

test("a county regulator's report actions survive hostile ids and versions", async () => {
  test.setTimeout(120_000);
  const admin = await playwrightRequest.newContext({ baseURL: PROD, extraHTTPHeaders: { Origin: PROD } });
  await admin.post("/login", {
    form: { username: "chief", password: "first administrator passphrase" },
    maxRedirects: 0,
  });
  const username = `fuzz.regulator.${Date.now().toString(36)}`;
  const created = await admin.post("/admin/users", {
    form: {
      intent: "createRegulator",
      username,
      displayName: "模糊测试监管员",
      password: "fuzzing regulator passphrase",
      divisionCode: "430923",
    },
    maxRedirects: 0,
  });
  expect(created.status()).toBe(302);
  const ctx = await playwrightRequest.newContext({ baseURL: PROD, extraHTTPHeaders: { Origin: PROD } });
  const signIn = await ctx.post("/login", {
    form: { username, password: "fuzzing regulator passphrase" },
    maxRedirects: 0,
  });
  expect(signIn.status()).toBe(302);
  for (const p of payloads()) {
    const e = encodeURIComponent(p);
    for (const intent of ["assign", "investigate", "close"]) {
      await check(
        `POST /regulator/reports/${p.slice(0, 20)} ${intent}`,
        await ctx.post(`/regulator/reports/${e}`, {
          form: { intent, version: p, assigneeId: p, outcome: p, note: p },
          maxRedirects: 0,
        }),
      );
      await check(
        `POST /regulator/reports/<uuid> ${intent} version ${p.slice(0, 20)}`,
        await ctx.post("/regulator/reports/00000000-0000-4000-8000-000000000000", {
          form: { intent, version: p, assigneeId: p, outcome: "confirmed_fake", note: "x" },
          maxRedirects: 0,
        }),
      );
    }
  }
  await admin.dispose();
  await ctx.dispose();
});

test("any other method is a 405 that names the allowed ones", async () => {
  const ctx = await playwrightRequest.newContext({ baseURL: PROD });
  for (const path of ["/", "/login", "/v/ABC", "/api/v1/verify/ABC", "/favicon.ico", "/no-such-page", "/assets/x.js"])
    for (const method of ["TRACE", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"]) {
      // The API answers the CORS preflight (decision 059) and names OPTIONS among its methods.
      const api = path.startsWith("/api/v1/");
      if (api && method === "OPTIONS") continue;
      const response = await ctx.fetch(path, { method, maxRedirects: 0 });
      expect(response.status(), `${method} ${path}`).toBe(405);
      expect(response.headers()["allow"], `${method} ${path}`).toBe(
        api ? "GET, HEAD, POST, OPTIONS" : "GET, HEAD, POST",
      );
      if (api) expect(response.headers()["content-type"], `${method} ${path}`).toMatch(/application\/json/);
      await check(`${method} ${path}`, response);
    }
  const preflight = await ctx.fetch("/api/v1/listing-reports", {
    method: "OPTIONS",
    headers: { Origin: "https://platform.example", "Access-Control-Request-Method": "POST" },
  });
  expect(preflight.status()).toBe(204);
  expect(preflight.headers()["access-control-allow-headers"]).toMatch(/Authorization/);
  // A POST to a route that only answers GET, and a body over a route's limit: the site's own
  // refusal page in both languages, never Remix's JSON "Unexpected Server Error".
  for (const path of ["/healthz", "/ledger.csv", "/export/enterprises"]) {
    const response = await ctx.post(path, { headers: { Origin: PROD }, form: { a: "1" }, maxRedirects: 0 });
    expect(response.status(), `POST ${path}`).toBe(405);
    expect(response.headers()["allow"], `POST ${path}`).toBe("GET, HEAD");
    expect(await response.text(), `POST ${path}`).toContain("This address does not take that kind of request");
  }
  const huge = await ctx.post("/lang", {
    headers: { Origin: PROD },
    form: { lang: "en", filler: "x".repeat(70 * 1024) },
    maxRedirects: 0,
  });
  expect(huge.status()).toBe(413);
  expect(await huge.text()).toContain("提交的内容过大");
  const unknown = await ctx.get("/api/v1/no-such-endpoint?lang=en");
  expect(unknown.status()).toBe(404);
  expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("not_found");
  await ctx.dispose();
});

test("public forms survive hostile input and keep nothing they should not", async () => {
  test.setTimeout(240_000);
  const ctx = await playwrightRequest.newContext({ baseURL: PROD, extraHTTPHeaders: { Origin: PROD } });
  const list = payloads();
  for (const [i, p] of list.entries()) {
    await check(
      `POST /reports/new urlencoded #${i}`,
      await ctx.post("/reports/new", {
        form: {
          codeInput: p,
          markId: p,
          problem: p,
          description: p,
          placeKind: p,
          place: p,
          contact: p,
          submissionKey: p,
        },
        maxRedirects: 0,
      }),
    );
    await check(
      `POST /reports/new multipart #${i}`,
      await ctx.post("/reports/new", {
        multipart: {
          codeInput: p,
          problem: "other",
          description: p,
          placeKind: "shop",
          place: p,
          photos: { name: `${p.slice(0, 20)}.png`, mimeType: "image/png", buffer: Buffer.from(p || "x") },
        },
        maxRedirects: 0,
      }),
    );
    await check(
      `POST /register #${i}`,
      await ctx.post("/register", {
        form: {
          uscc: p,
          name: p,
          divisionCode: p,
          contactName: p,
          contactPhone: p,
          username: p,
          password: p,
          passwordConfirm: p,
        },
        maxRedirects: 0,
      }),
    );
    await check(
      `POST /v/location #${i}`,
      await ctx.post("/v/location", { form: { ref: p, code: p, lat: p, lng: p, view: p, lang: p }, maxRedirects: 0 }),
    );
    await check(`POST /lang #${i}`, await ctx.post("/lang", { form: { lang: p, redirectTo: p }, maxRedirects: 0 }));
    await check(
      `POST /log/witness/add-checkpoint #${i}`,
      await ctx.post("/log/witness/add-checkpoint", { data: `old ${p}\n\n${p}`, maxRedirects: 0 }),
    );
  }
  // Only a few sign-in attempts: the per-network failure limit is real and shared with other tests.
  for (const p of [SCRIPT, "x".repeat(20_000), "\u0000"])
    await check(
      "POST /login",
      await ctx.post("/login", { form: { username: p, password: p, redirectTo: p }, maxRedirects: 0 }),
    );
  // A line break in the sign-in's redirect target: the session is created only to be used, and
  // the user lands on the home page instead of a 500 (the old answer, with the session left behind).
  const crlf = await ctx.post("/login", {
    form: { username: "chief", password: "first administrator passphrase", redirectTo: "/a\r\nSet-Cookie: x=1" },
    maxRedirects: 0,
  });
  expect(crlf.status()).toBe(302);
  expect(crlf.headers()["location"]).toBe("/admin/users");
  expect((await ctx.get("/admin/users", { maxRedirects: 0 })).status()).toBe(200);
  // A redirect target from the form never leaves the site.
  const lang = await ctx.post("/lang", { form: { lang: "en", redirectTo: "https://evil.example/" }, maxRedirects: 0 });
  expect(lang.headers()["location"]).toBe("/");
  await ctx.dispose();
});
