import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./helpers.ts";
import { DEMO_BASE } from "./ports.ts";

/** The demo printer's first order page, in the given UI language. */
async function firstOrder(page: Page, lang: "zh-CN" | "en") {
  await page.context().addCookies([{ name: "lang", value: lang, url: DEMO_BASE }]);
  await signInAs(page, "printer.demo");
  await page.goto("/printer");
  const href = await page.locator('a[href^="/label-orders/"]').first().getAttribute("href");
  return href!.replace(/\/(sheet|codes\.csv|sheet\.pdf)$/, "");
}

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), "label-words-"));
  try {
    writeFileSync(join(dir, "sheet.pdf"), pdf);
    return execFileSync("pdftotext", ["-enc", "UTF-8", join(dir, "sheet.pdf"), "-"], { encoding: "utf8" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const lang of ["en", "zh-CN"] as const) {
  test(`a printer whose screen is in ${lang} prints labels that speak Chinese`, async ({ page }) => {
    const order = await firstOrder(page, lang);
    await page.goto(`${order}/sheet`);
    // The page around the labels is in the printer's language…
    // (Whichever order is first: other specs add orders for this printer; the count is read, not assumed.)
    const heading = page.getByText(lang === "en" ? /^Printable labels: [\d,]+$/ : /^可打印标签：共 [\d,]+ 枚$/);
    await expect(heading).toBeVisible();
    const count = Number((await heading.textContent())!.replace(/\D/g, ""));
    await expect(page.getByText(lang === "en" ? /Print at 100 %/ : /请按 100% 比例打印/)).toBeVisible();
    // …and every label says what the product says, in Chinese.
    const labels = page.locator(".label-sheet li.label");
    await expect(labels).toHaveCount(count);
    await expect(labels.first()).toContainText("扫码核验");
    await expect(labels.first()).toContainText(/统一社会信用代码：\w{18}/);
    await expect(page.locator(".label-sheet")).not.toContainText("Scan to verify");
    await expect(page.locator(".label-sheet")).not.toContainText("credit code");

    const pdf = await page.request.get(`${order}/sheet.pdf`);
    expect(pdf.status()).toBe(200);
    const text = pdfText(await pdf.body());
    expect(text).toContain("扫码核验");
    expect(text).toMatch(/统一社会信用代码/);
    expect(text).not.toContain("Scan to verify");
  });
}
