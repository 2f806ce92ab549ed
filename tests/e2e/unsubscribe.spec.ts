import { createHash, createHmac } from "node:crypto";
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { PRODUCTION_BASE } from "./ports.ts";

// A consumer's way out of report mails (decision 052), on the production-mode server: the link a
// mail carries asks, the button stops the mails; any other link says it is not valid, never a 500.

const SECRET = "e2e-production-secret-0123456789abcdef"; // playwright.config.ts, production server

const hashOf = (address: string) => createHash("sha256").update(address).digest("hex");

/** The link a mail to `address` carries, signed the way the server signs it: the address's hash, not the address. */
function linkFor(address: string): string {
  const h = hashOf(address);
  const s = createHmac("sha256", SECRET).update(`unsubscribe-hash|${h}`).digest("base64url");
  return `${PRODUCTION_BASE}/notifications/unsubscribe?h=${h}&s=${s}`;
}

/** A link mailed before decision 057, with the address in base64url: it still works. */
function oldLinkFor(address: string): string {
  const a = Buffer.from(address).toString("base64url");
  const s = createHmac("sha256", SECRET).update(`unsubscribe|${address}`).digest("base64url");
  return `${PRODUCTION_BASE}/notifications/unsubscribe?a=${a}&s=${s}`;
}

test("the mailed link asks first, then stops the mails; pressing again changes nothing", async ({ page }) => {
  await page.goto(linkFor("reader@example.test"));
  await expect(page).toHaveTitle(/^退订邮件/);
  await expect(page.getByText("今后不再向收到此邮件的邮箱发送关于举报办理进度的邮件？")).toBeVisible();
  await expect(page.getByText("reader@example.test")).toHaveCount(0);
  await page.getByRole("button", { name: "退订" }).click();
  await expect(page.getByText("已退订：今后不再向此邮箱发送举报进度邮件。")).toBeVisible();
  await page.goto(linkFor("reader@example.test"));
  await page.getByRole("button", { name: "退订" }).click();
  await expect(page.getByText("已退订：今后不再向此邮箱发送举报进度邮件。")).toBeVisible();
  // A link from a mail sent before links carried only the hash stops the mail too.
  await page.goto(oldLinkFor("old.reader@example.test"));
  await page.getByRole("button", { name: "退订" }).click();
  await expect(page.getByText("已退订：今后不再向此邮箱发送举报进度邮件。")).toBeVisible();
});

test("a link signed for another address, cut short or made up says so and stops nothing", async ({ page }) => {
  const forged = linkFor("reader@example.test").replace(/h=[0-9a-f]+/, `h=${hashOf("victim@example.test")}`);
  for (const url of [
    forged,
    linkFor("reader@example.test").slice(0, -3),
    `${PRODUCTION_BASE}/notifications/unsubscribe`,
  ]) {
    await page.goto(url);
    await expect(page.getByRole("alert")).toHaveText("退订链接无效或不完整，请从邮件中完整复制链接后重试。");
    await expect(page.getByRole("button", { name: "退订" })).toHaveCount(0);
  }
  // A hand-made POST with a bad signature: the message, not a 500, and nothing echoed back.
  const ctx = await playwrightRequest.newContext({
    baseURL: PRODUCTION_BASE,
    extraHTTPHeaders: { Origin: PRODUCTION_BASE },
  });
  for (const p of ["", "<script>alert(1)</script>", "x".repeat(5000), Buffer.from("a@b.c").toString("base64url")]) {
    const response = await ctx.post("/notifications/unsubscribe", { form: { h: p, a: p, s: p }, maxRedirects: 0 });
    expect(response.status(), p.slice(0, 20)).toBeLessThan(500);
    expect(await response.text()).not.toContain("<script>alert(1)</script>");
  }
  await ctx.dispose();
});
