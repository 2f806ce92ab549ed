import { expect, test } from "@playwright/test";
import { demoEnterprise, signInAs } from "./helpers.ts";
import { DEMO_PORT } from "./ports.ts";

// Decision 047: an administrator registers a platform, hands over its token once, and the
// platform checks sellers with it; the page works in both languages and on a phone.
test("the administrator registers a platform; its token checks sellers and stops working once revoked", async ({
  page,
  playwright,
}) => {
  // The platform calls from its own servers: no browser, no session cookie.
  const platform = await playwright.request.newContext({ baseURL: `http://localhost:${DEMO_PORT}` });
  await signInAs(page, "admin");
  await page.goto("/admin/api-clients");
  await expect(page.getByRole("heading", { name: "接口客户端", level: 1 })).toBeVisible();
  // The page says what clients do, listings and takedowns included, and links the API's description.
  await expect(page.getByText(/报送可疑网店线索，并接收和答复监管部门的下架通知/)).toBeVisible();
  const reference = page.getByRole("link", { name: "接口说明（OpenAPI 文档）" });
  const document = await platform.get((await reference.getAttribute("href"))!);
  expect(document.status()).toBe(200);
  const openApi = (await document.json()) as { info: { description: string }; paths: Record<string, unknown> };
  expect(openApi.info.description).toMatch(/listings\.report[\s\S]*takedowns/);
  expect(Object.keys(openApi.paths)).toEqual(expect.arrayContaining(["/api/v1/takedown-requests"]));
  // Nothing chosen is refused, with what was typed kept.
  await page.getByLabel("联系人及联系方式").fill("张三 13900000000");
  await page.getByRole("checkbox", { name: "批量核对用标资格" }).uncheck();
  await page.getByRole("checkbox", { name: "订阅登记变更通知" }).uncheck();
  await page.getByRole("button", { name: "登记客户端" }).click();
  await expect(page.getByLabel("联系人及联系方式")).toHaveValue("张三 13900000000");
  await expect(page.getByRole("alert").first()).toBeVisible();

  await page.getByLabel("客户端名称").fill("某电商平台");
  await page.getByRole("checkbox", { name: "批量核对用标资格" }).check();
  await page.getByRole("button", { name: "登记客户端" }).click();
  await expect(page.getByRole("heading", { name: "已登记“某电商平台”。" })).toBeVisible();
  await expect(page.getByText("离开本页后不再显示")).toBeVisible();
  const token = (await page.locator("dd.code").first().textContent())!.trim();
  expect(token).toMatch(/^gik_/);
  // Granted no webhooks, the client is handed no signing secret.
  await expect(page.getByText("通知签名密钥")).toHaveCount(0);
  // After success the form starts empty again, so the same platform is not registered twice by mistake.
  await expect(page.getByLabel("客户端名称")).toHaveValue("");
  await expect(page.getByLabel("联系人及联系方式")).toHaveValue("");

  const uscc = demoEnterprise("anhua-1").uscc;
  const check = await platform.post("/api/v1/registry/checks", {
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    data: {
      rows: [
        { uscc, mark: "anhua-dark-tea" },
        { uscc: `${uscc.slice(0, 17)}Y`, mark: "anhua-dark-tea" },
      ],
    },
  });
  expect(check.status()).toBe(200);
  const answers = (await check.json()) as { results: { valid: boolean; authorized?: boolean }[] };
  expect(answers.results.map((r) => r.valid)).toEqual([true, false]);

  // Reloaded, the page never shows the token again.
  await page.goto("/admin/api-clients");
  await expect(page.getByText(token)).toHaveCount(0);
  const row = page.getByRole("row", { name: /某电商平台/ });
  await row.getByLabel("吊销原因").fill("合作结束");
  await row.getByRole("button", { name: /吊销/ }).click();
  await expect(page.getByText("已吊销“某电商平台”。")).toBeVisible();
  const refused = await platform.post("/api/v1/registry/checks", {
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    data: { rows: [] },
  });
  expect(refused.status()).toBe(401);
  await platform.dispose();
});

test("in English on a phone, the page reads in English and fits the screen", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: "en" });
  await context.addCookies([{ name: "lang", value: "en", url: `http://localhost:${DEMO_PORT}` }]);
  const page = await context.newPage();
  await signInAs(page, "admin");
  await page.goto("/admin/api-clients");
  await expect(page.getByRole("heading", { name: "API clients", level: 1 })).toBeVisible();
  await expect(page).toHaveTitle(/API clients/);
  await expect(page.getByRole("checkbox", { name: "Bulk authorization checks" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Notifications that failed to arrive" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await context.close();
});

test("nobody but an administrator opens the API clients page", async ({ page }) => {
  await signInAs(page, "regulator.anhua");
  const response = await page.goto("/admin/api-clients");
  expect(response?.status()).toBe(403);
});
