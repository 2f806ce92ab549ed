import { expect, test, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import { freshUscc, signInAs, statusOf } from "./helpers.ts";
import { DEMO_BASE } from "./ports.ts";

// Daily-use issue, items 15, 16 and 19: "order labels" on every authorization that may, and a
// chooser at the bare form; the apply form offers only the chosen mark's area and fitting
// routes (without JavaScript too); a brand-new enterprise is not shown a change-request form.

const PDF = Buffer.from("%PDF-1.4\n% e2e document\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

const WORDS = {
  "zh-CN": {
    mark: "地理标志",
    next: "下一步",
    route: "使用途径",
    township: "生产场地所在乡镇（街道）",
    licence: "许可备案号",
    giRoute: "地理标志保护产品批准",
    orderLabels: "申请印制标签",
    noneToOrder: "贵企业目前没有可以申请印制标签的用标资格。",
    why: "只有状态为使用中或整改中的用标资格才能申请印制标签。",
    noneYet: "贵企业还没有用标资格",
    choose: "请选择为哪一项用标资格申请印制标签：",
    notOrderable: "目前不能申请印制标签的用标资格",
    suspended: "暂停使用",
    changeForm: "提交变更申请",
    nothingOnRecord: "贵企业还没有提交过用标申请",
  },
  en: {
    mark: "Mark",
    next: "Next",
    route: "Legal route",
    township: "Township of the production site",
    licence: "Licence filing number",
    giRoute: "GI product approval",
    orderLabels: "Order labels",
    noneToOrder: "Your enterprise has no authorization under which labels may be ordered now.",
    why: "Labels may be ordered only under an authorization that is Active or Rectifying.",
    noneYet: "Your enterprise has no authorization yet",
    choose: "Choose the authorization to order labels under:",
    notOrderable: "Authorizations that cannot order labels now",
    suspended: "Suspended",
    changeForm: "Request a change",
    nothingOnRecord: "Your enterprise has not applied for a mark yet",
  },
} as const;
type Lang = keyof typeof WORDS;

async function newPage(browser: Browser, lang: Lang, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({
    baseURL: DEMO_BASE,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    ...options,
  });
  await context.addCookies([{ name: "lang", value: lang, url: DEMO_BASE }]);
  return context.newPage();
}

async function signedIn(browser: Browser, username: string, lang: Lang = "zh-CN", options: BrowserContextOptions = {}) {
  const page = await newPage(browser, lang, options);
  await signInAs(page, username);
  return page;
}

async function inLanguage(page: Page, lang: Lang) {
  await page.context().addCookies([{ name: "lang", value: lang, url: DEMO_BASE }]);
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", lang);
}

/** Fills a card's fields (by label) and presses its button (the card's own name). */
async function act(page: Page, card: string, fields: Record<string, string> = {}) {
  const region = page.getByRole("region", { name: card, exact: true });
  for (const [label, value] of Object.entries(fields)) await region.getByLabel(new RegExp(`^${label}`)).fill(value);
  await region.getByRole("button", { name: card, exact: true }).click();
}

for (const lang of ["zh-CN", "en"] as const)
  for (const javaScriptEnabled of [true, false])
    test(`apply (${lang}, ${javaScriptEnabled ? "with" : "without"} JavaScript): after choosing 安化黑茶 only its townships, once each, and only fitting routes`, async ({
      browser,
    }) => {
      const w = WORDS[lang];
      const page = await signedIn(browser, "enterprise.demo", lang, { javaScriptEnabled });
      await page.goto("/apply");
      // Step 1 chooses the mark only.
      await expect(page.getByLabel(w.township)).toHaveCount(0);
      await page.getByRole("combobox", { name: w.mark, exact: true }).selectOption("anhua-dark-tea");
      await page.getByRole("button", { name: w.next }).click();
      await expect(page).toHaveURL(/\/apply\?mark=anhua-dark-tea$/);
      await expect(page.getByText("安化黑茶").first()).toBeVisible();

      const townships = await page
        .getByLabel(w.township)
        .locator("option")
        .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
      expect(townships.length).toBeGreaterThan(0);
      // Once each, and all in 安化县 (430923): no other mark's area, no mark's area three times.
      expect(new Set(townships).size).toBe(townships.length);
      expect(townships.every((code) => code.startsWith("430923"))).toBe(true);
      await expect(page.getByLabel(w.township).locator("optgroup")).toHaveCount(0);
      await expect(page.getByLabel(w.township).getByRole("option", { name: "清塘铺镇" })).toHaveCount(1);

      // A protected GI product: its one route, already chosen; no licence fields.
      await expect(page.getByLabel(w.route).locator("option")).toHaveText([w.giRoute]);
      await expect(page.getByLabel(w.route)).toHaveValue("gi_product");
      await expect(page.getByLabel(w.licence)).toHaveCount(0);
      await page.context().close();
    });

test("order labels on each authorization that may, the bare form chooses, and a new enterprise has no change form", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const zh = WORDS["zh-CN"];
  // A brand-new enterprise of 安化县 registers (and is signed in).
  const enterprise = await newPage(browser, "zh-CN");
  const name = `安化县订购测试茶业有限公司${Date.now() % 100000}`;
  const password = "orders under every authorization";
  const registered = await enterprise.context().request.post(`${DEMO_BASE}/register`, {
    form: {
      uscc: freshUscc("430923"),
      name,
      contactName: "周订购",
      contactPhone: "13912340000",
      username: `order.${Date.now().toString(36)}`,
      password,
      passwordConfirm: password,
    },
    headers: { Origin: DEMO_BASE },
    maxRedirects: 0,
  });
  expect(registered.status()).toBe(302);
  const enterpriseUrl = registered.headers()["location"]!.split("?")[0]!;

  // Item 19: nothing to change yet, so no change-request form; it says when one comes.
  for (const lang of ["zh-CN", "en"] as const) {
    const w = WORDS[lang];
    await enterprise.goto(enterpriseUrl);
    await inLanguage(enterprise, lang);
    await expect(enterprise.getByRole("heading", { name })).toBeVisible();
    await expect(enterprise.getByRole("region", { name: w.changeForm })).toHaveCount(0);
    await expect(enterprise.getByRole("button", { name: w.changeForm })).toHaveCount(0);
    await expect(enterprise.getByText(w.nothingOnRecord)).toBeVisible();
    // Item 15: the bare order form says there is nothing to order under, and why.
    await enterprise.goto("/label-orders/new");
    await expect(enterprise.getByRole("heading", { level: 1 })).toHaveText(w.orderLabels);
    await expect(enterprise.getByText(w.noneToOrder)).toBeVisible();
    await expect(enterprise.getByText(w.why)).toBeVisible();
    await expect(enterprise.getByText(w.noneYet)).toBeVisible();
  }
  await inLanguage(enterprise, "zh-CN");

  // It applies for 安化黑茶 and 安化腊肉 (a collective mark: only the member route is offered).
  const applications: string[] = [];
  for (const [mark, route] of [
    ["anhua-dark-tea", "地理标志保护产品批准"],
    ["anhua-larou", "集体商标成员"],
  ] as const) {
    await enterprise.goto("/apply");
    await enterprise.getByRole("combobox", { name: zh.mark, exact: true }).selectOption(mark);
    await enterprise.getByRole("button", { name: zh.next }).click();
    await expect(enterprise.getByLabel(zh.route).locator("option")).toHaveText([route]);
    await enterprise.getByLabel(zh.township).selectOption({ label: "清塘铺镇" });
    await enterprise.getByLabel("产品名称").fill("订购测试产品");
    await enterprise.getByLabel("年产量").fill("5 吨");
    await enterprise
      .getByLabel("营业执照")
      .setInputFiles({ name: "营业执照.pdf", mimeType: "application/pdf", buffer: PDF });
    await enterprise.getByRole("button", { name: "提交申请" }).click();
    await expect(statusOf(enterprise)).toHaveText("已提交");
    applications.push(enterprise.url().split("?")[0]!);
  }
  // Now there is something on record: the change-request form appears.
  await enterprise.goto(enterpriseUrl);
  await expect(enterprise.getByRole("region", { name: zh.changeForm })).toBeVisible();

  // The county accepts and site-checks both; the province approves and announces both.
  const regulator = await signedIn(browser, "regulator.anhua");
  const approver = await signedIn(browser, "approver.hunan");
  for (const url of applications) {
    await regulator.goto(url);
    await act(regulator, "受理");
    await expect(statusOf(regulator)).toHaveText("已受理");
    await regulator
      .getByRole("region", { name: "上传核验报告并提出意见", exact: true })
      .getByLabel("核验报告")
      .setInputFiles({ name: "核验报告.pdf", mimeType: "application/pdf", buffer: PDF });
    await act(regulator, "上传核验报告并提出意见", { "意见 / 理由": "符合要求" });
    await expect(statusOf(regulator)).toHaveText("已核验");
    await approver.goto(url);
    await act(approver, "批准");
    await expect(statusOf(approver)).toHaveText("已批准");
  }
  await approver.goto("/regulator/announcements/new");
  await approver.getByLabel("公告编号").fill(`湘知公告〔2026〕订购${Date.now() % 100000}号`);
  await approver.getByLabel("标题").fill("关于地理标志专用标志合法使用人的公告");
  await approver.getByLabel("公告日期").fill(today());
  await approver.getByRole("checkbox", { name: new RegExp(`安化黑茶 · ${name}`) }).check();
  await approver.getByRole("checkbox", { name: new RegExp(`安化腊肉 · ${name}`) }).check();
  await approver.getByRole("button", { name: "发布公告" }).click();
  await approver.getByRole("button", { name: "确认发布公告" }).click();
  await expect(approver.getByText("公告已发布。")).toBeVisible();

  // The county suspends the 安化腊肉 authorization.
  await regulator.goto(applications[1]!);
  await act(regulator, "暂停使用", { "意见 / 理由": "抽检不合格" });
  await regulator
    .getByRole("region", { name: "请确认：暂停使用" })
    .getByRole("button", { name: "确认暂停使用" })
    .click();
  await expect(statusOf(regulator)).toHaveText("暂停使用");

  for (const lang of ["zh-CN", "en"] as const) {
    const w = WORDS[lang];
    // The enterprise page offers ordering labels on the active authorization only.
    await enterprise.goto(enterpriseUrl);
    await inLanguage(enterprise, lang);
    const tea = enterprise.getByRole("row").filter({ hasText: "安化黑茶" });
    const bacon = enterprise.getByRole("row").filter({ hasText: "安化腊肉" });
    await expect(tea.getByRole("link", { name: w.orderLabels })).toBeVisible();
    await expect(bacon).toContainText(w.suspended);
    await expect(bacon.getByRole("link", { name: w.orderLabels })).toHaveCount(0);

    // The bare form lets the user choose among its own authorizations that may order.
    await enterprise.goto("/label-orders/new");
    await expect(enterprise.getByText(w.choose)).toBeVisible();
    const choices = enterprise.getByRole("main").getByRole("list").first().getByRole("link");
    await expect(choices).toHaveCount(1);
    await expect(choices).toContainText("安化黑茶");
    const notOrderable = enterprise.getByRole("heading", { name: w.notOrderable });
    await expect(notOrderable).toBeVisible();
    await expect(enterprise.getByRole("listitem").filter({ hasText: "安化腊肉" })).toContainText(w.suspended);
    // The demo enterprise's authorizations are not this one's to choose.
    await expect(enterprise.getByText("安化黄精")).toHaveCount(0);
  }

  // Choosing leads to the order form of that authorization.
  await inLanguage(enterprise, "zh-CN");
  await enterprise.getByRole("link", { name: /安化黑茶/ }).click();
  await expect(enterprise.getByRole("heading", { level: 1 })).toHaveText("申请印制标签 · 安化黑茶");
  await expect(enterprise.getByLabel(/^数量/)).toBeVisible();
});
