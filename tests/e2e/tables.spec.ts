import { expect, test } from "@playwright/test";
import { demo, signInPage } from "./helpers.ts";

// Issue 15, item 7: every table comes from one DataTable. On a 390 px phone a wide table scrolls
// sideways inside its own box; the page itself never does, and each table has a name.
test("on a phone a wide table scrolls inside its box, the page does not, and every table is named", async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  const page = await context.newPage();
  await signInPage(page, "admin", demo["admin"]!.password);
  for (const path of ["/admin/audit", "/admin/users"]) {
    await page.goto(path);
    const table = page.getByRole("table").first();
    await expect(table).toBeVisible();
    const box = await table.evaluate((t) => {
      const wrap = t.parentElement!;
      return { wrap: wrap.className, scrolls: wrap.scrollWidth > wrap.clientWidth, fits: wrap.clientWidth <= 390 };
    });
    expect(box, path).toEqual({ wrap: "table-wrap", scrolls: true, fits: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
    const unnamed = await page.evaluate(
      () =>
        [...document.querySelectorAll("table")].filter(
          (t) => !t.getAttribute("aria-label") && !t.querySelector("caption"),
        ).length,
    );
    expect(unnamed, path).toBe(0);
    expect(await page.locator("th:not([scope])").count(), path).toBe(0);
  }
  await context.close();
});

// A signed checkpoint is one long line of base64: shown as it is, it widened a phone's page to
// 1,230 px, and a campaign's results went off screen (a walkthrough found it).
test("on a phone the public proof page wraps its signed notes instead of widening the page", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  const page = await context.newPage();
  await page.goto("/");
  const genuine = await page
    .getByRole("region", { name: "演示：扫一扫这些标签" })
    .getByRole("link", { name: "正品", exact: true })
    .getAttribute("href");
  await page.goto(`${genuine}/proof`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("公开日志证明");
  expect(await page.locator("pre").count()).toBeGreaterThan(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await context.close();
});
