import { expect, test, type Page } from "@playwright/test";
import { statusOf, switchTo } from "./helpers.ts";

// Issue 14, item 14: a range with printer-spoiled, voided and collected serials is refused naming
// each one's true state; ticking "skip" collects the usable labels and lists what was skipped.

async function act(page: Page, card: string, fields: Record<string, string>, done: RegExp) {
  const region = page.getByRole("region", { name: card, exact: true });
  for (const [label, value] of Object.entries(fields)) {
    const input = region.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    if ((await input.evaluate((el) => el.tagName)) === "SELECT") await input.selectOption({ label: value });
    else await input.fill(value);
  }
  await region.getByRole("button", { name: card, exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: done })).toBeVisible();
}

test("collecting a range with spoiled, voided and collected serials: the refusal names each, skipping is a choice (zh-CN, en)", async ({
  page,
}) => {
  test.setTimeout(180_000);
  // 60 labels: the printer spoils +5, +6 and +30; the enterprise receives 55 of the 57 printed.
  await switchTo(page, "enterprise.demo");
  await page.getByRole("link", { name: "安化黄精" }).click();
  await page.getByRole("link", { name: "申请印制标签" }).click();
  await page.getByLabel(/^数量/).fill("60");
  await page.getByLabel(/^标签规格/).fill("圆形 30 mm");
  await page.getByLabel(/^拟用于的产品/).fill("九蒸九晒黄精");
  await page.getByLabel(/^印制单位/).selectOption({ label: "益阳市资江印务有限公司（虚构）" });
  await page.getByRole("button", { name: "提交印制申请" }).click();
  await expect(statusOf(page)).toHaveText("待审批");
  const orderUrl = page.url().split("?")[0]!;

  await switchTo(page, "regulator.anhua");
  await page.goto(orderUrl);
  await act(page, "批准并发码", { 批准数量: "60" }, /已批准印制 60 枚标签/);

  await switchTo(page, "printer.demo");
  await page.goto(orderUrl);
  const csv = await (await page.request.get(`${orderUrl}/codes.csv`)).text();
  const serials = csv
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n")
    .slice(1)
    .map((line) => line.split(",")[0]!);
  expect(serials).toHaveLength(60);
  const s = (i: number) => serials[i]!;
  await act(
    page,
    "登记印制结果并发货",
    {
      印制合格数: "57",
      "印损序号（逗号分隔，可写范围如 5-7）": `${s(5)}, ${s(6)}, ${s(30)}`,
    },
    /已登记印制合格 57 枚标签并发货/,
  );

  await switchTo(page, "enterprise.demo");
  await page.goto(orderUrl);
  await act(page, "确认签收", { 实收数量: "55" }, /已确认签收 55 枚标签/);
  // A count out of bounds says the bounds, with thousands grouped.
  const batchCard = page.getByRole("region", { name: "新建产品批次", exact: true });
  await batchCard.getByLabel(/^产品/).fill("九蒸九晒黄精");
  await batchCard.getByLabel(/^批号/).fill("HJ-SKIP-1");
  await batchCard.getByLabel(/^生产日期/).fill("2026-11-02");
  await batchCard.getByLabel(/^批次数量/).fill("20000000");
  await batchCard.getByRole("button", { name: "新建产品批次" }).click();
  await expect(page.getByRole("alert")).toContainText("请填写 1 到 10,000,000 之间的整数。");
  await expect(batchCard.getByLabel(/^批号/)).toHaveValue("HJ-SKIP-1");
  await batchCard.getByLabel(/^批次数量/).fill("100");
  await batchCard.getByRole("button", { name: "新建产品批次" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已新建产品批次（100 件）。" })).toBeVisible();

  const collect = page.getByRole("region", { name: "按序号领用", exact: true });
  const from = collect.getByLabel(/^起始序号/);
  const to = collect.getByLabel(/^结束序号/);
  const skip = collect.getByLabel(/^跳过不能领用的标签/);
  await expect(from).toHaveValue(s(0));
  await to.fill(s(4));
  await collect.getByRole("button", { name: "按序号领用" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已领用 5 枚标签。" })).toBeVisible();
  // The start serial is the first still collectable: +5 and +6 were spoiled at the printer.
  await expect(from).toHaveValue(s(7));

  const voidCard = page.getByRole("region", { name: "按序号作废", exact: true });
  await voidCard.getByLabel(/^起始序号/).fill(s(20));
  await voidCard.getByLabel(/^结束序号/).fill(s(22));
  await voidCard.getByLabel(/^作废原因/).selectOption({ label: "丢失" });
  await voidCard.getByRole("button", { name: "按序号作废", exact: true }).click();
  await page.getByRole("button", { name: "确认按序号作废" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已作废 3 枚标签。" })).toBeVisible();

  // The whole range without skipping: refused, each blocking run named by its true state.
  await from.fill(s(0));
  await to.fill(s(59));
  await collect.getByRole("button", { name: "按序号领用" }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("该范围 60 枚标签中有 13 枚不能领用，未做任何更改。");
  await expect(alert).toContainText(`${s(0)} – ${s(4)}：已领用到批次 HJ-SKIP-1（5 枚）`);
  await expect(alert).toContainText(`${s(5)} – ${s(6)}：印制时印损（2 枚）`);
  await expect(alert).toContainText(`${s(20)} – ${s(22)}：已作废，原因“丢失”（3 枚）`);
  await expect(alert).toContainText(`${s(30)}：印制时印损（1 枚）`);
  await expect(alert).toContainText(`${s(58)} – ${s(59)}：已印制，尚未签收入库（2 枚）`);
  await expect(alert).toContainText("其余 47 枚可以领用");
  await expect(alert).not.toContainText("已领用或作废");
  await expect(from).toHaveValue(s(0));
  await expect(to).toHaveValue(s(59));
  await expect(page.locator('td[data-figure="collected"]')).toHaveText("5");

  // Ticking "skip" collects the 47 usable labels and lists the 13 skipped.
  await skip.check();
  await collect.getByRole("button", { name: "按序号领用" }).click();
  const done = page.getByRole("status").filter({ hasText: "已领用 47 枚标签。" });
  await expect(done).toBeVisible();
  await expect(done).toContainText("跳过 13 枚不能领用的标签：");
  await expect(done).toContainText(`${s(58)} – ${s(59)}：已印制，尚未签收入库（2 枚）`);
  await expect(page.locator('td[data-figure="collected"]')).toHaveText("52");
  await expect(page.locator('td[data-figure="inStock"]')).toHaveText("0");
  // Nothing is left to collect: the start serial is empty, and the checkbox is clear again.
  await expect(from).toHaveValue("");
  await expect(skip).not.toBeChecked();

  // The same page in English, on a phone.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  const collectEn = page.getByRole("region", { name: "Collect by serial range", exact: true });
  await collectEn.getByLabel(/^From serial/).fill(s(0));
  await collectEn.getByLabel(/^To serial/).fill(s(59));
  await collectEn.getByLabel(/^Skip the labels that cannot be collected/).check();
  await collectEn.getByRole("button", { name: "Collect by serial range" }).click();
  const alertEn = page.getByRole("alert");
  await expect(alertEn).toContainText("No label in the range can be collected. Nothing was changed.");
  await expect(alertEn).toContainText(`${s(0)} – ${s(4)}: already collected onto batch HJ-SKIP-1 (5 labels)`);
  await expect(alertEn).toContainText(`${s(7)} – ${s(19)}: already collected onto batch HJ-SKIP-1 (13 labels)`);
  await expect(alertEn).toContainText(`${s(20)} – ${s(22)}: voided, reason “Lost” (3 labels)`);
  await expect(alertEn).toContainText(`${s(30)}: spoiled at the printer (1 label)`);
  await expect(alertEn).toBeInViewport();

  const batchEn = page.getByRole("region", { name: "New product batch", exact: true });
  await batchEn.getByLabel(/^Batch quantity/).fill("20000000");
  await batchEn.getByRole("button", { name: "New product batch" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter a whole number from 1 to 10,000,000.");
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
});
