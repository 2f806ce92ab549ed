import { expect, test } from "@playwright/test";
import { demoEnterprise, signInAs, switchTo } from "./helpers.ts";

const csvLines = (text: string) =>
  text
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n");
const inDays = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

test("an alert from the scan log: evidence, a scan that adds to it, taken and resolved with a reason that is audited", async ({
  page,
}) => {
  await switchTo(page, "regulator.anhua");
  await page.goto("/regulator/alerts");
  await expect(page.getByRole("heading", { name: "预警与待处理提示" })).toBeVisible();
  await page.getByRole("link", { name: "标签查询次数异常" }).first().click();
  await expect(page.getByText(/该标签已被查询 \d+ 次，超过本标志设定的 5 次。/)).toBeVisible();
  const before = Number(await page.locator("dl.facts dt:has-text('次数') + dd").textContent());
  const code = (await page.locator("dl.facts dt:has-text('对象') + dd").textContent())!.trim();
  expect(await page.locator("table tbody tr").count()).toBe(before);

  // A shopper checks the same label once more; the job adds it to the same alert within seconds.
  expect((await page.request.get(`/v/${code}`)).status()).toBe(200);
  await expect(async () => {
    await page.reload();
    expect(Number(await page.locator("dl.facts dt:has-text('次数') + dd").textContent())).toBe(before + 1);
  }).toPass({ timeout: 15_000 });

  await page.getByRole("button", { name: "认领核查" }).click();
  await expect(page.getByText("已认领，请核查后写明处理结果。")).toBeVisible();
  // Resolving needs what was decided.
  await page.getByRole("button", { name: "处理完毕" }).click();
  await expect(page.getByRole("alert")).toContainText("处理结果：此项为必填。");
  await page.getByLabel(/^处理结果/).fill("经核查系门店展示样品反复查询，已提醒企业");
  await page.getByRole("button", { name: "处理完毕" }).click();
  await expect(page.getByText("已处理，记录已写入审计日志。")).toBeVisible();
  await expect(page.locator("dl.facts").getByText("已处理", { exact: true })).toBeVisible();
  // The history says who did what in words (issue 14, item 7), never "anomaly detection · flag.raise".
  await expect(page.getByRole("listitem").filter({ hasText: "办结预警" })).toContainText(
    "经核查系门店展示样品反复查询",
  );
  await expect(page.getByRole("listitem").filter({ hasText: "发出预警" }).first()).toContainText("系统异常监测");
  await expect(page.getByText(/flag\.(raise|resolve)|anomaly detection/)).toHaveCount(0);
  await expect(page.getByRole("button", { name: "处理完毕" })).toHaveCount(0);

  // The queue's CSV export has the resolved alert with what was decided.
  const csv = await page.request.get("/regulator/alerts.csv?state=resolved");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toContain("经核查系门店展示样品反复查询，已提醒企业");
});

test("the dashboard: charts readable without JavaScript, numbers in tables and CSV that agree", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signInAs(page, "regulator.anhua");
  await page.goto("/regulator/dashboard");
  await expect(page.getByRole("heading", { name: "监管看板" })).toBeVisible();
  await expect(page.getByRole("img", { name: /每日扫码查询（近 30 天，按结论）/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /每月标签数量/ })).toBeVisible();
  // The per-mark table: 安化黄精 against its target of 30.
  const huangjing = page.getByRole("row", { name: /安化黄精/ });
  await expect(huangjing).toContainText("30（2026 年）");
  // The day table and the CSV say the same for today.
  await page.getByText("每日扫码查询（近 30 天，按结论）：数据表").click();
  const today = inDays(0);
  const row = page.getByRole("row", { name: new RegExp(`^${today}`) });
  const cells = await row.getByRole("cell").allTextContents();
  const csv = csvLines(await (await page.request.get("/regulator/dashboard.csv?chart=days")).text());
  expect(csv[0]).toContain("正品");
  expect(
    csv
      .find((l) => l.startsWith(today))!
      .split(",")
      .slice(1),
  ).toEqual(cells);
  expect(Number(cells.at(-1))).toBeGreaterThan(0);
  // One mark at a time.
  await page.getByRole("link", { name: "安化黑茶" }).click();
  await expect(page.getByRole("row", { name: /安化黄精/ })).toHaveCount(0);
  await expect(page.getByRole("combobox", { name: "地理标志" })).toHaveValue("anhua-dark-tea");
  await context.close();
});

