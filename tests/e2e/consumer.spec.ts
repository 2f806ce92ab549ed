import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { DEMO_PORT } from "./ports.ts";
import { signInAs } from "./helpers.ts";

// Issue 14, items 11–13: what a shopper holding a phone (390×844) can judge on the page, in both
// languages. JavaScript is off: the scan page and the register work without it.
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, javaScriptEnabled: false };
const STATUS_ZH = "状态";
const STATUS_EN = "Status";
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The home page's demo codes, by the verdict's Chinese words. */
async function demoCodes(page: Page): Promise<Record<string, string>> {
  await page.goto("/?lang=zh-CN");
  const links = page.getByRole("region", { name: "演示：扫一扫这些标签" }).getByRole("link");
  const codes: Record<string, string> = {};
  for (const link of await links.all())
    codes[(await link.textContent())!.trim()] = (await link.getAttribute("href"))!.replace("/v/", "");
  return codes;
}

/** Fully on screen without scrolling sideways: inside the 390 px viewport's width. */
async function expectWithinWidth(locator: Locator, width = 390) {
  await expect(locator).toBeVisible();
  const box = (await locator.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
}

async function phone(browser: Browser, lang: "zh-CN" | "en" = "zh-CN") {
  const context = await browser.newContext({ ...PHONE, locale: lang });
  if (lang === "en") await context.addCookies([{ name: "lang", value: "en", url: `http://localhost:${DEMO_PORT}` }]);
  return { context, page: await context.newPage() };
}

test("the scan page names who runs it, the mark's supervising authority and hotline (set on the mark), and the real address", async ({
  browser,
}) => {
  // The administrator sets the mark's authority and hotline; a malformed number is refused and kept.
  const desk = await browser.newContext();
  const admin = await desk.newPage();
  await signInAs(admin, "admin");
  await admin.goto("/admin/marks/anhua-huangjing");
  await admin.getByLabel(/^监管部门\s*$/).fill("安化县市场监督管理局（演示）");
  await admin.getByLabel(/^监管部门电话/).fill("0737-722 abc");
  await admin.getByRole("button", { name: "保存" }).first().click();
  await expect(admin.getByText(/电话只能包含数字、空格、短横线、括号和 \+/).first()).toBeVisible();
  await expect(admin.getByLabel(/^监管部门电话/)).toHaveValue("0737-722 abc");
  await admin.getByLabel(/^监管部门电话/).fill("0737-7220000");
  await admin.getByRole("button", { name: "保存" }).first().click();
  await expect(admin.getByRole("status")).toHaveText("已保存。");
  await expect(admin.getByLabel(/^监管部门电话/)).toHaveValue("0737-7220000");
  await desk.close();

  const { context, page } = await phone(browser);
  const codes = await demoCodes(page);
  // (The genuine demo code is left unscanned: verification.spec.ts counts its first scan.)
  await page.goto(`/v/${codes["正品，但使用人已退出"]}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("正品，但使用人已退出");
  const who = page.getByRole("region", { name: "谁提供这个查询页" });
  await expect(who.getByText("地理标志专用标志登记与验证平台演示运营单位（演示）")).toBeVisible();
  await expect(who.getByText("安化县市场监督管理局（演示）")).toBeVisible();
  const hotline = who.getByRole("link", { name: "0737-7220000" });
  await expectWithinWidth(hotline);
  await expect(hotline).toHaveAttribute("href", "tel:07377220000");
  await expect(who.getByText(`认准网址：本平台的查询页只在 http://localhost:${DEMO_PORT}/v/ 下`)).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // A mark with no hotline set shows the national one; an unknown code still names the operator.
  await page.goto(`/v/${codes["使用人已被暂停使用"]}`);
  await expect(page.getByRole("region", { name: "谁提供这个查询页" }).getByText(/^12315/)).toBeVisible();
  await page.goto(`/v/${codes["查无此码"]}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("查无此码");
  await expect(
    page
      .getByRole("region", { name: "谁提供这个查询页" })
      .getByText("地理标志专用标志登记与验证平台演示运营单位（演示）"),
  ).toBeVisible();

  await page.goto(`/v/${codes["正品，但使用人已退出"]}`);
  await page.getByRole("link", { name: "English" }).click();
  const en = page.getByRole("region", { name: "Who runs this page" });
  await expect(en.getByText("Demo operator of the GI Mark Registry (demo)")).toBeVisible();
  await expect(en.getByText("Authority supervising this mark")).toBeVisible();
  await expect(en.getByText("安化县市场监督管理局（演示）")).toBeVisible();
  await expect(
    en.getByText(`Know the real address: this platform's check pages are only under http://localhost:${DEMO_PORT}/v/`),
  ).toBeVisible();
  await context.close();
});

test("each verdict says when: collected, voided and why, suspended since and what it means for this product", async ({
  browser,
}) => {
  const { context, page } = await phone(browser);
  const codes = await demoCodes(page);
  expect(Object.keys(codes)).toEqual([
    "正品",
    "正品，但使用人已退出",
    "使用人已被暂停使用",
    "未启用的标签",
    "已作废的标签",
    "查无此码",
    "不是有效的标志码",
  ]);

  await page.goto(`/v/${codes["正品，但使用人已退出"]}`);
  await expect(page.getByText(`该标签于 ${today()} 领用到下列产品批次上。`)).toBeVisible();
  await expect(page.getByText("领用日期（贴标到产品批次）")).toBeVisible();

  await page.goto(`/v/${codes["已作废的标签"]}`);
  await expect(page.getByText(`该标签于 ${today()} 被使用人作废，原因：损坏。`, { exact: false })).toBeVisible();

  await page.goto(`/v/${codes["使用人已被暂停使用"]}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("使用人已被暂停使用");
  const since = page.getByText(`该使用人自 ${today()} 起被暂停使用专用标志`);
  await expectWithinWidth(since);
  await expect(page.getByText(/本产品的生产日期（2026-10-15）早于暂停日期/)).toBeVisible();
  await expect(page.getByText("ZSMR-2026-010")).toBeVisible();

  await page.goto(`/v/${codes["未启用的标签"]}`);
  await expect(page.getByText(/该标签已印制，但从未被领用/)).toBeVisible();
  await context.close();

  const english = await phone(browser, "en");
  await english.page.goto(`/v/${codes["使用人已被暂停使用"]}`);
  await expect(english.page.getByRole("heading", { level: 1 })).toHaveText("User suspended");
  await expect(english.page.getByText(`suspended from using the special mark since ${today()}`)).toBeVisible();
  await expect(english.page.getByText(/This product was made on 2026-10-15, before the suspension/)).toBeVisible();
  await english.page.goto(`/v/${codes["已作废的标签"]}`);
  await expect(
    english.page.getByText(`voided by its user on ${today()} (reason: Damaged)`, { exact: false }),
  ).toBeVisible();
  await english.page.goto(`/v/${codes["正品，但使用人已退出"]}`);
  await expect(english.page.getByText(`collected onto the product batch below on ${today()}`)).toBeVisible();
  await english.context.close();
});

test("on a phone the home page leads to checking a code, and the register's status is on screen", async ({
  browser,
}) => {
  for (const lang of ["zh-CN", "en"] as const) {
    const { context, page } = await phone(browser, lang);
    await page.goto("/");
    const check = page.getByRole("link", { name: lang === "en" ? "Check a code" : "查验标志码", exact: true });
    // The first link of the page's own content, on screen without scrolling.
    await expect(page.locator("main a").first()).toHaveText(lang === "en" ? "Check a code" : "查验标志码");
    await expect(check).toBeInViewport();
    await expectWithinWidth(check);
    await check.click();
    await expect(page).toHaveURL(/\/v$/);
    await expect(page.getByRole("textbox", { name: lang === "en" ? "Code" : "标志码" })).toBeVisible();

    await page.goto("/marks/anhua-huangjing");
    const statuses = page.locator(`td[data-label="${lang === "en" ? STATUS_EN : STATUS_ZH}"]`);
    await expect(statuses).toHaveCount(2);
    await expect(statuses.first()).toContainText(lang === "en" ? /Active|Revoked/ : /使用中|已注销/);
    for (const cell of await statuses.all()) await expectWithinWidth(cell);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  }
});

test("public files: favicon, touch icon, robots.txt and security.txt with the right types", async ({ request }) => {
  const ico = await request.get("/favicon.ico");
  expect(ico.status()).toBe(200);
  expect(ico.headers()["content-type"]).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
  const touch = await request.get("/apple-touch-icon.png");
  expect(touch.headers()["content-type"]).toBe("image/png");
  expect((await request.get("/favicon.svg")).headers()["content-type"]).toMatch(/^image\/svg\+xml/);
  const robots = await request.get("/robots.txt");
  expect(robots.headers()["content-type"]).toMatch(/^text\/plain/);
  expect(await robots.text()).toMatch(/^Disallow: \/v\/$/m);
  const security = await request.get("/.well-known/security.txt");
  expect(security.status()).toBe(200);
  expect(security.headers()["content-type"]).toBe("text/plain; charset=utf-8");
  const text = await security.text();
  expect(text).toMatch(/^Contact: mailto:security@example\.invalid$/m);
  expect(text).toMatch(/^Expires: \d{4}-\d{2}-\d{2}T00:00:00Z$/m);
  // Every page names its icons.
  const home = await (await request.get("/")).text();
  expect(home).toContain('rel="apple-touch-icon" href="/apple-touch-icon.png"');
});
