import { expect, test } from "@playwright/test";
import { makeUscc } from "#app/enterprise/uscc.ts";
import { demoEnterprise, signInAs } from "./helpers.ts";

test("a regulator imports credit records: a bad line changes nothing, a good file flags the user and shows on its review", async ({
  page,
}) => {
  const anhua2 = demoEnterprise("anhua-2");
  const uscc = makeUscc("91", anhua2.divisionCode, anhua2.org);
  await signInAs(page, "regulator.anhua");
  await page.goto("/regulator/credit");
  const csv = page.getByLabel(/^批量导入/);
  const bad = `${uscc.slice(0, 17)}${uscc[17] === "0" ? "1" : "0"},serious_dishonesty,2026-10-09,安化县市场监督管理局,安市监信〔2026〕9号,虚假宣传`;
  await csv.fill(bad);
  await page.getByRole("button", { name: "导入", exact: true }).click();
  await expect(page.getByRole("alert").first()).toContainText("第 1 行的统一社会信用代码有误");
  await expect(page.getByLabel(/^批量导入/)).toHaveValue(bad);
  await expect(page.getByText("暂无信用记录。")).toBeVisible();

  await page
    .getByLabel(/^批量导入/)
    .fill(`${uscc},serious_dishonesty,2026-10-09,安化县市场监督管理局,安市监信〔2026〕9号,虚假宣传`);
  await page.getByRole("button", { name: "导入", exact: true }).click();
  await expect(page.getByText("已登记 1 条，跳过重复 0 条，生成核查提示 1 条。")).toBeVisible();
  await expect(page.getByRole("cell", { name: anhua2.name })).toBeVisible();

  await page.goto("/regulator");
  await page
    .getByRole("listitem")
    .filter({ hasText: "企业被列入信用惩戒名录或受到行政处罚" })
    .getByRole("link", { name: "用标资格" })
    .click();
  await expect(page.getByRole("heading", { name: /该企业的信用记录/ })).toBeVisible();
  await expect(page.getByText(/严重违法失信名单 · 安化县市场监督管理局 安市监信〔2026〕9号/)).toBeVisible();
});
