import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { changePassword, signIn } from "#app/accounts/users.server.ts";
import { DomainError } from "#app/errors.ts";
import { translator } from "#app/i18n/i18n.ts";
import { encodeCode } from "#app/label-code/code.ts";
import { existingScanLog } from "#app/verification/scan-log.server.ts";
import { scanApi, scanPage, type ScanHttpRequest } from "#app/verification/http.server.ts";
import {
  SCANS_PER_CLIENT_PER_MINUTE,
  SCANS_PER_NETWORK_PER_MINUTE,
  SIGN_IN_FAILURES_PER_NETWORK,
  SIGN_IN_MAX_DELAY_MS,
  UNKNOWN_CODES_PER_NETWORK,
} from "#app/rate-limit/rate-limit.server.ts";
import { deviceCookie, readKnownDevice } from "#app/accounts/device-cookie.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { fakeUscc, makeEnterprise, makeUser, TEST_PASSWORD } from "#tests/support/factories.ts";

import { labelsInEveryState, type LabelWorld, markWithPrinter } from "#tests/support/label-factories.ts";

// Decision 014: a limit on a network refuses what a guesser does there, never what its other people do.

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-limits-"));

let t: TestDatabase;
let w: LabelWorld;
let subnet = 0;
/** Each test works from its own /24, so limits never leak between tests. */
const nextSubnet = () => `10.77.${++subnet}`;
const randomCode = () => encodeCode(crypto.getRandomValues(new Uint8Array(16)));

beforeAll(async () => {
  t = await createTestDatabase();
  // The routes and the scan endpoints ask db.server.ts for the process's database: give them this one.
  (globalThis as Record<symbol, unknown>)[Symbol.for("gi-mark-registry.db")] = Promise.resolve(t);
  const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  const approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  const { mark, printerId, printer } = await markWithPrinter(t.db, "限流测试印务", { slug: "limits" });
  w = { db: t.db, raw: t.raw, markId: mark.id, printerId, regulator, approver, printer };
});
afterAll(async () => {
  await existingScanLog()?.close();
  await t?.drop();
});
afterEach(() => {
  vi.useRealTimers();
});

const scanRequest = (input: string, clientIp: string, lang?: "en"): ScanHttpRequest => ({
  method: "GET",
  input,
  query: new URLSearchParams(lang ? { lang } : {}),
  cookie: null,
  userAgent: "vitest",
  clientIp,
  nonce: "test-nonce",
});

describe("public verification", () => {
  it("a malformed code is told what is wrong with it, and its report link carries what was typed", async () => {
    const net = nextSubnet();
    const typed = "ABCDEFGHJKMNPQRSTVWXYZ01234";
    const page = await scanPage(scanRequest(typed, `${net}.9`));
    expect(page.body).toContain("标志码的第 1 位只会是 0 到 7 之间的数字");
    expect(page.body).toContain(`/reports/new?code=${typed}`);
    const english = await scanPage(scanRequest(typed, `${net}.10`, "en"));
    expect(english.body).toContain("The first character of a code is always a digit from 0 to 7");
  });

  it("a network past its unknown-code limit still checks real labels; only unknown codes are refused, in both languages", async () => {
    const world = await labelsInEveryState(w, "RL-001");
    const net = nextSubnet();
    const guesses = await Promise.all(
      Array.from({ length: UNKNOWN_CODES_PER_NETWORK }, () => scanApi(scanRequest(randomCode(), `${net}.66`))),
    );
    expect(guesses.map((g) => [g.status, JSON.parse(g.body).verdict])).toEqual(guesses.map(() => [200, "not_found"]));

    // The guesser's next unknown code is refused, on the page and in the API, with a clear reason.
    const refusedPage = await scanPage(scanRequest(randomCode(), `${net}.66`));
    expect(refusedPage.status).toBe(429);
    expect(Number(refusedPage.headers["Retry-After"])).toBeGreaterThan(0);
    expect(refusedPage.body).toContain("未能确认此码");
    expect(refusedPage.body).toContain("已登记的标志码仍可正常查询");
    const refusedEnglish = await scanPage(scanRequest(randomCode(), `${net}.67`, "en"));
    expect(refusedEnglish.status).toBe(429);
    expect(refusedEnglish.body).toContain("registered codes are still checked as usual");
    const refusedApi = await scanApi(scanRequest("X".repeat(27), `${net}.68`));
    expect(refusedApi.status).toBe(429);
    expect(JSON.parse(refusedApi.body)).toMatchObject({ error: { code: "unknown_codes_limited" } });

    // Everybody else on the network, the guesser included, still gets real labels checked.
    const shopper = await scanPage(scanRequest(world.codeAt(0), `${net}.200`));
    expect(shopper.status).toBe(200);
    expect(shopper.body).toContain(translator("zh-CN")("verify.summary.genuine"));
    const api = await scanApi(scanRequest(world.codeAt(1), `${net}.66`));
    expect(api.status).toBe(200);
    expect(JSON.parse(api.body)).toMatchObject({ verdict: "genuine" });
    const voided = await scanApi(scanRequest(world.codeAt(10), `${net}.9`));
    expect(JSON.parse(voided.body)).toMatchObject({ verdict: "voided" });

    // Another network is not touched at all.
    const elsewhere = await scanApi(scanRequest(randomCode(), `${nextSubnet()}.1`));
    expect(JSON.parse(elsewhere.body)).toMatchObject({ verdict: "not_found" });
  });
});

