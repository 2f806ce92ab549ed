import { expect, test, type Browser } from "@playwright/test";
import { demo, freshUscc, signInPage } from "./helpers.ts";
import { DEMO_BASE } from "./ports.ts";

// Decision 051: a platform files a suspicious listing through the API; the county regulator sees
// it flagged in the case queue, sends a takedown request only after confirming it, and the
// platform's answer shows on the case, in Chinese and in English.
async function signedIn(browser: Browser, username: string, lang = "zh-CN") {
  const context = await browser.newContext({ baseURL: DEMO_BASE, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  await context.addCookies([{ name: "lang", value: lang, url: DEMO_BASE }]);
  const page = await context.newPage();
  await signInPage(page, username, demo[username]!.password);
  return page;
}

test("a regulator sends a platform a takedown request after confirming it; the answer shows on the case", async ({
  browser,
  playwright,
}) => {
  const admin = await signedIn(browser, "admin");
  await admin.goto("/admin/api-clients");
  await admin.getByLabel("客户端名称").fill("某网店平台");
  await admin.getByLabel("联系人及联系方式").fill("李四 13900000001");
  await admin.getByRole("checkbox", { name: "批量核对用标资格" }).uncheck();
  await admin.getByRole("checkbox", { name: "订阅登记变更通知" }).uncheck();
  await admin.getByRole("checkbox", { name: "报送可疑网店线索" }).check();
  await admin.getByRole("checkbox", { name: "接收并答复下架通知" }).check();
  await admin.getByRole("button", { name: "登记客户端" }).click();
  await expect(admin.getByRole("heading", { name: "已登记“某网店平台”。" })).toBeVisible();
  const token = (await admin.locator("dd.code").first().textContent())!.trim();
  await admin.context().close();

  const platform = await playwright.request.newContext({
    baseURL: DEMO_BASE,
    extraHTTPHeaders: { Authorization: `Bearer ${token}` },
  });
  const filed = await platform.post("/api/v1/listing-reports", {
    data: {
      shopName: "黑茶特卖小店",
      sellerUscc: freshUscc(),
      listingUrl: "https://shop.example.com/item/2026",
      mark: "anhua-dark-tea",
      description: "商品详情页使用安化黑茶专用标志",
    },
  });
  expect(filed.status()).toBe(201);
  const { id, ticket, flagged } = (await filed.json()) as { id: string; ticket: string; flagged: boolean };
  expect(flagged).toBe(true);

  const regulator = await signedIn(browser, "regulator.anhua");
  await regulator.goto("/regulator/reports?kind=listing");
  const row = regulator.getByRole("row", { name: new RegExp(ticket) });
  await expect(row).toContainText("网店线索");
  await expect(row).toContainText("需关注：卖家未获该地理标志使用资格");
  await row.getByRole("link", { name: ticket }).click();
  await expect(regulator.getByRole("alert").filter({ hasText: "需关注" })).toBeVisible();
  // A listing case is called what it is, not a consumer's report of a fake.
  await expect(regulator.getByRole("heading", { level: 1 })).toHaveText(`平台网店线索 · ${ticket}`);
  await expect(regulator).toHaveTitle(new RegExp(`^平台网店线索 · ${ticket}`));

  const takedowns = regulator.getByRole("region", { name: "下架通知" });
  await expect(takedowns).toContainText("尚未发送下架通知。");
  await takedowns.getByLabel("法律依据").selectOption("gi_special_mark_measures");
  await takedowns.getByLabel("证据与理由").fill("店铺非安化黑茶合法使用人，截图见线索");
  await takedowns.getByRole("button", { name: "发送下架通知" }).click();

  // The first press only previews: nothing reaches the platform yet.
  const confirm = regulator.getByRole("region", { name: "请确认：发送下架通知" });
  await expect(confirm).toContainText("《地理标志专用标志使用管理办法（试行）》");
  await expect(confirm).toContainText("https://shop.example.com/item/2026");
  const before = await platform.get("/api/v1/takedown-requests");
  expect(((await before.json()) as { takedown_requests: unknown[] }).takedown_requests).toEqual([]);
  await confirm.getByRole("button", { name: "确认发送下架通知" }).click();
  await expect(regulator.getByText("下架通知已发送，等待平台答复。")).toBeVisible();
  await expect(regulator.getByRole("region", { name: "下架通知" })).toContainText("等待平台答复");
  // While the platform has not answered, the page says so instead of offering a second request.
  const waiting = regulator.getByRole("region", { name: "下架通知" });
  await expect(waiting.getByRole("status")).toContainText("向“某网店平台”发送下架通知，正在等待平台答复");
  await expect(waiting.getByRole("button", { name: "发送下架通知" })).toHaveCount(0);
  await expect(waiting.getByLabel("证据与理由")).toHaveCount(0);

  const pending = (await (await platform.get("/api/v1/takedown-requests")).json()) as {
    takedown_requests: { id: string; case_ticket: string }[];
  };
  expect(pending.takedown_requests.map((r) => r.case_ticket)).toEqual([ticket]);
  const answered = await platform.post(`/api/v1/takedown-requests/${pending.takedown_requests[0]!.id}/answer`, {
    data: { outcome: "removed", note: "已下架并警告店铺" },
  });
  expect(answered.status()).toBe(200);
  await regulator.reload();
  await expect(regulator.getByRole("region", { name: "下架通知" })).toContainText("平台已下架");
  await expect(regulator.getByRole("region", { name: "下架通知" })).toContainText("已下架并警告店铺");
  // The history tells the exchange in order with the case's own steps.
  const history = regulator.getByRole("list", { name: "处理记录" }).getByRole("listitem");
  await expect(history).toHaveCount(3);
  await expect(history.nth(0)).toContainText("受理");
  await expect(history.nth(1)).toContainText("向“某网店平台”发送下架通知");
  await expect(history.nth(2)).toContainText("平台答复：已下架 · 某网店平台 · 已下架并警告店铺");

  // The same case in English: every word the exchange uses exists.
  const english = await signedIn(browser, "regulator.anhua", "en");
  await english.goto(`/regulator/reports/${id}`);
  await expect(english.getByRole("heading", { level: 1 })).toHaveText(`Platform listing report · ${ticket}`);
  const exchange = english.getByRole("region", { name: "Takedown requests" });
  await expect(exchange).toContainText("Removed by the platform");
  await expect(exchange).toContainText("Measures for the Administration of the Use of the GI Special Mark (Trial)");
  await expect(english.getByText("Attention: The seller is not authorized for this mark")).toBeVisible();
  await expect(english.getByText("Listing report", { exact: true })).toBeVisible();
  await platform.dispose();
});
