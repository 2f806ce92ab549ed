import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./helpers.ts";

// Issue 14, item 9: every page has one <title> naming the page, no element id twice, the current
// page marked in the navigation, and every link of an error summary reaches its field.

const SITE = { "zh-CN": " · 地理标志专用标志平台", en: " · GI Mark Registry" };

/** What a reader and a screen reader would notice about the page's frame. */
async function frameOf(page: Page) {
  return page.evaluate(() => {
    const ids = [...document.querySelectorAll("[id]")].map((e) => e.id);
    return {
      titles: document.head.querySelectorAll("title").length,
      bodyTitles: [...document.body.querySelectorAll("title")].filter((e) => !e.closest("svg")).length,
      title: document.title,
      duplicateIds: [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))],
      current: [...document.querySelectorAll('nav.main a[aria-current="page"]')].map((a) => a.getAttribute("href")),
      navLinks: [...document.querySelectorAll("nav.main a")].map((a) => a.getAttribute("href")),
      path: location.pathname,
    };
  });
}

async function walk(page: Page, paths: string[], lang: "zh-CN" | "en" = "zh-CN") {
  const problems: string[] = [];
  const titles = new Map<string, string>();
  for (const path of paths) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    const f = await frameOf(page);
    if (f.titles !== 1 || f.bodyTitles !== 0)
      problems.push(`${path}: ${f.titles} <title> in head, ${f.bodyTitles} in body`);
    if (!f.title.endsWith(SITE[lang]) || f.title === SITE[lang].slice(3))
      problems.push(`${path}: title "${f.title}" does not name the page`);
    if (f.duplicateIds.length) problems.push(`${path}: ids twice: ${f.duplicateIds.join(", ")}`);
    // The navigation marks this page when it links to it, and never two pages.
    const own = f.navLinks.includes(f.path) ? [f.path] : [];
    if (own.length && JSON.stringify(f.current) !== JSON.stringify(own))
      problems.push(`${path}: navigation marks ${JSON.stringify(f.current)}, not ${f.path}`);
    if (f.current.length > 1) problems.push(`${path}: navigation marks ${f.current.join(", ")}`);
    titles.set(path, f.title);
  }
  expect(problems).toEqual([]);
  // Each page has its own name: no two different pages share one title.
  const seen = [...titles.values()];
  expect(new Set(seen).size, seen.join("\n")).toBe(seen.length);
  return titles;
}

/** Submits the form of `button` without the browser's own checks; every summary link must reach a field. */
async function summaryLinksReachFields(page: Page, button: ReturnType<Page["getByRole"]>) {
  await page.evaluate(() => document.querySelectorAll("form").forEach((f) => (f.noValidate = true)));
  await button.click();
  const summary = page.locator(".alert.error[role=alert]");
  await expect(summary).toBeVisible();
  const targets = await summary.locator('a[href^="#"]').evaluateAll((links) =>
    links.map((a) => {
      const id = a.getAttribute("href")!.slice(1);
      const el = document.getElementById(id);
      return { id, reaches: !!el && ["INPUT", "SELECT", "TEXTAREA", "FIELDSET"].includes(el.tagName) };
    }),
  );
  expect(targets.length, page.url()).toBeGreaterThan(0);
  expect(
    targets.filter((t) => !t.reaches).map((t) => t.id),
    page.url(),
  ).toEqual([]);
}

test("public pages: one title naming each page, unique ids, the current page marked, in both languages", async ({
  page,
  context,
}) => {
  const paths = [
    "/",
    "/marks",
    "/marks/anhua-dark-tea",
    "/announcements",
    "/inspections",
    "/reports/new",
    "/reports/status",
    "/login",
    "/register",
  ];
  await page.goto("/announcements");
  const announcement = await page.locator("main a[href^='/announcements/']").first().getAttribute("href");
  const zh = await walk(page, [...paths, announcement!]);
  expect(zh.get("/marks")).toBe(`合法使用人名录${SITE["zh-CN"]}`);
  expect(zh.get("/login")).toBe(`登录${SITE["zh-CN"]}`);
  // An announcement is under the announcements: that link is marked, and only it.
  await expect(page.locator('nav.main a[aria-current="page"]')).toHaveAttribute("href", "/announcements");
  await page.goto("/marks/anhua-dark-tea");
  await expect(
    page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "合法使用人名录" }),
  ).toHaveAttribute("aria-current", "page");

  await context.addCookies([{ name: "lang", value: "en", domain: "localhost", path: "/" }]);
  const en = await walk(page, paths, "en");
  expect(en.get("/marks")).toMatch(/^[^\u4e00-\u9fff]+$/);
  expect(en.get("/login")).toBe(`Sign in${SITE.en}`);
  // A page that is not there says so in its title too.
  await page.goto("/no-such-page");
  expect(await page.title()).toBe(`Page not found${SITE.en}`);
});

