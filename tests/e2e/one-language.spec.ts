import { expect, test, type Page, type Response } from "@playwright/test";
import { en } from "#app/i18n/en.ts";
import { zhCN } from "#app/i18n/zh-CN.ts";
import { switchTo } from "./helpers.ts";

// Issue 15, item 6: both catalogs used to ship in one client chunk on every page. Now a page loads
// only its own language's messages, from a script the browser caches (decision 033).

/** Every script a page loaded, with its body and cache header. */
async function scriptsOf(page: Page, path: string) {
  const responses: Response[] = [];
  const listener = (response: Response) => {
    if (response.request().resourceType() === "script") responses.push(response);
  };
  page.on("response", listener);
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  page.off("response", listener);
  return Promise.all(
    responses.map(async (r) => ({ url: r.url(), body: await r.text(), cache: r.headers()["cache-control"] ?? "" })),
  );
}

// Messages long enough to be unmistakable, in each language.
const ZH = zhCN["verify.limited.body"];
const EN = en["verify.limited.body"];

test("a Chinese page loads the Chinese messages only, and an English page the English only", async ({ page }) => {
  const chinese = await scriptsOf(page, "/login");
  const catalogs = chinese.filter((s) => /\/i18n\/zh-CN\.[0-9a-f]{12}\.js$/.test(s.url));
  expect(catalogs).toHaveLength(1);
  expect(catalogs[0]!.cache).toContain("immutable");
  expect(chinese.some((s) => s.body.includes(JSON.stringify(ZH).slice(1, -1)))).toBe(true);
  expect(chinese.filter((s) => s.body.includes(EN))).toEqual([]);

  // The app still runs in the browser with those messages: a file over the limit is refused in words.
  await page.goto("/reports/new");
  await page
    .locator('input[type="file"][name="photos"]')
    .setInputFiles({ name: "大.png", mimeType: "image/png", buffer: Buffer.alloc(11 * 1024 * 1024) });
  await expect(page.getByRole("alert")).toContainText("超过每个文件 10 MB 的上限");

  // Switched the way a user does it, with the button in the header.
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  const english = await scriptsOf(page, "/login");
  expect(english.filter((s) => /\/i18n\/en\.[0-9a-f]{12}\.js$/.test(s.url))).toHaveLength(1);
  expect(english.some((s) => s.body.includes(EN))).toBe(true);
  expect(english.filter((s) => s.body.includes(JSON.stringify(ZH).slice(1, -1)))).toEqual([]);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(en["login.title"]);
});

// An action that refuses by throwing (a wrong role, another county's id) is shown by the root
// error page, and Remix runs no loader for it: the page must still speak the reader's language
// and keep the header signed in.
test("a refused action's error page is in the reader's language, signed in, and runs its catalog", async ({ page }) => {
  await switchTo(page, "regulator.anhua");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  // A regulator posting the administrator's form, as a stale page or a crafted one would.
  await page.goto("/account");
  const refused = page.waitForResponse((r) => r.url().endsWith("/admin/users") && r.request().method() === "POST");
  await page.evaluate(() => {
    const form = document.createElement("form");
    form.method = "post";
    form.action = "/admin/users";
    const field = Object.assign(document.createElement("input"), { name: "intent", value: "createRegulator" });
    form.append(field);
    document.body.append(form);
    form.submit();
  });
  expect((await refused).status()).toBe(403);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(en["error.forbidden.title"]);
  await expect(page).toHaveTitle(new RegExp(`^${en["error.forbidden.title"]}`));
  await expect(page.getByRole("button", { name: en["nav.logout"] })).toBeVisible();
  // The page's own language's messages were loaded, and the page hydrated without a mismatch.
  await expect.poll(() => page.evaluate(() => window.__giCatalog?.lang)).toBe("en");
});