test("a double-random campaign: bad input keeps the form, the draw is published and re-runs the same, a failure orders rectification", async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  await switchTo(page, "regulator.anhua");
  await page.goto("/regulator/inspections");
  await page.getByLabel(/^任务名称/).fill("2026 年第四季度安化地理标志专用标志使用抽查");
  await page.getByRole("button", { name: "公布任务并等待抽取" }).click();
  await expect(page.getByRole("alert")).toContainText("请至少选择一个您负责的地理标志。");
  await expect(page.getByLabel(/^任务名称/)).toHaveValue("2026 年第四季度安化地理标志专用标志使用抽查");

  await page.getByRole("checkbox", { name: "安化黄精" }).check();
  await page.getByRole("checkbox", { name: "安化黑茶" }).check();
  await page.getByLabel(/^抽取数量或比例/).fill("100");
  await page.getByRole("checkbox", { name: /安化县市场监管局执法人员/ }).check();
  // No one types a seed: the page says where it will come from.
  await expect(page.getByText(/以包含该公告的第一个签名检查点的根哈希为种子自动抽取/)).toBeVisible();
  await page.getByRole("button", { name: "公布任务并等待抽取" }).click();
  // Announced, then drawn once the next checkpoint is signed (every second here, so the draw may be
  // done before the page loads): until then the page says it waits and offers a reload (the
  // integration test holds the checkpoint back to see it).
  await expect(
    page.getByText(/已公布：430923-\d{4}-\d{3}。(将以下一个签名检查点为种子自动抽取|签名检查点已生成，抽取已完成)/),
  ).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByLabel(/^抽查对象/)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  const number = (await page.getByRole("heading", { level: 1 }).textContent())!.split(" · ")[0]!;

  // Record a failure for 资江黑茶厂 (安化黑茶); both inspectors were assigned to every target.
  const target = demoEnterprise("anhua-2").name;
  await page.getByLabel(/^抽查对象/).selectOption({
    label: (await page
      .getByLabel(/^抽查对象/)
      .locator("option", { hasText: target })
      .textContent())!,
  });
  await page.getByLabel(/^检查结果/).selectOption("non_conforming");
  await page.getByRole("button", { name: "登记检查结果" }).click();
  await expect(page.getByRole("alert")).toContainText("不合格时请勾选至少一项不合格事项。");
  await page.getByRole("checkbox", { name: "专用标志使用规范" }).check();
  await page.getByLabel(/^检查情况/).fill('=HYPERLINK("http://evil.example") 包装上的专用标志比例不符');
  await page.getByLabel(/^整改期限/).fill(inDays(14));
  await page.getByRole("button", { name: "登记检查结果" }).click();
  await expect(page.getByText("检查结果已登记并公示；该用标资格已转入整改。")).toBeVisible();

  // The public sees the result, can re-run the draw, and downloads a spreadsheet-safe CSV.
  const visitor = await browser.newPage();
  await visitor.goto("/inspections");
  await visitor.getByRole("link", { name: "2026 年第四季度安化地理标志专用标志使用抽查" }).click();
  await expect(visitor.getByText(number)).toBeVisible();
  await expect(visitor.getByRole("row", { name: new RegExp(target) })).toContainText("不合格");
  await expect(visitor.getByRole("row", { name: new RegExp(target) })).toContainText("专用标志使用规范");
  // The seed is the root hash printed on the third line of the signed checkpoint shown beside it.
  await expect(visitor.getByRole("heading", { name: "种子来源：公开日志检查点" })).toBeVisible();
  const note = (await visitor.locator("pre.code").textContent())!;
  const seed = (await visitor.locator("dl.facts dd.code").last().textContent())!;
  expect(note.split("\n")[2]).toBe(seed);
  expect(note).toMatch(/^\S+\n\d+\n[A-Za-z0-9+/]{43}=\n\n— /);
  await visitor.getByRole("button", { name: "在服务器上重新演算" }).click();
  await expect(visitor.getByText(/重新演算结果与公示结果一致（\d+ 个对象及其检查人员）/)).toBeVisible();
  const csv = await visitor.request.get(visitor.url().replace(/\?.*$/, "") + "/results.csv");
  const text = await csv.text();
  expect(text).toContain(`"'=HYPERLINK(""http://evil.example"") 包装上的专用标志比例不符"`);
  expect(
    csvLines(await (await visitor.request.get("/export/inspections")).text()).some((l) => l.startsWith(`${number},`)),
  ).toBe(true);
  await visitor.close();
  // The campaign list's CSV: this county's campaigns, each with how far it has got.
  const mine = csvLines(await (await page.request.get("/export/inspections?mine=1")).text());
  // Every candidate was drawn (100%); other specs may have admitted more users, so the count is not fixed.
  expect(mine.find((l) => l.startsWith(`${number},`))).toMatch(/,\d+,1,1$/);
  const other = await browser.newPage();
  await switchTo(other, "regulator.zhashui");
  expect(await (await other.request.get("/export/inspections?mine=1")).text()).not.toContain(number);
  await other.close();

  // The authorization is now under rectification, with the campaign as its document.
  await page.goto("/regulator");
  await page.getByRole("link", { name: target }).click();
  await page
    .getByRole("link", { name: /安化黑茶/ })
    .first()
    .click();
  await expect(page.locator("dl.facts strong").first()).toHaveText("整改中");
  await expect(page.getByRole("cell", { name: new RegExp(number) })).toBeVisible();
});

