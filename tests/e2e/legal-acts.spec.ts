import { expect, test, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import { demoEnterprise, signInAs, statusOf } from "./helpers.ts";
import { DEMO_BASE } from "./ports.ts";
import { formatDate } from "#app/i18n/format.ts";

// Issue 14, items 1–4: legal acts ask first (in the reader's language, without JavaScript too),
// an announcement holds only what was picked, a refused action shows the record as it is now,
// and a label order offers only what the server accepts.

const PDF = Buffer.from("%PDF-1.4\n% e2e document\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

function today() {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

async function signedIn(browser: Browser, username: string, options: BrowserContextOptions = {}, lang = "zh-CN") {
  const context = await browser.newContext({
    baseURL: DEMO_BASE,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    ...options,
  });
  await context.addCookies([{ name: "lang", value: lang, url: DEMO_BASE }]);
  const page = await context.newPage();
  await signInAs(page, username);
  return page;
}

/** Fills a card's fields (by label) and presses its button (the card's own name). */
async function act(page: Page, card: string, fields: Record<string, string> = {}) {
  const region = page.getByRole("region", { name: card, exact: true });
  for (const [label, value] of Object.entries(fields)) {
    const input = region.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    if ((await input.evaluate((el) => el.tagName)) === "SELECT") await input.selectOption(value);
    else await input.fill(value);
  }
  await region.getByRole("button", { name: card, exact: true }).click();
}

test("legal acts ask first; announcements hold only what was picked; refusals show the record as it is now", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const enterpriseName = demoEnterprise("anhua-1").name;
  const otherExit = demoEnterprise("anhua-3").name; // its 安化黄精 cancellation awaits an announcement (seed)

  // 安化县云岭茶业 applies for 安化腊肉; the county accepts and site-checks; the province approves.
  const enterprise = await signedIn(browser, "enterprise.demo");
  await enterprise.goto("/apply");
  await enterprise.getByLabel("地理标志").selectOption({ label: "安化腊肉（集体商标）" });
  await enterprise.getByRole("button", { name: "下一步" }).click();
  await enterprise.getByLabel("使用途径").selectOption("collective_member");
  await enterprise.getByLabel("生产场地所在乡镇（街道）").selectOption({ label: "清塘铺镇" });
  await enterprise.getByLabel("产品名称").fill("柴火腊肉");
  await enterprise.getByLabel("年产量").fill("5 吨");
  await enterprise
    .getByLabel("营业执照")
    .setInputFiles({ name: "营业执照.pdf", mimeType: "application/pdf", buffer: PDF });
  await enterprise.getByRole("button", { name: "提交申请" }).click();
  await expect(statusOf(enterprise)).toHaveText("已提交");
  const authorizationUrl = enterprise.url().split("?")[0]!;

  const regulator = await signedIn(browser, "regulator.anhua");
  await regulator.goto(authorizationUrl);
  await act(regulator, "受理");
  await expect(statusOf(regulator)).toHaveText("已受理");
  await regulator
    .getByRole("region", { name: "上传核验报告并提出意见", exact: true })
    .getByLabel("核验报告")
    .setInputFiles({ name: "核验报告.pdf", mimeType: "application/pdf", buffer: PDF });
  await act(regulator, "上传核验报告并提出意见", { "意见 / 理由": "符合要求" });
  await expect(statusOf(regulator)).toHaveText("已核验");

  const approver = await signedIn(browser, "approver.hunan");
  await approver.goto(authorizationUrl);
  await act(approver, "批准");
  await expect(statusOf(approver)).toHaveText("已批准");

  // Item 2: nothing is pre-ticked, though another enterprise's exit is waiting too.
  await approver.goto("/regulator/announcements/new");
  const ours = approver.getByRole("checkbox", { name: new RegExp(`安化腊肉 · ${enterpriseName}`) });
  await expect(ours).toBeVisible();
  await expect(approver.getByRole("checkbox", { name: new RegExp(otherExit) })).toBeVisible();
  await expect(approver.getByRole("checkbox", { checked: true })).toHaveCount(0);
  const number = `湘知公告〔2026〕确认${Date.now() % 100000}号`;
  const fillAnnouncement = async () => {
    await approver.getByLabel("公告编号").fill(number);
    await approver.getByLabel("标题").fill("关于安化腊肉集体商标合法使用人的公告");
    await approver.getByLabel("公告日期").fill(today());
    await ours.check();
    await approver.getByRole("button", { name: "发布公告" }).click();
  };
  await fillAnnouncement();
  // The preview lists exactly the one item, its count, the number and the date.
  const preview = approver.getByRole("region", { name: "请确认：发布公告" });
  await expect(preview.getByRole("table")).toContainText("共 1 项");
  await expect(preview.getByRole("row")).toHaveCount(2);
  await expect(preview.getByRole("row").nth(1)).toContainText(enterpriseName);
  await expect(preview.getByRole("row").nth(1)).toContainText("安化腊肉");
  await expect(preview.getByRole("row").nth(1)).toContainText("准予使用：已批准 → 使用中");
  await expect(preview).not.toContainText(otherExit);
  await expect(preview).toContainText(number);
  await expect(preview).toContainText(formatDate(today(), "zh-CN"));
  await expect(preview).toContainText("公告将在公告栏公开");
  // Cancelling publishes nothing.
  await preview.getByRole("link", { name: "取消" }).click();
  await expect(approver.getByRole("checkbox", { checked: true })).toHaveCount(0);
  await expect(ours).toBeVisible();
  expect(await (await approver.request.get("/announcements")).text()).not.toContain(number);
  await fillAnnouncement();
  await approver.getByRole("button", { name: "确认发布公告" }).click();
  await expect(approver.getByText("公告已发布。")).toBeVisible();
  await expect(approver.getByRole("cell", { name: enterpriseName })).toBeVisible();
  await expect(approver.getByRole("cell", { name: otherExit })).toHaveCount(0);

  // Labels for the new user: ordered, approved, printed, received.
  await enterprise.goto(authorizationUrl);
  await expect(statusOf(enterprise)).toHaveText("使用中");
  await enterprise.getByRole("link", { name: "申请印制标签" }).click();
  await enterprise.getByLabel(/^数量/).fill("20");
  await enterprise.getByLabel(/^标签规格/).fill("方形 20 mm");
  await enterprise.getByLabel(/^拟用于的产品/).fill("柴火腊肉");
  await enterprise.getByLabel(/^印制单位/).selectOption({ label: "益阳市资江印务有限公司（虚构）" });
  await enterprise.getByRole("button", { name: "提交印制申请" }).click();
  await expect(statusOf(enterprise)).toHaveText(/待审批|已发码，待印制/);
  const orderUrl = enterprise.url().split("?")[0]!;
  if ((await statusOf(enterprise).textContent()) === "待审批") {
    await regulator.goto(orderUrl);
    await act(regulator, "批准并发码");
    await expect(statusOf(regulator)).toHaveText("已发码，待印制");
  }
  const printer = await signedIn(browser, "printer.demo");
  await printer.goto(orderUrl);
  await act(printer, "登记印制结果并发货", { 印制合格数: "20" });
  await expect(statusOf(printer)).toHaveText("已印制发货");
  await enterprise.goto(orderUrl);
  await act(enterprise, "确认签收");
  await expect(statusOf(enterprise)).toHaveText("已签收");
  await expect(enterprise.getByRole("region", { name: "新建产品批次", exact: true })).toBeVisible();
  const firstSerial = (await enterprise.locator("dd.code").last().textContent())!.split(" — ")[0]!.trim();
  // A second tab on the order, left open from before the exit (item 4).
  const staleOrder = await enterprise.context().newPage();
  await staleOrder.goto(orderUrl);
  await expect(staleOrder.getByRole("region", { name: "新建产品批次", exact: true })).toBeVisible();

  // Item 1, without JavaScript: suspending asks first, says what changes; cancelling changes nothing.
  const noScript = await signedIn(browser, "regulator.anhua", { javaScriptEnabled: false });
  await noScript.goto(authorizationUrl);
  await act(noScript, "暂停使用", { "意见 / 理由": "抽检不合格" });
  let confirm = noScript.getByRole("region", { name: "请确认：暂停使用" });
  await expect(confirm).toContainText(enterpriseName);
  await expect(confirm).toContainText("安化腊肉");
  await expect(confirm).toContainText("使用中 → 暂停使用");
  await expect(confirm).toContainText("意见 / 理由：抽检不合格");
  await expect(confirm).toContainText(formatDate(today(), "zh-CN"));
  await expect(confirm).toContainText("公开登记簿将显示“暂停使用”");
  await confirm.getByRole("link", { name: "取消" }).click();
  await expect(statusOf(noScript)).toHaveText("使用中");
  await act(noScript, "暂停使用", { "意见 / 理由": "抽检不合格" });
  confirm = noScript.getByRole("region", { name: "请确认：暂停使用" });
  await confirm.getByRole("button", { name: "确认暂停使用" }).click();
  await expect(noScript.getByText("已暂停使用。")).toBeVisible();
  await expect(statusOf(noScript)).toHaveText("暂停使用");

  // Item 3: a second tab still shows the suspended authorization with 恢复使用…
  const staleTab = await regulator.context().newPage();
  await staleTab.goto(authorizationUrl);
  await expect(staleTab.getByRole("region", { name: "恢复使用", exact: true })).toBeVisible();

  // …while the cancellation is confirmed in English (the key words checked).
  const english = await signedIn(browser, "regulator.anhua", {}, "en");
  await english.goto(authorizationUrl);
  await act(english, "Revoke authorization", {
    "Exit reason": "violation",
    "Comment / reason": "Used beyond the approved scope",
  });
  confirm = english.getByRole("region", { name: "Please confirm: Revoke authorization" });
  await expect(confirm).toContainText(enterpriseName);
  await expect(confirm).toContainText("安化腊肉");
  await expect(confirm).toContainText("Suspended → Revoked");
  await expect(confirm).toContainText("Exit reason: Violation");
  await expect(confirm).toContainText("Effective date");
  await expect(confirm).toContainText(formatDate(today(), "en"));
  await expect(confirm).toContainText("What the public will see");
  await expect(confirm).toContainText("The public register will show the enterprise as Revoked");
  await expect(confirm.getByRole("link", { name: "Go back, change nothing" })).toBeVisible();
  await confirm.getByRole("button", { name: "Confirm: Revoke authorization" }).click();
  await expect(statusOf(english)).toHaveText("Revoked");
  // The success message names the legal act, not a dialog's "Cancel".
  await expect(english.getByRole("status").filter({ hasText: "Authorization revoked." })).toBeVisible();

  // The stale tab's 恢复使用 is refused, and the page now shows 已注销 with nothing left to do.
  await act(staleTab, "恢复使用", { "意见 / 理由": "整改完毕" });
  await expect(staleTab.getByRole("alert").first()).toContainText("该记录已被他人修改");
  await expect(statusOf(staleTab)).toHaveText("已注销");
  await expect(staleTab.getByRole("region", { name: "恢复使用", exact: true })).toHaveCount(0);
  await expect(staleTab.getByRole("heading", { name: "可办理的操作" })).toHaveCount(0);

  // Item 4: the order page opened before the cancellation: its new batch is refused in words…
  await act(staleOrder, "新建产品批次", {
    产品: "柴火腊肉",
    批号: "LR-2026-12",
    生产日期: "2026-11-01",
    批次数量: "10",
  });
  await expect(staleOrder.getByRole("alert").first()).toContainText("用标资格当前状态（已注销）下不能申请或领用标签");
  await expect(staleOrder.getByRole("alert").first()).not.toContainText("cancelled");
  // …and the page now offers only voiding, which the server still accepts.
  await expect(staleOrder.getByRole("region", { name: "新建产品批次", exact: true })).toHaveCount(0);
  await expect(staleOrder.getByRole("region", { name: "按序号领用", exact: true })).toHaveCount(0);
  await enterprise.goto(orderUrl);
  await expect(enterprise.getByRole("region", { name: "新建产品批次", exact: true })).toHaveCount(0);
  await act(enterprise, "按序号作废", { 起始序号: firstSerial, 结束序号: firstSerial, 作废原因: "lost" });
  confirm = enterprise.getByRole("region", { name: "请确认：按序号作废" });
  await expect(confirm).toContainText(`作废 1 枚标签：${firstSerial} — ${firstSerial}`);
  await expect(confirm).toContainText("作废原因：丢失");
  await expect(confirm).toContainText("扫描这些标签将显示“已作废的标签”");
  await expect(enterprise.locator('td[data-figure="voided"]')).toHaveText("0");
  await confirm.getByRole("button", { name: "确认按序号作废" }).click();
  await expect(enterprise.getByText("已作废 1 枚标签。")).toBeVisible();
  await expect(enterprise.locator('td[data-figure="voided"]')).toHaveText("1");

  // The enterprise applies again, then withdraws: asked first too, and nothing public changes.
  await enterprise.goto("/apply");
  await enterprise.getByLabel("地理标志").selectOption({ label: "安化腊肉（集体商标）" });
  await enterprise.getByRole("button", { name: "下一步" }).click();
  await enterprise.getByLabel("使用途径").selectOption("collective_member");
  await enterprise.getByLabel("生产场地所在乡镇（街道）").selectOption({ label: "清塘铺镇" });
  await enterprise.getByLabel("产品名称").fill("烟熏腊肉");
  await enterprise.getByLabel("年产量").fill("2 吨");
  await enterprise
    .getByLabel("营业执照")
    .setInputFiles({ name: "营业执照.pdf", mimeType: "application/pdf", buffer: PDF });
  await enterprise.getByRole("button", { name: "提交申请" }).click();
  await expect(statusOf(enterprise)).toHaveText("已提交");
  await act(enterprise, "撤回 / 退出");
  confirm = enterprise.getByRole("region", { name: "请确认：撤回 / 退出" });
  await expect(confirm).toContainText("已提交 → 已撤回");
  await expect(confirm).toContainText("退出原因：主动申请退出");
  await expect(confirm).toContainText("不在公开登记簿中显示");
  await confirm.getByRole("link", { name: "取消" }).click();
  await expect(statusOf(enterprise)).toHaveText("已提交");
  await act(enterprise, "撤回 / 退出");
  await enterprise.getByRole("button", { name: "确认撤回 / 退出" }).click();
  await expect(statusOf(enterprise)).toHaveText("已撤回");
});

test("a form left open while another account signed in elsewhere is refused, then judged as the new account", async ({
  browser,
}) => {
  // One browser, two tabs: the clerk of 安化 leaves a form open; a colleague signs in as 柞水.
  const anhua = await signedIn(browser, "regulator.anhua");
  await anhua.goto("/regulator/inspections");
  await expect(anhua.getByRole("banner")).toContainText("安化县市场监管局（演示）");
  const other = await anhua.context().newPage();
  await signInAs(other, "regulator.zhashui");
  await other.close();

  await anhua.getByLabel(/^任务名称/).fill("留在旧标签页里的抽查任务");
  await anhua.getByRole("checkbox", { name: "安化黄精" }).check();
  await anhua.getByRole("button", { name: "公布任务并等待抽取" }).click();
  // Nothing is done in a name the clerk did not see: refused, what was typed kept, and the
  // header now says who is signed in.
  await expect(anhua.getByRole("alert")).toContainText(
    "本页是以另一个账号打开的，这个浏览器现在登录的是“柞水县市场监管局（演示）”",
  );
  await expect(anhua.getByLabel(/^任务名称/)).toHaveValue("留在旧标签页里的抽查任务");
  await expect(anhua.getByRole("banner")).toContainText("柞水县市场监管局（演示）");
  await expect(anhua.getByRole("banner")).not.toContainText("安化县市场监管局（演示）");
  // Sent again knowingly, it is judged as 柞水's: 安化黄精 is not a mark 柞水 supervises.
  await anhua.getByRole("button", { name: "公布任务并等待抽取" }).click();
  await expect(anhua.getByRole("alert")).toContainText("请至少选择一个您负责的地理标志。");
  await expect(anhua.getByRole("alert")).not.toContainText("本页是以另一个账号打开的");
  await anhua.context().close();
});

test("a form sent after the session ended says on the sign-in page that it was not saved", async ({ browser }) => {
  const page = await signedIn(browser, "regulator.anhua", {}, "en");
  await page.goto("/regulator/inspections");
  await page.getByLabel(/^Campaign title/).fill("Sent after signing out elsewhere");
  // Signed out in another tab of the same browser.
  const other = await page.context().newPage();
  await other.goto("/account");
  await other.getByRole("button", { name: "Sign out" }).click();
  await other.close();
  await page.getByRole("button", { name: "Announce and await the draw" }).click();
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
  await expect(page.getByRole("status")).toHaveText(
    "You were no longer signed in, so what you just submitted was not saved. Sign in and submit it again.",
  );
  await page.context().close();
});