describe("flood guard", () => {
  it("stops one address flooding at that address; its neighbours on the network still check labels", async () => {
    const world = await labelsInEveryState(w, "RL-003");
    const net = nextSubnet();
    // 120 HEAD requests a minute from one address of a shared network (a crawler behind a mall's NAT).
    const head = (ip: string) => ({ ...scanRequest(world.codeAt(0), ip), method: "HEAD" });
    for (let i = 0; i < SCANS_PER_CLIENT_PER_MINUTE; i++) expect((await scanApi(head(`${net}.50`))).status).toBe(200);
    const flooder = await scanPage(head(`${net}.50`));
    expect(flooder.status).toBe(429);
    expect(Number(flooder.headers["Retry-After"])).toBeGreaterThan(0);
    // Everyone else behind the same network is answered as usual.
    const shopper = await scanPage(scanRequest(world.codeAt(1), `${net}.51`));
    expect(shopper.status).toBe(200);
    expect(shopper.body).toContain(translator("zh-CN")("verify.summary.genuine"));
    // The network as a whole has a ceiling too, ten busy clients' worth.
    expect(SCANS_PER_NETWORK_PER_MINUTE).toBe(10 * SCANS_PER_CLIENT_PER_MINUTE);
  });
});

describe("link previews and crawlers", () => {
  it("a crawler's user agent is answered, logged as channel preview, kept out of the consumer's count, and limited", async () => {
    const world = await labelsInEveryState(w, "RL-002");
    const code = world.codeAt(0);
    const net = nextSubnet();
    const asCrawler = (input: string, ip = `${net}.8`) => ({
      ...scanRequest(input, ip),
      userAgent: "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    });
    expect(JSON.parse((await scanApi(scanRequest(code, `${net}.1`))).body)).toMatchObject({ scans: { count: 1 } });
    const card = await scanPage(asCrawler(code));
    expect(card.status).toBe(200);
    expect(card.body).toContain("本码已被查询 1 次");
    expect(JSON.parse((await scanApi(scanRequest(code, `${net}.2`))).body)).toMatchObject({ scans: { count: 2 } });
    await existingScanLog()!.flush();
    const rows = await t.db
      .selectFrom("scan")
      .select(["channel", "user_agent"])
      .where("network", "=", `${net}.0/24`)
      .orderBy("id")
      .execute();
    expect(rows.map((r) => r.channel)).toEqual(["api", "preview", "api"]);
    expect(rows[1]!.user_agent).toMatch(/^facebookexternalhit/);

    // A crawler walking unknown codes meets the same limit as anybody on its network.
    const walker = nextSubnet();
    for (let i = 0; i < UNKNOWN_CODES_PER_NETWORK; i++)
      expect((await scanApi(asCrawler(randomCode(), `${walker}.3`))).status).toBe(200);
    expect((await scanApi(asCrawler(randomCode(), `${walker}.3`))).status).toBe(429);
  });
});

describe("sign-in", () => {
  it("slows a guesser per account and network with a growing, capped delay; the owner signs in elsewhere, and here after it", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const enterprise = await makeEnterprise(t.db);
    const owner = await makeUser(t.db, "enterprise", { enterpriseId: enterprise.id });
    const attacker = `${nextSubnet()}.0/24`;
    const home = `${nextSubnet()}.0/24`;
    const attempt = (password: string, ipNetwork: string) =>
      signIn(t.db, { username: owner.username, password, ipNetwork, userAgent: null });

    for (let i = 0; i < 4; i++) expect(await attempt(`wrong ${i}`, attacker)).toEqual({ ok: false, reason: "failed" });
    expect(await attempt("wrong 5", attacker)).toEqual({
      ok: false,
      reason: "rateLimited",
      retryAfter: 30,
      scope: "account",
    });
    // During the delay the guesser's network is refused without a check, even with the password…
    expect(await attempt(TEST_PASSWORD, attacker)).toMatchObject({ ok: false, reason: "rateLimited" });
    // …and a flood of tries from there neither lengthens the delay nor reaches the owner.
    for (let i = 0; i < 40; i++) await attempt(`flood ${i}`, attacker);
    expect(await attempt("again", attacker)).toMatchObject({ reason: "rateLimited", retryAfter: 30 });
    expect((await attempt(TEST_PASSWORD, home)).ok).toBe(true);

    // Each failure after a delay doubles the next one, up to the cap.
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      vi.setSystemTime(Date.now() + (delays.at(-1) ?? 30) * 1000 + 1000);
      const r = await attempt(`wrong again ${i}`, attacker);
      if (r.ok || r.reason !== "rateLimited") throw new Error(`expected a delay, got ${JSON.stringify(r)}`);
      delays.push(r.retryAfter);
    }
    expect(delays).toEqual([60, 120, 240, 480, 900, 900, 900, 900]);
    expect(SIGN_IN_MAX_DELAY_MS).toBe(900_000);

    // After the delay the right password works from the guesser's network too, and clears it.
    vi.setSystemTime(Date.now() + 901_000);
    expect((await attempt(TEST_PASSWORD, attacker)).ok).toBe(true);
    expect(await attempt("one typo", attacker)).toEqual({ ok: false, reason: "failed" });
  });
});