test("error summaries link to their fields (register, report, sign-in)", async ({ page }) => {
  await page.goto("/register");
  await summaryLinksReachFields(page, page.getByRole("button", { name: /^注册/ }));
  await page.goto("/reports/new");
  await summaryLinksReachFields(page, page.getByRole("button", { name: "提交举报" }));
  await page.goto("/login");
  await summaryLinksReachFields(page, page.getByRole("button", { name: "登录" }));
});

test("the enterprise's pages: the order page has no id twice and its summary reaches the collect form", async ({
  page,
}) => {
  await signInAs(page, "enterprise.demo");
  await page.goto("/ledger");
  const enterprise = await page.locator("a[href^='/enterprises/']").first().getAttribute("href");
  await page.goto(enterprise!);
  const orders = await page
    .locator("main a[href^='/label-orders/']:not([href='/label-orders/new'])")
    .evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
  // An order whose labels have arrived, so the page offers collecting (other specs add orders in
  // other states, and the page offers only what the order's state allows).
  let order: string | undefined;
  for (const href of orders) {
    await page.goto(href);
    if (await page.getByRole("region", { name: "按序号领用", exact: true }).count()) {
      order = href;
      break;
    }
  }
  expect(order, "an order with labels to collect").toBeTruthy();
  const titles = await walk(page, ["/apply", "/ledger", "/account", enterprise!, order!]);
  expect(titles.get("/ledger")).toBe(`标签台账与对账${SITE["zh-CN"]}`);

  await page.goto(order!);
  // Item 6: the ledger's headers say what their columns hold.
  await expect(page.getByRole("columnheader", { name: "记录时间" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "台账事项" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: /公告日期|可办理的操作/ })).toHaveCount(0);
  const collect = page.getByRole("region", { name: "按序号领用", exact: true });
  await collect.getByLabel(/^起始序号/).fill("不是序号");
  await collect.getByLabel(/^结束序号/).fill("");
  await summaryLinksReachFields(page, collect.getByRole("button", { name: "按序号领用" }));
  const after = await frameOf(page);
  expect(after.duplicateIds).toEqual([]);
  await page.goto("/apply?mark=anhua-dark-tea");
  await summaryLinksReachFields(page, page.getByRole("button", { name: /提交申请/ }));
});

test("the regulator's pages", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "regulator.anhua");
  await page.goto("/regulator");
  const authorization = await page.locator("a[href^='/authorizations/']").first().getAttribute("href");
  await page.goto("/regulator/alerts");
  const alert = await page.locator("main a[href^='/regulator/alerts/']").first().getAttribute("href");
  const titles = await walk(page, [
    "/regulator",
    "/regulator/dashboard",
    "/regulator/alerts",
    alert!,
    "/regulator/inspections",
    "/regulator/annual-reports",
    "/regulator/supervision-report",
    "/regulator/credit",
    "/regulator/reports",
    "/regulator/import",
    "/ledger",
    "/admin/marks",
    authorization!,
  ]);
  expect(titles.get("/regulator/dashboard")).toBe(`监管看板${SITE["zh-CN"]}`);
  await page.goto("/regulator/dashboard");
  await expect(page.locator('nav.main a[aria-current="page"]')).toHaveAttribute("href", "/regulator/dashboard");
  // Item 6: the report queue's filter says what it filters, and its button filters.
  await page.goto("/regulator/reports");
  await expect(page.getByRole("combobox", { name: "状态" }).locator("option").first()).toHaveText("待办举报（未办结）");
  await expect(page.getByRole("button", { name: "筛选" })).toBeVisible();
  await expect(page.getByRole("button", { name: "查询进度" })).toHaveCount(0);
  await page.goto("/regulator/credit");
  await summaryLinksReachFields(page, page.getByRole("button", { name: "登记一条" }));
});

test("the administrator's pages", async ({ page }) => {
  await signInAs(page, "admin");
  await walk(page, ["/admin/users", "/admin/marks", "/admin/audit", "/admin/calendar"]);
});
