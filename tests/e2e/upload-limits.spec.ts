import { expect, test } from "@playwright/test";

// Issue 13, attacker's retest: a photo over the limit was sent, refused with 413, and what the
// reporter had typed was lost. The form now turns such a file away as it is chosen.
const BIG = Buffer.alloc(11 * 1024 * 1024, 0x41);
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

test("a photo over 10 MB is turned away as it is chosen; what was typed stays, and nothing is sent", async ({
  page,
}) => {
  const posts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST") posts.push(r.url());
  });
  await page.goto("/reports/new");
  await page.getByLabel(/^具体情况/).fill("包装上的码扫出来是别家的产品");
  const photos = page.getByLabel(/^照片/);
  await photos.setInputFiles({ name: "店内照片.png", mimeType: "image/png", buffer: BIG });
  await expect(
    page.getByRole("alert").filter({ hasText: "“店内照片.png”有 11.0 MB，超过每个文件 10 MB 的上限" }),
  ).toBeVisible();
  expect(await photos.evaluate((input: HTMLInputElement) => input.files?.length ?? 0)).toBe(0);
  await expect(page.getByLabel(/^具体情况/)).toHaveValue("包装上的码扫出来是别家的产品");
  expect(posts).toEqual([]);

  // A file that fits is taken, and the warning goes.
  await photos.setInputFiles({ name: "shop.png", mimeType: "image/png", buffer: PNG });
  await expect(page.getByText("超过每个文件 10 MB 的上限")).toHaveCount(0);
  expect(await photos.evaluate((input: HTMLInputElement) => input.files?.length ?? 0)).toBe(1);
});

test("in English the same refusal says what happened and what to do", async ({ page }) => {
  test.setTimeout(120_000); // 36 MB handed to the browser
  await page.goto("/reports/new?lang=en");
  await page.context().addCookies([{ name: "lang", value: "en", url: page.url() }]);
  await page.goto("/reports/new");
  const photos = page.locator('input[type="file"][name="photos"]');
  const three = Array.from({ length: 4 }, (_, i) => ({
    name: `p${i}.jpg`,
    mimeType: "image/jpeg",
    buffer: Buffer.alloc(9 * 1024 * 1024, 0x42),
  }));
  await photos.setInputFiles(three);
  await expect(
    page
      .getByRole("alert")
      .filter({ hasText: "The chosen files come to 36.0 MB, over the limit of 32 MB per submission" }),
  ).toBeVisible();
  await expect(page.getByRole("alert")).toContainText("everything else you entered is kept");
});
