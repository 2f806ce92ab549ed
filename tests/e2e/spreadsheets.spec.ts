import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { readTable } from "#app/spreadsheet/read-table.server.ts";
import { demo, signInApi } from "./helpers.ts";
import { DEMO_BASE } from "./ports.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async function as(username: string): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL: DEMO_BASE });
  expect((await signInApi(ctx, DEMO_BASE, username, demo[username]!.password)).status()).toBe(302);
  return ctx;
}

/** The .xlsx twin of a CSV list holds the same header and as many rows. */
async function sameList(ctx: APIRequestContext, csvUrl: string, xlsxUrl: string) {
  const csv = await ctx.get(csvUrl);
  expect(csv.status(), csvUrl).toBe(200);
  const xlsx = await ctx.get(xlsxUrl);
  expect(xlsx.status(), xlsxUrl).toBe(200);
  expect(xlsx.headers()["content-type"]).toBe(XLSX);
  expect(xlsx.headers()["content-disposition"]).toMatch(/\.xlsx"$/);
  const fromCsv = await readTable(await csv.body());
  const fromXlsx = await readTable(await xlsx.body());
  if (!fromCsv.ok || !fromXlsx.ok) throw new Error(`${csvUrl} unreadable`);
  expect(fromXlsx.rows[0], xlsxUrl).toEqual(fromCsv.rows[0]);
  expect(fromXlsx.rows.length, xlsxUrl).toBe(fromCsv.rows.length);
  return fromXlsx.rows;
}

test("every list that exports CSV also exports .xlsx with the same header and rows", async () => {
  test.setTimeout(120_000);
  const regulator = await as("regulator.anhua");
  const regulatorLists = [
    "/export/enterprises",
    "/export/applications?open=1",
    "/export/label-orders",
    "/export/reports?status=all",
    "/export/credit",
    "/export/inspections?mine=1",
    "/export/managed-marks",
    "/export/marks",
    "/export/announcements",
    "/export/register?mark=anhua-dark-tea",
    "/export/inspections",
  ];
  for (const url of regulatorLists) await sameList(regulator, url, url.replace(/(\?|$)/, ".xlsx$1"));
  for (const url of [
    "/regulator/alerts.csv",
    "/regulator/annual-reports.csv?year=2026",
    "/regulator/supervision-report.csv?year=2026",
    "/regulator/dashboard.csv?chart=marks",
    "/regulator/dashboard.csv?chart=years",
    "/regulator/dashboard.csv?chart=months",
    "/regulator/dashboard.csv?chart=days",
    "/ledger.csv?by=order",
  ])
    await sameList(regulator, url, url.replace(".csv", ".xlsx"));

  // Typed cells: the register's entry dates are dates, the dashboard's counts numbers.
  const register = await sameList(
    regulator,
    "/export/register?mark=anhua-dark-tea",
    "/export/register.xlsx?mark=anhua-dark-tea",
  );
  expect(register.slice(1).some((row) => row.some((c) => c instanceof Date))).toBe(true);
  const perMark = await sameList(
    regulator,
    "/regulator/dashboard.csv?chart=marks",
    "/regulator/dashboard.xlsx?chart=marks",
  );
  expect(typeof perMark[1]![1]).toBe("number");

  const admin = await as("admin");
  await sameList(admin, "/admin/audit.csv", "/admin/audit.xlsx");
  await sameList(admin, "/export/accounts", "/export/accounts.xlsx");

  // The printer's code file and an order's ledger, with the same permission as their CSV.
  const printer = await as("printer.demo");
  const page = await (await printer.get("/printer")).text();
  const order = page.match(/\/label-orders\/[0-9a-f-]{36}/)![0];
  const codes = await sameList(printer, `${order}/codes.csv`, `${order}/codes.xlsx`);
  // Its header and one row per label, each row's URL carrying its code (percent-encoded where QR
  // alphanumeric mode has no such character). Other specs may have made more orders, so the count
  // is the order's own, compared with its CSV by sameList.
  expect(codes[0]).toEqual(["serial", "code", "url"]);
  expect(codes.length).toBeGreaterThan(1);
  for (const [, code, url] of codes.slice(1))
    expect(decodeURIComponent(String(url)).endsWith(`/V/${String(code)}`), String(url)).toBe(true);
  await sameList(printer, `${order}/ledger.csv`, `${order}/ledger.xlsx`);

  // Public lists as the public sees them; private ones refused exactly as their CSV is.
  const anonymous = await playwrightRequest.newContext({ baseURL: DEMO_BASE });
  await sameList(anonymous, "/export/marks", "/export/marks.xlsx");
  for (const url of ["/export/enterprises.xlsx", "/admin/audit.xlsx", `${order}/codes.xlsx`]) {
    const refused = await anonymous.get(url, { maxRedirects: 0 });
    expect(refused.headers()["content-type"] ?? "").not.toBe(XLSX);
    expect([302, 303, 403, 404]).toContain(refused.status());
  }
  expect((await regulator.get(`${order}/codes.xlsx`)).status()).toBe(404);
});