test("an annual usage report: prefilled from the ledger, a wrong number keeps the form, filing settles the missing-report alert", async ({
  page,
}) => {
  await switchTo(page, "enterprise.demo");
  await page.getByRole("link", { name: "安化黄精" }).click();
  const reports = page.getByRole("region", { name: "年度使用报告" });
  await expect(reports).toContainText("2025 · 逾期未交");
  await reports.getByRole("link", { name: "填报" }).click();
  await expect(page.getByRole("heading", { name: "2025 年度使用报告" })).toBeVisible();
  await page.getByLabel(/^年产量/).fill("二十");
  await page.getByLabel(/^单位/).fill("吨");
  await page.getByLabel(/^销售额/).fill("1,250.5");
  await page.getByLabel(/^主要销售市场/).fill("湖南省内、广东、线上（天猫）");
  await page.getByRole("button", { name: "提交报告" }).click();
  await expect(page.getByRole("alert")).toContainText("年产量：请填写不小于 0 的数字");
  await expect(page.getByLabel(/^主要销售市场/)).toHaveValue("湖南省内、广东、线上（天猫）");
  await page.getByLabel(/^年产量/).fill("１８.５");
  await page.getByRole("button", { name: "提交报告" }).click();
  await expect(page.getByText("年度使用报告已提交。")).toBeVisible();
  await expect(page.getByRole("region", { name: "年度使用报告" })).toContainText("2025 · 逾期提交");

  await switchTo(page, "regulator.anhua");
  await page.goto("/regulator/annual-reports?year=2025");
  const row = page.getByRole("row", { name: new RegExp(demoEnterprise("anhua-1").name) });
  await expect(row).toContainText("逾期提交");
  await expect(row).toContainText("18.5 吨");
  await expect(page.getByRole("status")).toContainText(/逾期提交 1/);
  const csv = csvLines(await (await page.request.get("/regulator/annual-reports.csv?year=2025")).text());
  expect(csv.find((l) => l.includes(demoEnterprise("anhua-1").uscc))).toContain("1250.5");
  // The missing-report alert for that enterprise has been settled by the filing.
  await page.goto("/regulator/alerts?kind=annual_report_missing&state=all");
  const settled = page.getByRole("row", { name: new RegExp(demoEnterprise("anhua-1").name) });
  await expect(settled).toContainText("已处理");
});

test("the yearly supervision data, printable and as CSV", async ({ page }) => {
  await switchTo(page, "regulator.anhua");
  await page.goto("/regulator/supervision-report?year=2026");
  await expect(page.getByRole("heading", { name: "2026 年度地理标志专用标志监管数据" })).toBeVisible();
  for (const section of [
    "一、地理标志与用户",
    "二、进入与退出",
    "三、专用标志（标签）",
    "四、年度使用报告",
    "五、举报、信用与执法",
    "六、双随机抽查",
  ])
    await expect(page.getByRole("heading", { name: section })).toBeVisible();
  const inspections = page.getByRole("region", { name: "六、双随机抽查" });
  await expect(inspections.getByRole("row", { name: /不合格/ })).toContainText(/[1-9]/);
  const csv = csvLines(await (await page.request.get("/regulator/supervision-report.csv?year=2026")).text());
  expect(csv[0]).toBe("年度,部分,对象,指标,数值");
  expect(csv.some((l) => l.startsWith("2026,六、双随机抽查,,抽查任务,"))).toBe(true);
  expect(csv.some((l) => /^2026,一、地理标志与用户,安化黄精,年末在用用户,\d+$/.test(l))).toBe(true);
});

test("the working-day calendar: the shipped notice, next year's reminder, a wrong date kept for correction, a holiday entered", async ({
  page,
}) => {
  await switchTo(page, "admin");
  await page.getByRole("link", { name: "工作日历" }).click();
  await page.getByLabel("年度").fill("2026");
  await page.getByRole("button", { name: "查看" }).click();
  await expect(page.getByRole("row", { name: /2026-02-14/ })).toContainText("调休上班");
  await expect(page.getByRole("row", { name: /2026-02-17/ })).toContainText("春节");
  const thisYear = Number(inDays(0).slice(0, 4));
  const nextYear = thisYear + (inDays(0).slice(5) >= "11-15" ? 1 : 0);
  if (nextYear > 2026) await expect(page.getByRole("status")).toContainText(`${nextYear} 年的节假日安排尚未录入`);

  await page.getByLabel(/^起始日期/).fill(`${nextYear + 1}-02-01`);
  await page.getByLabel(/^名称/).fill("测试假期");
  await page.getByLabel(/^截止日期/).fill(`${nextYear + 1}-01-01`);
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("alert")).toContainText("截止日期应在起始日期当天或之后");
  await expect(page.getByLabel(/^名称/)).toHaveValue("测试假期");
  await page.getByLabel(/^截止日期/).fill(`${nextYear + 1}-02-03`);
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("已保存 3 天。")).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(`${nextYear + 1}-02-02`) })).toContainText("系统管理员");
  await page.getByRole("button", { name: `恢复为平常 ${nextYear + 1}-02-02` }).click();
  await expect(page.getByText(`${nextYear + 1}-02-02 已恢复为平常的工作日或周末。`)).toBeVisible();
  await expect(page.getByRole("row")).toHaveCount(3);
});
