import { expect, test, type Page } from "@playwright/test";
import { parseCode } from "#app/label-code/code.ts";
import { statusOf, switchTo } from "./helpers.ts";

/** Acts on the order's card and waits for the page to say what was done. */
async function act(page: Page, card: string, fields: Record<string, string>, done: string) {
  const region = page.getByRole("region", { name: card, exact: true });
  for (const [label, value] of Object.entries(fields)) {
    const input = region.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    if ((await input.evaluate((el) => el.tagName)) === "SELECT") await input.selectOption({ label: value });
    else await input.fill(value);
  }
  await region.getByRole("button", { name: card, exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: done })).toBeVisible();
}

test("labels from order to collection reconcile: 500 asked, 400 approved, 398 printed, 2 spoiled, 300 collected, 10 voided", async ({
  page,
}) => {
  test.setTimeout(120_000);
  // The enterprise orders 500 labels under its active 安化黄精 authorization.
  await switchTo(page, "enterprise.demo");
  // An authorization in force says since when it holds, not a deadline (it read "办理期限 2025-06-01").
  await expect(page.getByRole("columnheader", { name: "办理期限或生效日期" })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "安化黄精" }).first()).toContainText(/\d{4}-\d{2}-\d{2} 起生效/);
  await page.getByRole("link", { name: "安化黄精" }).click();
  await page.getByRole("link", { name: "申请印制标签" }).click();
  await page.getByLabel(/^数量/).fill("500");
  await page.getByLabel(/^标签规格/).fill("圆形 30 mm");
  await page.getByLabel(/^拟用于的产品/).fill("九蒸九晒黄精");
  await page.getByLabel(/^印制单位/).selectOption({ label: "益阳市资江印务有限公司（虚构）" });
  await page.getByRole("button", { name: "提交印制申请" }).click();
  await expect(statusOf(page)).toHaveText("待审批");
  const orderUrl = page.url().split("?")[0]!;

  // The regulator approves 400, with a reason.
  await switchTo(page, "regulator.anhua");
  await page.goto(orderUrl);
  await act(page, "批准并发码", { 批准数量: "400", 理由: "按年产量核定" }, "已批准印制 400 枚标签，正在发码。");
  await expect(statusOf(page)).toHaveText("已发码，待印制");

  // The printer downloads the codes: 400 rows, unique, each with a valid check character.
  await switchTo(page, "printer.demo");
  await page.goto(orderUrl);
  const csv = await (await page.request.get(`${orderUrl}/codes.csv`)).text();
  const rows = csv
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n")
    .slice(1)
    .map((line) => line.split(","));
  expect(rows).toHaveLength(400);
  expect(new Set(rows.map((r) => r[1])).size).toBe(400);
  expect(rows.every((r) => parseCode(r[1]!).ok)).toBe(true);
  expect(rows.every((r) => r[2] === r[2]!.toUpperCase() && r[2]!.includes("/V/"))).toBe(true);
  const serials = rows.map((r) => r[0]!);
  // The same sheet as a PDF: 400 labels at 24 per A4 page.
  const pdf = await page.request.get(`${orderUrl}/sheet.pdf`);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const pdfBody = await pdf.body();
  expect(pdfBody.subarray(0, 5).toString()).toBe("%PDF-");
  expect(pdfBody.toString("latin1").match(/\/Type \/Page\b/g)?.length).toBe(Math.ceil(400 / 24));
  await act(
    page,
    "登记印制结果并发货",
    {
      印制合格数: "398",
      "印损序号（逗号分隔，可写范围如 5-7）": `${serials[5]}, ${serials[6]}`,
    },
    "已登记印制合格 398 枚标签并发货。",
  );
  await expect(statusOf(page)).toHaveText("已印制发货");

  // The enterprise confirms 398, records a batch, collects 300 and voids 10.
  await switchTo(page, "enterprise.demo");
  await page.goto(orderUrl);
  await act(page, "确认签收", { 实收数量: "398" }, "已确认签收 398 枚标签。");
  await page
    .getByRole("region", { name: "新建产品批次", exact: true })
    .getByLabel(/^检验报告/)
    .setInputFiles({ name: "检验报告.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
  await act(
    page,
    "新建产品批次",
    {
      产品: "九蒸九晒黄精",
      批号: "HJ-2026-11",
      生产日期: "2026-11-01",
      批次数量: "300",
    },
    "已新建产品批次（300 件）。",
  );
  await act(page, "按序号领用", { 起始序号: serials[0]!, 结束序号: serials[4]! }, "已领用 5 枚标签。");
  await act(page, "按序号领用", { 起始序号: serials[7]!, 结束序号: serials[301]! }, "已领用 295 枚标签。");
  // Overlapping a collected range is refused, naming the batch those labels are on.
  const region = page.getByRole("region", { name: "按序号领用", exact: true });
  // Only collected serials, so the batch's size (full here) plays no part in the refusal.
  await region.getByLabel(/^起始序号/).fill(serials[300]!);
  await region.getByLabel(/^结束序号/).fill(serials[301]!);
  await region.getByRole("button", { name: "按序号领用" }).click();
  await expect(page.getByRole("alert")).toContainText(
    `${serials[300]} – ${serials[301]}：已领用到批次 HJ-2026-11（2 枚）`,
  );
  // A typo in the serial's head (another mark's, or a mistyped prefix) is not ignored.
  const typo = serials[320]!.replace(
    /^([A-Z0-9]+)(-\d{4}-)/,
    (_, head: string, rest: string) => `${head.slice(0, -1)}X${rest}`,
  );
  await region.getByLabel(/^起始序号/).fill(typo);
  await region.getByLabel(/^结束序号/).fill(serials[321]!);
  await region.getByRole("button", { name: "按序号领用" }).click();
  await expect(page.getByRole("alert")).toContainText(`不属于本订单：本订单的序号以 ${serials[0]!.slice(0, -9)}- 开头`);
  await expect(region.getByLabel(/^起始序号/)).toHaveValue(typo);
  // Voiding is a legal act: it asks first (issue 14, item 1).
  const voidRegion = page.getByRole("region", { name: "按序号作废", exact: true });
  await voidRegion.getByLabel(/^起始序号/).fill(serials[390]!);
  await voidRegion.getByLabel(/^结束序号/).fill(serials[399]!);
  await voidRegion.getByRole("button", { name: "按序号作废", exact: true }).click();
  await expect(page.getByRole("region", { name: "请确认：按序号作废" })).toContainText("作废 10 枚标签");
  await page.getByRole("button", { name: "确认按序号作废" }).click();
  await expect(page.getByText("已作废 10 枚标签。")).toBeVisible();

  const figure = (k: string) => page.locator(`td[data-figure="${k}"]`);
  for (const [k, v] of Object.entries({
    approved: "400",
    issued: "400",
    printed: "398",
    spoiled: "2",
    received: "398",
    collected: "300",
    voided: "10",
    inStock: "88",
  })) {
    await expect(figure(k), k).toHaveText(v);
  }
  await expect(page.getByText("各项数字相符。")).toBeVisible();
  const ledgerCsv = await (await page.request.get(`${orderUrl}/ledger.csv`)).text();
  expect(ledgerCsv).toContain("作废");
  // header + order, approve, issue, one spoiled run (86–87), print, ship, receive, 2 collect, void
  expect(ledgerCsv.trim().split("\r\n")).toHaveLength(1 + 10);
  // The EPCIS file says, in sight beside its link, what it is for.
  const epcis = page.getByRole("link", { name: "GS1 EPCIS 2.0 事件（JSON-LD）" });
  await expect(epcis).toHaveAccessibleDescription(/^供追溯平台导入/);
  await expect(page.getByText(/^供追溯平台导入：签发、印制、收货、领用和作废/)).toBeVisible();
});
