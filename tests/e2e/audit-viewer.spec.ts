import { expect, test } from "@playwright/test";
import { signInAs } from "./helpers.ts";

test("the administrator filters the audit chain, exports it, and verifies it from the page", async ({ page }) => {
  await signInAs(page, "admin");
  await page.goto("/admin/audit");
  await expect(page.getByRole("heading", { name: "审计日志" })).toBeVisible();
  // The filter offers actions in words; the query keeps the code.
  await page.getByRole("combobox", { name: /^操作/ }).selectOption({ label: "领用标签" });
  await page.getByRole("button", { name: "筛选" }).click();
  await page.waitForURL(/action=label\.collect/);
  const actions = await page.locator("tbody tr td:nth-child(4)").allTextContents();
  expect(actions.length).toBeGreaterThan(0);
  expect(new Set(actions)).toEqual(new Set(["领用标签"]));
  // Which record, in words; the recorded JSON one click away.
  const first = page.locator("tbody tr").first();
  await expect(first.locator("td").nth(4)).toContainText("产品批次");
  await expect(first.getByText('"runs"')).toBeHidden();
  await first.getByText("查看记录数据（变更前 / 变更后）").click();
  await expect(first.getByText(/"runs"/)).toBeVisible();
  const csv = await page.request.get(
    await page
      .getByRole("link", { name: "导出 CSV" })
      .getAttribute("href")
      .then((h) => h!),
  );
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text())
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n");
  expect(lines.length - 1).toBe(actions.length);
  await page.getByRole("button", { name: "校验整条审计链" }).click();
  await expect(page.getByText(/审计链完整：已逐条校验 \d+ 条记录/)).toBeVisible();
});

test("nobody but an administrator opens the audit log", async ({ page }) => {
  await signInAs(page, "regulator.anhua");
  const response = await page.goto("/admin/audit");
  expect(response?.status()).toBe(403);
  expect((await page.request.get("/admin/audit.csv")).status()).toBe(403);
});
