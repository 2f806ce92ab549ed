import { expect, test, type Browser, type Page } from "@playwright/test";
import { encodeCode } from "#app/label-code/code.ts";
import { verificationUrl } from "#app/label/export.server.ts";
import { signInAs } from "./helpers.ts";

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

/** The demo seed lists one code per verdict on the home page. */
async function demoCodes(browser: Browser): Promise<Record<string, string>> {
  const page = await browser.newPage();
  await page.goto("/");
  const links = page.getByRole("region", { name: "演示：扫一扫这些标签" }).getByRole("link");
  const codes: Record<string, string> = {};
  for (const link of await links.all())
    codes[(await link.textContent())!.trim()] = (await link.getAttribute("href"))!.replace("/v/", "");
  await page.close();
  return codes;
}

const verdict = (page: Page) => page.getByRole("heading", { level: 1 });

test("a shopper's phone, JavaScript off: every verdict, counts that add up, and a scan that fits 320 px", async ({
  browser,
  request,
}) => {
  const codes = await demoCodes(browser);
  const genuine = codes["正品"]!;
  // The link is shared in a chat first: the app's link card and a link checker do not count.
  const card = await request.get(`/v/${genuine}`, { headers: { "User-Agent": "TelegramBot (like TwitterBot)" } });
  expect(await card.text()).toContain("正品");
  expect((await request.head(`/V/${genuine}`)).status()).toBe(200);

  const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
  const page = await context.newPage();

  // The QR carries the upper-case URL form.
  const first = await page.goto(`/V/${genuine}`);
  expect(first?.status()).toBe(200);
  expect(first?.headers()["cache-control"]).toBe("no-store");
  expect(first?.headers()["content-security-policy"]).toContain("script-src 'self' 'nonce-");
  const html = await first!.text();
  expect(Buffer.byteLength(html)).toBeLessThan(15 * 1024);
  expect(html).not.toMatch(/<script[^>]+src=/);
  await expect(verdict(page)).toHaveText("正品");
  await expect(page.getByText("HJ-2026-001")).toBeVisible();
  // Other specs may have checked this demo code already: the counts are read, then must add up.
  const counted = page.getByText(/本次是第 \d+ 次查询/);
  await expect(counted).toBeVisible();
  const n = Number((await counted.textContent())!.match(/本次是第 (\d+) 次查询/)![1]);
  const firstTime = (await page.getByText(/首次查询时间/).textContent())!.match(/首次查询时间 (.+)。/)![1];
  // The time reads as on every other page (2026-12-02 07:03, Beijing time).
  expect(firstTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

  await page.goto(`/v/${genuine.toLowerCase()}`);
  await expect(page.getByText(`本次是第 ${n + 1} 次查询：本码已被查询 ${n + 1} 次`)).toBeVisible();
  await expect(page.getByText(`首次查询时间 ${firstTime}`)).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  // English, without counting the scan again.
  await page.getByRole("link", { name: "English" }).click();
  await expect(verdict(page)).toHaveText("Genuine");
  await expect(page.getByText(`has been checked ${n + 1} times`)).toBeVisible();

  await page.goto(`/v/${codes["已作废的标签"]}?lang=zh-CN`);
  await expect(verdict(page)).toHaveText("已作废的标签");
  await page.goto(`/v/${codes["未启用的标签"]}`);
  await expect(verdict(page)).toHaveText("未启用的标签");
  await page.goto(`/v/${codes["正品，但使用人已退出"]}`);
  await expect(verdict(page)).toHaveText("正品，但使用人已退出");
  await expect(page.getByText(/自 2025-06-01 起获准使用，已于 \d{4}-\d{2}-\d{2} 退出（主动申请退出）/)).toBeVisible();
  // Each notice says which act it announced: the grant, not the exit.
  await expect(page.getByText(/已注销，准予使用公告 安化县公告〔2025〕第 \d+ 号/)).toBeVisible();

  await page.goto(`/v/${encodeCode(crypto.getRandomValues(new Uint8Array(16)))}`);
  await expect(verdict(page)).toHaveText("查无此码");
  await expect(page.getByText(/本码已被查询 1 次/)).toBeVisible();
  const typo = genuine.slice(0, 8) + (genuine[8] === "7" ? "8" : "7") + genuine.slice(9);
  await page.goto(`/v/${typo}`);
  await expect(verdict(page)).toHaveText("不是有效的标志码");
  await expect(page.getByText(/校验位不符/)).toBeVisible();
  // The typed code comes back in the box, ready to correct and check again.
  await expect(page.getByRole("textbox", { name: "标志码" })).toHaveValue(typo);
  await page.getByRole("textbox", { name: "标志码" }).fill(genuine);
  await page.getByRole("button", { name: "查询" }).click();
  await expect(verdict(page)).toHaveText("正品");
  await expect(page.getByText(`本次是第 ${n + 2} 次查询`)).toBeVisible();

  const narrow = await browser.newContext({ viewport: { width: 320, height: 640 }, javaScriptEnabled: false });
  const small = await narrow.newPage();
  await small.goto(`/v/${codes["未启用的标签"]}`);
  expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await narrow.close();
  await context.close();
});

test("a report goes from the scan page to the county's queue and is closed with an outcome the reporter can see", async ({
  browser,
}) => {
  const codes = await demoCodes(browser);
  const phone = await browser.newContext(PHONE);
  const page = await phone.newPage();
  await page.goto(`/v/${codes["已作废的标签"]}`);
  await page.getByRole("link", { name: "举报疑似假冒" }).click();
  await expect(page.getByLabel(/^标志码/)).toHaveValue(codes["已作废的标签"]!);
  await page.getByLabel(/^发现的问题/).selectOption("fake_label");
  await page.getByLabel(/^具体情况/).fill("扫码显示已作废，但在店里当正品卖");
  await page.getByLabel(/^店名和地址，或网店链接/).fill("安化县东坪镇（演示）黄精专卖店");
  // The picker offers what the label says: photos, not PDFs.
  await expect(page.getByLabel(/^照片/)).toHaveAttribute("accept", "image/jpeg,image/png");
  await page.getByLabel(/^照片/).setInputFiles({ name: "shop.png", mimeType: "image/png", buffer: PNG });
  await page.getByRole("button", { name: "提交举报" }).click();
  await expect(page.getByText(/举报已受理。您的受理编号是 JB-/)).toBeVisible();
  const ticket = (await page.getByText(/您的受理编号是/).textContent())!.match(/JB-\d{8}-[0-9A-Z]{8}/)![0];
  await expect(page.getByTestId("report-status")).toHaveText("已受理，等待分派");

  const desk = await browser.newContext();
  const regulator = await desk.newPage();
  await signInAs(regulator, "regulator.anhua");
  await regulator.goto("/regulator/reports");
  await regulator.getByRole("link", { name: ticket }).click();
  await expect(regulator.getByText("已作废的标签")).toBeVisible();
  await regulator.getByRole("button", { name: "分派" }).click();
  await expect(regulator.getByText("已分派给办理人员")).toBeVisible();
  await regulator.getByRole("button", { name: "开始调查" }).click();
  await expect(regulator.getByText("调查中", { exact: true })).toBeVisible();
  // Closing without a note keeps the choice and says what is missing.
  await regulator.getByLabel(/^办理结果/).selectOption("confirmed_fake");
  await regulator.getByRole("button", { name: "办结" }).click();
  await expect(regulator.getByLabel(/^办理结果/)).toHaveValue("confirmed_fake");
  await regulator.getByLabel(/^办理说明/).fill("现场查获已作废标签 12 枚，已立案");
  await regulator.getByRole("button", { name: "办结" }).click();
  await expect(regulator.getByText(/已办结 · 查实为假冒/)).toBeVisible();
  await desk.close();

  await page.goto(`/reports/status?ticket=${ticket.toLowerCase()}`);
  await expect(page.getByTestId("report-status")).toHaveText("已办结");
  await expect(page.getByText("查实为假冒")).toBeVisible();
  await expect(page.getByText("现场查获")).toHaveCount(0);
  await phone.close();
});

test("the JSON verdict for platforms, and the manual entry page", async ({ request, page }) => {
  const response = await request.get(`/api/v1/verify/${encodeCode(crypto.getRandomValues(new Uint8Array(16)))}`);
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body).toMatchObject({ verdict: "not_found", scans: { count: 1 }, mark: null });
  expect(JSON.stringify(body)).not.toMatch(/127\.0\.0|network|userAgent/i);
  const openapi = await (await request.get("/api/v1/openapi.json")).json();
  expect(Object.keys(openapi.paths)).toContain("/api/v1/verify/{code}");

  // A QR URL whose check character had to be escaped (~ → %7E, = → %3D) still reads as a code.
  let special = "";
  while (!/[~=]$/.test(special)) special = encodeCode(crypto.getRandomValues(new Uint8Array(16)));
  await page.goto(verificationUrl("", special));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("查无此码");

  await page.goto("/v");
  await expect(page.getByRole("heading", { name: "手工输入标志码查询" })).toBeVisible();
  await page.getByRole("textbox", { name: "标志码" }).fill("１２３");
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page.getByText("标志码应为 27 位，您输入的是 3 位。", { exact: false })).toBeVisible();
});