describe("known devices", () => {
  it("a network paused by someone trying many accounts still lets the owner in from a browser they signed in on", async () => {
    const enterprise = await makeEnterprise(t.db);
    const owner = await makeUser(t.db, "enterprise", { enterpriseId: enterprise.id });
    const office = `${nextSubnet()}.0/24`;
    // The owner signed in here once: the browser keeps a signed device cookie.
    const first = await signIn(t.db, {
      username: owner.username,
      password: TEST_PASSWORD,
      ipNetwork: office,
      userAgent: null,
    });
    if (!first.ok) throw new Error("the owner could not sign in");
    const cookieHeader = first.deviceCookie.split(";")[0]!;
    const device = readKnownDevice(cookieHeader);
    expect(device?.username).toBe(owner.username);

    // Someone on the same network tries many made-up accounts, and then the owner's.
    for (let i = 0; i < SIGN_IN_FAILURES_PER_NETWORK; i++)
      await signIn(t.db, { username: `nobody-${i}`, password: "guess", ipNetwork: office, userAgent: null });
    for (let i = 0; i < 6; i++)
      await signIn(t.db, { username: owner.username, password: `guess ${i}`, ipNetwork: office, userAgent: null });
    const stranger = await signIn(t.db, {
      username: owner.username,
      password: TEST_PASSWORD,
      ipNetwork: office,
      userAgent: null,
    });
    expect(stranger).toMatchObject({ ok: false, reason: "rateLimited" });

    // The owner's own browser is counted apart: it signs in at once.
    const known = await signIn(t.db, {
      username: owner.username,
      password: TEST_PASSWORD,
      ipNetwork: office,
      userAgent: null,
      knownDevice: device,
    });
    expect(known.ok).toBe(true);

    // The cookie counts only for its own account, and a forged or altered one counts for nothing.
    const other = await makeUser(t.db, "enterprise", { enterpriseId: enterprise.id });
    expect(
      await signIn(t.db, {
        username: other.username,
        password: TEST_PASSWORD,
        ipNetwork: office,
        userAgent: null,
        knownDevice: device,
      }),
    ).toMatchObject({ ok: false, reason: "rateLimited", scope: "network" });
    const forged = cookieHeader.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    expect(readKnownDevice(forged)).toBeNull();
    const expired = deviceCookie(owner.username, Date.now() - 181 * 24 * 60 * 60_000).split(";")[0]!;
    expect(readKnownDevice(expired)).toBeNull();

    // A known device that guesses is slowed under its own key, like anyone.
    for (let i = 0; i < 4; i++)
      expect(
        await signIn(t.db, {
          username: owner.username,
          password: `typo ${i}`,
          ipNetwork: office,
          userAgent: null,
          knownDevice: device,
        }),
      ).toEqual({ ok: false, reason: "failed" });
    expect(
      await signIn(t.db, {
        username: owner.username,
        password: "typo 5",
        ipNetwork: office,
        userAgent: null,
        knownDevice: device,
      }),
    ).toMatchObject({ ok: false, reason: "rateLimited", scope: "account" });
  });
});

describe("password change", () => {
  it("refuses a sixth attempt within 15 minutes with 429, even with the right password, and changes nothing", async () => {
    const enterprise = await makeEnterprise(t.db);
    const member = await makeUser(t.db, "enterprise", { enterpriseId: enterprise.id });
    const outcome = (current: string) =>
      changePassword(t.db, member, { current, next: "a brand new secret phrase" }).then(
        () => "changed",
        (e: unknown) => (e instanceof DomainError ? `${e.key} ${e.status}` : String(e)),
      );
    for (let i = 0; i < 5; i++) expect(await outcome(`guess ${i}`)).toBe("account.currentWrong 400");
    expect(await outcome(TEST_PASSWORD)).toBe("account.rateLimited 429");
    const stillOld = await signIn(t.db, {
      username: member.username,
      password: TEST_PASSWORD,
      ipNetwork: `${nextSubnet()}.0/24`,
      userAgent: null,
    });
    expect(stillOld.ok).toBe(true);
    for (const lang of ["zh-CN", "en"] as const)
      expect(translator(lang)("account.rateLimited", { minutes: 15 })).toContain("15");
  });
});

