import { expect, request as playwrightRequest, test } from "@playwright/test";
import { demo, demoEnterprise, signInApi, signInAs, signOutPage, statusOf, switchTo } from "./helpers.ts";
import { DEMO_BASE } from "./ports.ts";
import { formatDate } from "#app/i18n/format.ts";

const BASE = DEMO_BASE;
const PDF = Buffer.from("%PDF-1.4\n% e2e document\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

function daysAgo(n: number) {
  const d = new Date(Date.now() + 8 * 3600_000);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

test("entry and exit: apply, return, correct, accept, site-check, approve, announce, cancel", async ({ page }) => {
  test.setTimeout(120_000);
  const enterpriseName = demoEnterprise("anhua-1").name;
  const uscc = demoEnterprise("anhua-1").uscc;

  // The enterprise applies for 安化黑茶 with its business licence.
  await switchTo(page, "enterprise.demo");
  await page.getByRole("link", { name: "申请用标" }).click();
  await page.getByLabel("地理标志").selectOption({ label: "安化黑茶（地理标志保护产品）" });
  await page.getByRole("button", { name: "下一步" }).click();
  await expect(page.getByLabel("使用途径")).toHaveValue("gi_product");
  await page.getByLabel("生产场地所在乡镇（街道）").selectOption({ label: "清塘铺镇" });
  await page.getByLabel("产品名称").fill("千两茶");
  await page.getByLabel("年产量").fill("50 吨");
  await page.getByLabel("营业执照").setInputFiles({ name: "营业执照.pdf", mimeType: "application/pdf", buffer: PDF });
  await page.getByRole("button", { name: "提交申请" }).click();
  await expect(page.getByText("申请已提交。")).toBeVisible();
  await expect(statusOf(page)).toHaveText("已提交");
  const authorizationUrl = page.url().split("?")[0]!;

  // The county regulator returns it with comments.
  await switchTo(page, "regulator.anhua");
  await expect(page.getByRole("link", { name: "安化黑茶" }).first()).toBeVisible();
  await page.goto(authorizationUrl);
  await expect(page.getByText(/已用 0 \/ 10 个工作日/)).toBeVisible();
  const returnForm = page.getByRole("region", { name: "退回补正", exact: true });
  await returnForm.getByLabel("意见 / 理由").fill("请补充产品检验报告并写明全部产品");
  await returnForm.getByRole("button", { name: "退回补正", exact: true }).click();
  await expect(statusOf(page)).toHaveText("退回补正");

  // The enterprise corrects and resubmits; the first round stays in the history.
  await switchTo(page, "enterprise.demo");
  await page.goto(authorizationUrl);
  await expect(page.getByText("请补充产品检验报告并写明全部产品")).toBeVisible();
  await page.getByLabel("产品名称").fill("千两茶、茯砖茶");
  await page.getByRole("button", { name: "修改后重新提交" }).click();
  await expect(page.getByText("申请已提交。")).toBeVisible();

  // The regulator accepts, uploads the site-check report and recommends.
  await switchTo(page, "regulator.anhua");
  await page.goto(authorizationUrl);
  await page
    .getByRole("region", { name: "受理", exact: true })
    .getByRole("button", { name: "受理", exact: true })
    .click();
  await expect(statusOf(page)).toHaveText("已受理");
  const review = page.getByRole("region", { name: "上传核验报告并提出意见", exact: true });
  await review.getByLabel("核验报告").setInputFiles({ name: "核验报告.pdf", mimeType: "application/pdf", buffer: PDF });
  await review.getByLabel("意见 / 理由").fill("现场核验符合质量技术要求，建议批准");
  await review.getByRole("button", { name: "上传核验报告并提出意见", exact: true }).click();
  await expect(statusOf(page)).toHaveText("已核验");
  await expect(page.getByRole("link", { name: "核验报告.pdf" }).first()).toBeVisible();
  // The history names the report it rests on, never its id (issue 14, item 7).
  const reviewRow = page.getByRole("row").filter({ hasText: "现场核验符合质量技术要求" });
  await expect(reviewRow.getByRole("link", { name: "核验报告.pdf" })).toBeVisible();
  await expect(reviewRow).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-/);

  // The province approves (安化黑茶 is approved at province level) and publishes the announcement.
  await switchTo(page, "approver.hunan");
  await page.goto(authorizationUrl);
  await page
    .getByRole("region", { name: "批准", exact: true })
    .getByRole("button", { name: "批准", exact: true })
    .click();
  await expect(statusOf(page)).toHaveText("已批准");
  await page.goto("/regulator/announcements/new");
  const number = `湘知公告〔2026〕E2E${Date.now() % 100000}号`;
  await page.getByLabel("公告编号").fill(number);
  await page.getByLabel("标题").fill("关于安化黑茶地理标志专用标志合法使用人的公告");
  // Only what the approver ticks is announced (issue 14, item 2).
  const item = page.getByRole("checkbox", { name: new RegExp(`安化黑茶 · ${enterpriseName}`) });
  await item.check();
  // Backdated to 1990: refused, saying from when it may be dated, with what was typed kept.
  await page.getByLabel("公告日期").fill("1990-01-01");
  await page.getByRole("button", { name: "发布公告" }).click();
  await expect(page.getByRole("alert").first()).toContainText(
    new RegExp(`日期不得早于“.+”(获批准|退出)的日期 ${formatDate(daysAgo(0), "zh-CN")}。`),
  );
  await expect(page.getByLabel("公告日期")).toHaveValue("1990-01-01");
  await expect(page.getByLabel("公告编号")).toHaveValue(number);
  await expect(item).toBeChecked();
  await page.getByLabel("公告日期").fill(daysAgo(0));
  await page.getByRole("button", { name: "发布公告" }).click();
  await page.getByRole("button", { name: "确认发布公告" }).click();
  await expect(page.getByText("公告已发布。")).toBeVisible();
  await expect(page.getByRole("cell", { name: enterpriseName })).toBeVisible();

  // The public register shows the enterprise active with the announcement number.
  await signOutPage(page);
  await page.goto("/marks/anhua-dark-tea");
  const row = page.getByRole("row", { name: new RegExp(enterpriseName) });
  await expect(row).toContainText("使用中");
  await expect(row).toContainText(number);
  await page.getByLabel("统一社会信用代码", { exact: true }).fill(uscc);
  await page.getByLabel("日期").fill(daysAgo(0));
  await page.getByRole("button", { name: "查询" }).last().click();
  await expect(page.getByRole("status")).toContainText("有权使用");
  const api = await playwrightRequest.newContext({ baseURL: BASE });
  const active = await (
    await api.get(`/api/v1/registry/authorizations?uscc=${uscc}&mark=anhua-dark-tea&date=${daysAgo(0)}`)
  ).json();
  expect(active).toEqual({ authorized: true, status: "active", since: daysAgo(0), until: null, announcement: number });

  // The regulator cancels it with a reason; a cancellation dated before the announcement is refused.
  await switchTo(page, "regulator.anhua");
  await page.goto(authorizationUrl);
  let cancel = page.getByRole("region", { name: "注销", exact: true });
  await cancel.getByLabel("退出原因").selectOption("violation");
  await cancel.getByLabel("意见 / 理由").fill("超出核准范围使用专用标志");
  await cancel.getByLabel("文书编号").fill("安市监处〔2026〕1号");
  await cancel.getByLabel("生效日期").fill("1990-01-01");
  await cancel.getByRole("button", { name: "注销", exact: true }).click();
  cancel = page.getByRole("region", { name: "注销", exact: true });
  await expect(cancel).toContainText(
    `生效日期不得早于该用标资格上一次状态变化的日期 ${formatDate(daysAgo(0), "zh-CN")}。`,
  );
  await expect(cancel.getByLabel("意见 / 理由")).toHaveValue("超出核准范围使用专用标志");
  await expect(statusOf(page)).toHaveText("使用中");
  await cancel.getByLabel("生效日期").fill("");
  await cancel.getByRole("button", { name: "注销", exact: true }).click();
  await page.getByRole("button", { name: "确认注销" }).click();
  await expect(statusOf(page)).toHaveText("已注销");

  // The register and the API show the exit.
  await signOutPage(page);
  await page.goto("/marks/anhua-dark-tea");
  await expect(page.getByRole("row", { name: new RegExp(enterpriseName) })).toContainText("已注销");

  const after = await (
    await api.get(`/api/v1/registry/authorizations?uscc=${uscc.toLowerCase()}&mark=anhua-dark-tea&date=${daysAgo(0)}`)
  ).json();
  expect(after).toMatchObject({ authorized: false, status: "cancelled", until: daysAgo(0) });
  const bad = await api.get(
    `/api/v1/registry/authorizations?uscc=${uscc.slice(0, 17)}0&mark=anhua-dark-tea&date=2026-01-01&lang=en`,
  );
  expect(bad.status()).toBe(400);
  expect(JSON.stringify(await bad.json())).toContain("check character");
  const users = await (await api.get("/api/v1/marks/anhua-dark-tea/users")).json();
  expect(users.items).toEqual(
    expect.arrayContaining([expect.objectContaining({ uscc, status: "cancelled", announcement: number })]),
  );
  const openapi = await (await api.get("/api/v1/openapi.json")).json();
  expect(Object.keys(openapi.paths)).toEqual(
    expect.arrayContaining(["/api/v1/registry/authorizations", "/api/v1/marks/{slug}/users"]),
  );

  // The public timeline shows entry and exit.
  await page
    .getByRole("row", { name: new RegExp(enterpriseName) })
    .getByRole("link", { name: enterpriseName })
    .click();
  await expect(page.getByText(/安化黑茶 · 公告生效 → 使用中/)).toBeVisible();
  await expect(page.getByText(/安化黑茶 · 注销 → 已注销 · 违规使用/)).toBeVisible();
});

test("a production site outside the protection area is refused, naming the area", async ({ page }) => {
  await signInAs(page, "enterprise.demo");
  await page.goto("/apply");
  await page.getByLabel("地理标志").selectOption({ label: "柞水木耳（地理标志保护产品）" });
  await page.getByRole("button", { name: "下一步" }).click();
  // The form offers only 柞水木耳's own townships; a stale or forged form may still send another.
  await expect(page.getByLabel("生产场地所在乡镇（街道）").getByRole("option", { name: "清塘铺镇" })).toHaveCount(0);
  await page
    .getByLabel("生产场地所在乡镇（街道）")
    .evaluate((select) => select.insertAdjacentHTML("beforeend", '<option value="430923101">清塘铺镇</option>'));
  await page.getByLabel("生产场地所在乡镇（街道）").selectOption({ label: "清塘铺镇" });
  await page.getByLabel("产品名称").fill("木耳");
  await page.getByLabel("年产量").fill("1 吨");
  await page.getByRole("button", { name: "提交申请" }).click();
  await expect(page.getByRole("alert").first()).toContainText(
    "生产场地不在“柞水木耳”的产地范围内。产地范围为：陕西省商洛市柞水县",
  );
  await expect(page.getByLabel("产品名称")).toHaveValue("木耳");
});

test("upload attacks are refused and downloads check permission", async () => {
  const ctx = await playwrightRequest.newContext({ baseURL: BASE });
  expect((await signInApi(ctx, BASE, "enterprise.demo", demo["enterprise.demo"]!.password)).status()).toBe(302);
  const form = (file: { name: string; mimeType: string; buffer: Buffer }) => ({
    markId: "",
    route: "gi_product",
    townshipCode: "430923101",
    products: "茶",
    annualOutput: "1 吨",
    labelManagerName: "张",
    labelManagerPhone: "13800000000",
    business_licence: file,
  });
  const slug = "anhua-dark-tea";
  const apply = await (await ctx.get(`/apply?mark=${slug}`)).text();
  const markId = apply.match(/name="markId" value="([0-9a-f-]{36})"/)![1]!;

  const exe = await ctx.post(`/apply?mark=${slug}`, {
    multipart: {
      ...form({
        name: "licence.pdf",
        mimeType: "application/pdf",
        buffer: Buffer.from("MZ\x90\x00 this is an executable"),
      }),
      markId,
    },
    headers: { Origin: BASE },
  });
  expect(exe.status()).toBe(400);
  expect(await exe.text()).toContain("不是 PDF、JPEG 或 PNG 文件（按文件内容识别）");

  // Large bodies go through Node's fetch: Playwright's request API relays buffers through its driver.
  const cookie = (await ctx.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  const post = async (fileBytes: Buffer) => {
    const body = new FormData();
    for (const [k, v] of Object.entries(form({ name: "x.pdf", mimeType: "application/pdf", buffer: PDF })))
      if (typeof v === "string") body.set(k, v);
    body.set("markId", markId);
    body.set("business_licence", new Blob([new Uint8Array(fileBytes)], { type: "application/pdf" }), "big.pdf");
    return fetch(`${BASE}/apply?mark=${slug}`, {
      method: "POST",
      body,
      headers: { Origin: BASE, Cookie: cookie },
      redirect: "manual",
    });
  };
  // One file over its limit inside a request the server can take: the form comes back (400) naming
  // the file and its limit, the other files kept as drafts (decision 054).
  const big = await post(Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024)]));
  expect(big.status).toBe(400);
  expect(await big.text()).toContain("10 MB");
  const huge = await post(Buffer.alloc(50 * 1024 * 1024));
  expect(huge.status).toBe(413);

  const traversal = await ctx.post(`/apply?mark=${slug}`, {
    multipart: { ...form({ name: "../../etc/passwd.pdf", mimeType: "application/pdf", buffer: PDF }), markId },
    headers: { Origin: BASE },
    maxRedirects: 0,
  });
  expect(traversal.status()).toBe(302);
  const detail = await (await ctx.get(traversal.headers()["location"]!)).text();
  const link = detail.match(/href="(\/documents\/[0-9a-f-]{36})">([^<]+)</)!;
  expect(link[2]).toBe("passwd.pdf");
  const download = await ctx.get(link[1]!);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-disposition"]).toMatch(/^attachment;/);
  expect(download.headers()["content-type"]).toBe("application/pdf");

  const other = await playwrightRequest.newContext({ baseURL: BASE });
  await signInApi(other, BASE, "regulator.zhashui", demo["regulator.zhashui"]!.password);
  expect((await other.get(link[1]!)).status()).toBe(404);
  const anonymous = await playwrightRequest.newContext({ baseURL: BASE });
  expect((await anonymous.get(link[1]!, { maxRedirects: 0 })).status()).toBe(302);
});

