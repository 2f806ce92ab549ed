import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS, DEMO_ENTERPRISES } from "#app/demo/demo-data.ts";
import { makeUscc } from "#app/enterprise/uscc.ts";

export const demo = Object.fromEntries(DEMO_ACCOUNTS.map((a) => [a.username, a])) as Record<
  string,
  (typeof DEMO_ACCOUNTS)[number]
>;
export const demoEnterprise = (key: string) => DEMO_ENTERPRISES.find((e) => e.key === key)!;

export async function signInPage(page: Page, username: string, password: string) {
  await page.goto("/login");
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/^(密码|Password)/).fill(password);
  await page.getByRole("button", { name: /^(登录|Sign in)$/ }).click();
  // Done when we have left the sign-in page, or it shows why not.
  await Promise.race([page.waitForURL((url) => !url.pathname.startsWith("/login")), page.getByRole("alert").waitFor()]);
}

/**
 * Signs a demo account in where sign-in itself is not under test: one POST to /login from the
 * page's own context (its cookies are the browser's), then the page goes where the form would
 * have sent it. Sign-in through the form is tested in foundation.spec and security.spec.
 */
export async function signInAs(page: Page, username: string) {
  const account = demo[username];
  if (!account) throw new Error(`no demo account "${username}"`);
  const response = await page.request.post("/login", {
    form: { username, password: account.password },
    headers: { "Sec-Fetch-Site": "same-origin" },
    maxRedirects: 0,
  });
  expect(response.status(), `signing in ${username}`).toBe(302);
  await page.goto(response.headers()["location"]!);
}

/** Another account in the same browser: only the session cookie goes (language and device stay). */
export async function switchTo(page: Page, username: string) {
  await page.context().clearCookies({ name: /^(__Host-)?gi_session$/ });
  await signInAs(page, username);
}

/** The status shown in an authorization's facts. */
export function statusOf(page: Page) {
  return page.locator("dl.facts strong").first();
}

export async function signOutPage(page: Page) {
  await page.getByRole("button", { name: /退出登录|Sign out/ }).click();
  await expect(page.getByText(/您已安全退出|You have signed out/)).toBeVisible();
}

/** Signs in through the real form over HTTP (same Origin as a browser would send). */
export async function signInApi(request: APIRequestContext, baseURL: string, username: string, password: string) {
  const response = await request.post(`${baseURL}/login`, {
    form: { username, password },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  return response;
}

let n = 0;
/** A fresh, valid credit code in the given county that no seed uses. */
export function freshUscc(divisionCode = "430923"): string {
  n += 1;
  const body = `MA${String(Date.now() % 1e5).padStart(5, "0")}${n % 10}`;
  return makeUscc("91", divisionCode, body);
}

export function toFullWidth(s: string): string {
  return [...s].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join("");
}