describe("consumer reports", () => {
  it("a network over its report limit is refused before its photos are read", async () => {
    const { action } = await import("#app/routes/reports.new.tsx");
    const { PROBLEMS } = await import("#app/report/report-form.ts");
    const { REPORTS_PER_NETWORK } = await import("#app/rate-limit/rate-limit.server.ts");
    const net = nextSubnet();
    const status = async (request: Request) => {
      try {
        const result = (await action({
          request,
          context: { clientIp: `${net}.7`, cspNonce: "" },
          params: {},
        })) as unknown as {
          init: { status: number } | null;
        };
        return result.init?.status ?? 200;
      } catch (thrown) {
        if (thrown instanceof Response) return thrown.status;
        throw thrown;
      }
    };
    for (let i = 0; i < REPORTS_PER_NETWORK; i++) {
      const form = new FormData();
      form.set("codeInput", `限流举报 ${i}`);
      form.set("problem", PROBLEMS[0]);
      form.set("description", "包装上的码扫不出来");
      form.set("placeKind", "shop");
      form.set("place", "安化县东坪镇");
      form.set("markId", w.markId);
      expect(await status(new Request("http://localhost/reports/new", { method: "POST", body: form }))).toBe(302);
    }
    // The next one streams a large photo: it is refused without a byte of it being pulled.
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1 << 20;
        controller.enqueue(new Uint8Array(1 << 20));
        if (pulled >= 32 << 20) controller.close();
      },
    });
    const flood = new Request("http://localhost/reports/new", {
      method: "POST",
      body,
      headers: { "Content-Type": "multipart/form-data; boundary=----flood" },
      duplex: "half",
    } as RequestInit);
    expect(await status(flood)).toBe(429);
    expect(pulled).toBeLessThanOrEqual(1 << 20);
  });
});

describe("registration", () => {
  it("limits submissions per network: 429 with a message in both languages, the form kept without its passwords", async () => {
    const { action } = await import("#app/routes/register.tsx");
    const uscc = fakeUscc("430923");
    const submit = async (clientIp: string, username: string) => {
      const body = new URLSearchParams({
        uscc,
        name: "安化县限流测试茶业有限公司",
        contactName: "李四",
        contactPhone: "13800000001",
        username,
        password: "tea brick from anhua",
        passwordConfirm: "tea brick from anhua",
      });
      const request = new Request("http://localhost/register", {
        method: "POST",
        body,
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
      try {
        const result = (await action({ request, context: { clientIp, cspNonce: "" }, params: {} })) as unknown as {
          data: { values: Record<string, string>; formError?: { key: string; params?: Record<string, number> } };
          init: { status: number; headers?: Record<string, string> } | null;
        };
        return { status: result.init?.status ?? 200, headers: result.init?.headers ?? {}, failure: result.data };
      } catch (thrown) {
        if (thrown instanceof Response)
          return { status: thrown.status, headers: {} as Record<string, string>, failure: null };
        throw thrown;
      }
    };
    const net = nextSubnet();
    // The first registers (and is signed in); the rest are told the code is taken: all of them count.
    const first = await submit(`${net}.5`, `limits.first.${subnet}`);
    expect(first.status).toBe(302);
    for (let i = 1; i < 20; i++) expect((await submit(`${net}.${5 + i}`, `limits.${subnet}.${i}`)).status).toBe(400);
    const refused = await submit(`${net}.99`, `limits.${subnet}.late`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers["Retry-After"])).toBeGreaterThan(0);
    expect(refused.failure?.formError?.key).toBe("register.rateLimited");
    expect(refused.failure?.values).toMatchObject({ uscc, name: "安化县限流测试茶业有限公司", contactName: "李四" });
    expect(Object.keys(refused.failure?.values ?? {}).filter((k) => /password/i.test(k))).toEqual([]);
    const params = refused.failure!.formError!.params!;
    expect(translator("zh-CN")("register.rateLimited", params)).toMatch(/请在 \d+ 分钟后再试/);
    expect(translator("en")("register.rateLimited", params)).toMatch(/try again in \d+ minutes/);
    // Another network registers as usual.
    expect((await submit(`${nextSubnet()}.1`, `limits.other.${subnet}`)).status).not.toBe(429);
  });
});