test("a regulator sets up a mark and picks its protection area by searching", async ({ page }) => {
  await signInAs(page, "regulator.anhua");
  await page.getByRole("link", { name: "地理标志管理" }).click();
  const form = page.getByRole("region", { name: "新增地理标志" });
  await form.getByLabel(/^标识/).fill("anhua-orange");
  await form.getByLabel(/^名称/).fill("安化柑橘");
  await form.getByLabel(/^类型/).selectOption("regional_brand");
  await form.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("已保存。")).toBeVisible();
  await page.getByLabel("按乡镇名称或代码查找").fill("梅城");
  await page.getByRole("button", { name: "查询" }).click();
  await page.getByLabel(/梅城镇/).check();
  // Without the deciding document nothing is added, and the ticked township stays ticked.
  await page.getByRole("button", { name: "加入产地范围" }).click();
  await expect(page.getByRole("alert")).toContainText("决定文件：此项为必填");
  await expect(page.getByLabel(/梅城镇/)).toBeChecked();
  await page.locator("#add-documentRef").fill("安化县人民政府批复（演示）");
  await page.getByRole("button", { name: "加入产地范围" }).click();
  await expect(page.getByText("共 1 个乡镇（街道）")).toBeVisible();
  await expect(page.getByRole("group", { name: "移出产地范围" })).toContainText("湖南省益阳市安化县梅城镇");

  // The quality requirements document is uploaded here and public on the register page.
  const qualityCard = page.getByRole("region", { name: "质量技术要求文件（PDF、JPEG 或 PNG）" });
  await qualityCard
    .getByLabel("质量技术要求文件（PDF、JPEG 或 PNG）")
    .setInputFiles({ name: "安化柑橘质量技术要求.pdf", mimeType: "application/pdf", buffer: PDF });
  await qualityCard.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("已保存。")).toBeVisible();
  await signOutPage(page);
  await page.goto("/marks/anhua-orange");
  // The public sees the area and the document that decided it.
  await expect(page.getByRole("region", { name: "产地范围" })).toContainText("梅城镇");
  await expect(page.getByRole("table", { name: "产地范围变更记录" })).toContainText("安化县人民政府批复（演示）");
  const download = await page.request.get("/marks/anhua-orange/quality");
  expect(download.status()).toBe(200);
  expect(download.headers()["content-disposition"]).toMatch(/^attachment;/);
  expect((await download.body()).subarray(0, 5).toString()).toBe("%PDF-");
});
