import { expect, test } from "@playwright/test";
import { signInAs, statusOf } from "./helpers.ts";
import { DEMO_BASE } from "./ports.ts";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

const words = {
  "zh-CN": {
    phone: "标签管理人电话",
    products: "产品名称",
    licence: "营业执照",
    report: "检验报告",
    photo: "生产场地照片",
    submit: "提交申请",
    phoneError: "请填写 11 位手机号或带区号的固定电话。",
    kept: "上次提交时已收到、为您保留的材料",
    remove: (name: string) => `移除“${name}”`,
    removed: (name: string) => `已移除“${name}”`,
    badType: "“说明.txt”不是 PDF、JPEG 或 PNG 文件",
    submitted: "申请已提交。",
    status: "已提交",
  },
  en: {
    phone: "Label manager's phone",
    products: "Products",
    licence: "Business licence",
    report: "Inspection report",
    photo: "Site photos",
    submit: "Submit application",
    phoneError: "Enter an 11-digit mobile number or a landline with area code.",
    kept: "Received at your last attempt and kept for you",
    remove: (name: string) => `Remove “${name}”`,
    removed: (name: string) => `Removed “${name}”`,
    badType: "“说明.txt” is not a PDF, JPEG or PNG file",
    submitted: "Application submitted.",
    status: "Submitted",
  },
};

for (const [lang, w] of Object.entries(words) as [keyof typeof words, (typeof words)["en"]][]) {
  test(`a refused application keeps the files it received (${lang})`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.context().addCookies([{ name: "lang", value: lang, url: DEMO_BASE }]);
    await signInAs(page, "enterprise.demo");
    // The mark is chosen first (step 1); the form then offers only its townships and routes.
    await page.goto("/apply?mark=anhua-dark-tea");
    await page.locator('select[name="route"]').selectOption("gi_product");
    await page.locator('select[name="townshipCode"]').selectOption({ label: "清塘铺镇" });
    const products = `千两茶 ${lang}`;
    await page.getByLabel(w.products).fill(products);
    await page.locator('input[name="annualOutput"]').fill("50 吨");
    await page.getByLabel(w.phone).fill("12");
    await page.getByLabel(w.licence).setInputFiles({ name: "营业执照.pdf", mimeType: "application/pdf", buffer: PDF });
    await page
      .getByLabel(w.report)
      .setInputFiles({ name: "说明.txt", mimeType: "text/plain", buffer: Buffer.from("hi") });
    await page.getByRole("button", { name: w.submit }).click();

    // Refused: the phone and the text file are named; the licence is kept and listed, not asked again.
    const summary = page.getByRole("alert").first();
    await expect(summary).toContainText(w.phoneError);
    await expect(summary).toContainText(w.badType);
    const kept = page.locator(".kept-files");
    await expect(kept).toContainText(w.kept);
    await expect(kept.getByRole("listitem")).toHaveCount(1);
    await expect(kept.getByRole("listitem")).toContainText("营业执照.pdf");
    await expect(kept.getByRole("listitem")).toContainText("KB");
    await expect(page.getByLabel(w.products)).toHaveValue(products);

    // Another attempt, still with the bad phone, adds a photo: both are kept.
    await page.getByLabel(w.photo).setInputFiles({ name: "车间.png", mimeType: "image/png", buffer: PNG });
    await page.getByRole("button", { name: w.submit }).click();
    await expect(page.getByRole("alert").first()).toContainText(w.phoneError);
    await expect(kept.getByRole("listitem")).toHaveCount(2);

    // The photo is removed (a plain form button, no script needed); the licence stays.
    await page.getByRole("button", { name: w.remove("车间.png") }).click();
    await expect(page.getByRole("status").filter({ hasText: w.removed("车间.png") })).toBeVisible();
    await expect(kept.getByRole("listitem")).toHaveCount(1);
    await expect(kept.getByRole("listitem")).toContainText("营业执照.pdf");
    await expect(page.getByLabel(w.products)).toHaveValue(products);

    // Corrected and sent: the kept licence is on the record, once; the removed photo is not.
    await page.getByLabel(w.phone).fill("13800000000");
    await page.getByRole("button", { name: w.submit }).click();
    await expect(page.getByText(w.submitted)).toBeVisible();
    await expect(statusOf(page)).toHaveText(w.status);
    await expect(page.getByRole("link", { name: "营业执照.pdf" })).toHaveCount(1);
    await expect(page.getByRole("link", { name: "车间.png" })).toHaveCount(0);
    const download = await page.request.get(
      (await page.getByRole("link", { name: "营业执照.pdf" }).getAttribute("href"))!,
    );
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 5).toString()).toBe("%PDF-");
  });
}
