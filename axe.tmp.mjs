import { chromium } from "@playwright/test";
import { AxeBuilder } from "@axe-core/playwright";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
const ctx = await b.newContext({ viewport: { width: 1280, height: 900 } });
const p = await ctx.newPage();
const check = async (u) => {
  await p.goto("http://localhost:3400" + u);
  const r = await new AxeBuilder({ page: p }).withTags(["wcag2a", "wcag2aa"]).analyze();
  console.log(u, "passes", r.passes.length, "violations", r.violations.length, "incomplete", r.incomplete.length);
  for (const v of r.violations) console.log(u, v.impact, v.id, v.nodes.length, v.nodes[0].target.join(" "), v.nodes[0].failureSummary?.split("\n")[1]);
};
for (const u of ["/", "/marks", "/marks/anhua-dark-tea", "/announcements", "/inspections", "/v", "/reports/new", "/login"]) await check(u);
await p.goto("http://localhost:3400/login");
await p.getByLabel(/用户名/).fill("regulator.anhua");
await p.getByLabel(/密码/).fill("Demo-regulator-2026");
await p.getByRole("button", { name: "登录" }).click();
await p.waitForLoadState("networkidle");
for (const u of ["/regulator", "/regulator/dashboard", "/regulator/alerts", "/regulator/inspections", "/regulator/annual-reports", "/regulator/supervision-report", "/regulator/credit", "/regulator/reports", "/ledger", "/admin/marks"]) await check(u);
await b.close();
