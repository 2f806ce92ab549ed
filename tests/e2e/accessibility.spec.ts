import { AxeBuilder } from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./helpers.ts";

// axe-core's WCAG 2 A and AA rules on the pages each kind of user works in: unlabeled fields,
// missing names, contrast, landmarks, table headers. A violation names the element and the rule.
async function violations(page: Page, path: string) {
  if (path) await page.goto(path);
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations.map(
    (v) =>
      `${page.url().replace(/^https?:\/\/[^/]+/, "")} ${v.id} (${v.impact}): ${v.nodes
        .map((n) => n.target.join(" "))
        .slice(0, 3)
        .join(", ")}`,
  );
}

async function audit(page: Page, paths: string[]) {
  const found: string[] = [];
  for (const path of paths) found.push(...(await violations(page, path)));
  return found;
}

test("public pages and a shopper's scan on a phone", async ({ browser }) => {
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
  const page = await phone.newPage();
  await page.goto("/");
  // The richest verdict page whose scan count no other test reads (verification.spec counts the genuine one).
  const scan = await page
    .getByRole("region", { name: "演示：扫一扫这些标签" })
    .getByRole("link", { name: "正品，但使用人已退出", exact: true })
    .getAttribute("href");
  const found = await audit(page, [
    "/",
    "/marks",
    "/marks/anhua-dark-tea",
    "/announcements",
    "/inspections",
    "/v",
    scan!,
    "/reports/new",
    "/reports/status",
    "/login",
  ]);
  // A form sent back with its errors: the summary, the messages and the invalid fields.
  await page.goto("/reports/new");
  await page.getByRole("button", { name: "提交举报" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  found.push(...(await violations(page, "")));
  expect(found).toEqual([]);
  await phone.close();
});

for (const username of ["enterprise.demo", "regulator.anhua", "printer.demo", "admin"]) {
  test(`the pages ${username} works in`, async ({ page }) => {
    await signInAs(page, username);
    const paths: Record<string, string[]> = {
      "enterprise.demo": ["/apply", "/apply?mark=anhua-dark-tea", "/ledger", "/account"],
      "regulator.anhua": [
        "/regulator",
        "/regulator/dashboard",
        "/regulator/alerts",
        "/regulator/inspections",
        "/regulator/annual-reports",
        "/regulator/supervision-report",
        "/regulator/credit",
        "/regulator/reports",
        "/ledger",
      ],
      "printer.demo": ["/printer"],
      admin: ["/admin/users", "/admin/marks", "/admin/audit", "/admin/calendar"],
    };
    const found = await audit(page, paths[username]!);
    // One level down: the first record each list links to.
    const [list, link] = (
      {
        "regulator.anhua": ["/regulator", "a[href^='/authorizations/']"],
        "enterprise.demo": ["/ledger", "a[href^='/enterprises/']"],
        "printer.demo": ["/printer", "a[href^='/label-orders/']"],
        admin: ["/admin/marks", "a[href^='/admin/marks/']"],
      } as Record<string, [string, string]>
    )[username]!;
    await page.goto(list);
    const href = await page.locator(link).first().getAttribute("href", { timeout: 5_000 });
    found.push(...(await violations(page, href!)));
    expect(found).toEqual([]);
  });
}

test("a legal act's confirmation step (shown, not confirmed: nothing is published)", async ({ page }) => {
  await signInAs(page, "approver.hunan");
  await page.goto("/regulator/announcements/new");
  await page.getByLabel("公告编号").fill("无障碍检查（不发布）");
  await page.getByLabel("标题").fill("无障碍检查");
  await page.getByRole("checkbox").first().check();
  await page.getByRole("button", { name: "发布公告" }).click();
  await expect(page.getByRole("region", { name: "请确认：发布公告" })).toBeVisible();
  expect(await violations(page, "")).toEqual([]);
});
