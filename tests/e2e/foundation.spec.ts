import { expect, test } from "@playwright/test";
import { demo, demoEnterprise, freshUscc, signInPage, signOutPage, toFullWidth } from "./helpers.ts";
import { DEMO_BASE } from "./ports.ts";

test("a new enterprise registers, is told exactly what is wrong, signs out and back in", async ({ page }) => {
  const uscc = freshUscc("430923");
  const wrongCheck = uscc.slice(0, 17) + (uscc[17] === "1" ? "2" : "1");
  const username = `e2e.${Date.now().toString(36)}`;
  const password = "black tea from anhua hills";

  await page.goto("/register");
  await expect(page.getByRole("heading", { name: "企业注册" })).toBeVisible();
  await page.getByLabel("统一社会信用代码").fill(wrongCheck);
  await page.getByLabel("企业名称").fill("安化县端到端茶业有限公司");
  await page.getByLabel("用标专员姓名").fill("李测试");
  await page.getByLabel("用标专员手机号").fill("13912345678");
  await page.getByLabel("登录用户名").fill(username);
  await page.getByLabel(/^密码/).fill(password);
  await page.getByLabel("再次输入密码").fill(password);
  await page.getByRole("button", { name: "注册" }).click();

  // Refused with a message that says what is wrong; everything typed (but passwords) is kept.
  await expect(page.getByRole("alert")).toContainText("校验位（第 18 位）不正确");
  await expect(page.getByLabel("统一社会信用代码")).toHaveValue(wrongCheck);
  await expect(page.getByLabel("企业名称")).toHaveValue("安化县端到端茶业有限公司");
  await expect(page.getByLabel("登录用户名")).toHaveValue(username);

  // Full-width, lowercase input of the right code is accepted.
  await page.getByLabel("统一社会信用代码").fill(toFullWidth(uscc.toLowerCase()));
  await page.getByLabel(/^密码/).fill(password);
  await page.getByLabel("再次输入密码").fill(password);
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page.getByText("注册成功，欢迎使用。")).toBeVisible();
  await expect(page.getByRole("heading", { name: "安化县端到端茶业有限公司" })).toBeVisible();
  await expect(page.getByText(uscc, { exact: true })).toBeVisible();
  await expect(page.getByText("湖南省益阳市安化县")).toBeVisible();

  await signOutPage(page);
  await signInPage(page, username, password);
  await expect(page.getByRole("heading", { name: "安化县端到端茶业有限公司" })).toBeVisible();
});

test("five wrong passwords lead to a friendly rate-limit message", async ({ page, request }) => {
  // An account of its own, so the lock does not get in the way of other tests.
  const username = `locked.${Date.now().toString(36)}`;
  const password = "a correct long passphrase";
  const registered = await request.post("/register", {
    form: {
      uscc: freshUscc("611026"),
      name: "柞水县锁定测试有限公司",
      contactName: "赵",
      contactPhone: "13900000009",
      username,
      password,
      passwordConfirm: password,
    },
    headers: { Origin: DEMO_BASE },
    maxRedirects: 0,
  });
  expect(registered.status()).toBe(302);
  const statuses: number[] = [];
  page.on("response", (r) => {
    if (r.request().method() === "POST" && r.url().includes("/login")) statuses.push(r.status());
  });
  for (let i = 1; i <= 4; i++) {
    await signInPage(page, username, `wrong password ${i}`);
    await expect(page.getByRole("alert")).toContainText("用户名或密码错误");
  }
  await signInPage(page, username, "wrong password 5");
  await expect(page.getByRole("alert")).toContainText("尝试次数过多");
  // Even the right password waits until the window has passed.
  await signInPage(page, username, password);
  await expect(page.getByRole("alert")).toContainText("尝试次数过多");
  expect(statuses.at(-1)).toBe(429);
});

test("the demo regulator sees only its own division", async ({ page, browser }) => {
  // Find the Zhashui enterprise's page as Zhashui's regulator…
  const other = await browser.newPage();
  await signInPage(other, demo["regulator.zhashui"]!.username, demo["regulator.zhashui"]!.password);
  const zhashuiName = demoEnterprise("zhashui-1").name;
  // Exactly its name: a missing-report alert on the desk links the same name with more words.
  const zhashuiHref = await other.getByRole("link", { name: zhashuiName, exact: true }).getAttribute("href");
  expect(zhashuiHref).toMatch(/^\/enterprises\//);
  await other.close();

  // …then, as Anhua's regulator, the desk lists Anhua only and the Zhashui page is not found.
  await signInPage(page, demo["regulator.anhua"]!.username, demo["regulator.anhua"]!.password);
  await expect(page.getByRole("heading", { name: "监管工作台" })).toBeVisible();
  await expect(page.getByText("管辖区划：湖南省益阳市安化县")).toBeVisible();
  await expect(page.getByRole("link", { name: demoEnterprise("anhua-1").name, exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: zhashuiName })).toHaveCount(0);
  const rows = page.locator("tbody tr");
  const count = await rows.count();
  for (let i = 0; i < count; i++) await expect(rows.nth(i)).toContainText("安化县");

  const response = await page.goto(zhashuiHref!);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
});

test("the English switch persists across pages and visits", async ({ page, context }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Geographical-indication special marks");
  await page.getByRole("link", { name: "Register an enterprise" }).first().click();
  await expect(page.getByRole("heading", { name: "Register an enterprise" })).toBeVisible();
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  const again = await context.newPage();
  await again.goto("/");
  await expect(again.locator("html")).toHaveAttribute("lang", "en");
  await again.getByRole("button", { name: "中文" }).click();
  await expect(again.locator("html")).toHaveAttribute("lang", "zh-CN");
});

test("pages work at 320 px and without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  await page.goto("/register");
  await page.getByLabel("统一社会信用代码").fill("91430923MA4L0A01X");
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page.getByRole("alert")).toContainText("应为 18 位");
  await expect(page.getByLabel("统一社会信用代码")).toHaveValue("91430923MA4L0A01X");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(overflow).toBe(false);
  await context.close();
});
