import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { processNewScans } from "#app/alert/anomalies.server.ts";
import { raiseDueFlags } from "#app/alert/flags.server.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { encodeCode } from "#app/label-code/code.ts";
import { dashboard, LABEL_FLOWS, VERDICTS } from "#app/oversight/dashboard.server.ts";
import { fileReport } from "#app/report/report.server.ts";
import { ScanLog } from "#app/verification/scan-log.server.ts";
import { scan } from "#app/verification/verification.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeUser } from "#tests/support/factories.ts";
import { makeMark } from "#tests/support/register-factories.ts";
import { actOn, activeUser, labelsInEveryState, type LabelWorld } from "#tests/support/label-factories.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-dashboard-"));

let t: TestDatabase;
let a: LabelWorld;
let b: LabelWorld;
let admin: SessionUser;
let elsewhere: SessionUser;
let log: ScanLog;

beforeAll(async () => {
  t = await createTestDatabase();
  const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  const approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  admin = await makeUser(t.db, "admin");
  elsewhere = await makeUser(t.db, "regulator", { divisionCode: "611026" });
  const p = await t.db
    .insertInto("printer")
    .values({ name: "看板测试印务", division_code: "430900" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const printer = await makeUser(t.db, "printer", { printerId: p.id });
  const markA = await makeMark(t.db, { slug: "dash-tea" });
  const markB = await makeMark(t.db, { slug: "dash-honey" });
  await t.db.updateTable("mark").set({ target_users: 10, target_year: 2026 }).where("id", "=", markA.id).execute();
  await t.db.updateTable("mark").set({ target_users: 5, target_year: 2026 }).where("id", "=", markB.id).execute();
  await t.db
    .insertInto("mark_printer")
    .values([markA, markB].map((m) => ({ mark_id: m.id, printer_id: p.id })))
    .execute();
  a = { db: t.db, raw: t.raw, markId: markA.id, printerId: p.id, regulator, approver, printer };
  b = { ...a, markId: markB.id };
  log = new ScanLog(async () => t.db, { flushIntervalMs: 20 });

  // Tea: two users with labels in every state; one of them leaves. Honey: one of the tea users
  // too (counted once in the total), and a user who never collects.
  const first = await labelsInEveryState(a, "DB-001");
  const second = await labelsInEveryState(a, "DB-002");
  await activeUser(b, "430923", { as: { enterprise: first.enterprise, member: first.member } });
  const idle = await activeUser(b);
  await actOn(a, second.authorizationId, { action: "cancel", exitReason: "voluntary", comment: "主动退出" });
  // Admitted last year and no annual report: missing once its due date has passed.
  await t.db
    .updateTable("authorization")
    .set({ active_from: `${Number(shanghaiDate().slice(0, 4)) - 1}-06-01` })
    .where("id", "=", idle.authorizationId)
    .execute();
  // An application past its review clock, and a consumer report.
  const late = await activeUser(b);
  await t.db
    .updateTable("authorization")
    .set({ status: "accepted", review_due_on: "2026-01-05" })
    .where("id", "=", late.authorizationId)
    .execute();
  await fileReport(
    t.db,
    { codeInput: first.codeAt(3), problem: "fake_label", description: "包装可疑", placeKind: "shop", place: "某超市" },
    [],
  );

  const scanFrom = (input: string, network: string) =>
    scan(t.db, { input, channel: "page", network, userAgent: "vitest", viewToken: null }, { log, raw: t.raw });
  for (const code of [
    first.codeAt(0),
    first.codeAt(0),
    first.codeAt(1),
    second.codeAt(2),
    first.codeAt(10),
    first.codeAt(15),
  ])
    await scanFrom(code, "10.7.1.0/24");
  for (let i = 0; i < 3; i++) await scanFrom(encodeCode(crypto.getRandomValues(new Uint8Array(16))), "10.8.1.0/24");
  await log.flush();
  await processNewScans(t.db, { settle: true });
  await raiseDueFlags(t.db);
});
afterAll(async () => {
  await log?.close();
  await t?.drop();
});

/** The same figures, computed here from the raw rows with nothing but the definitions. */
async function independently(viewer: "regulator" | "admin") {
  const today = shanghaiDate();
  const year = Number(today.slice(0, 4));
  const marks = [a.markId, b.markId];
  const auths = await t.db.selectFrom("authorization").selectAll().where("mark_id", "in", marks).execute();
  const orders = await t.db.selectFrom("label_order").select(["id", "authorization_id"]).execute();
  const ledger = await t.db.selectFrom("label_ledger").selectAll().execute();
  const events = await t.db.selectFrom("authorization_event").selectAll().execute();
  const scans = await t.db.selectFrom("scan").selectAll().execute();
  const authOfOrder = new Map(orders.map((o) => [o.id, o.authorization_id]));
  const yearAgo = new Date(Date.parse(`${today}T00:00:00+08:00`) + 86_400_000);
  yearAgo.setUTCFullYear(yearAgo.getUTCFullYear() - 1);
  const collectedBy = new Set(
    ledger.filter((g) => g.action === "collect" && g.at >= yearAgo).map((g) => authOfOrder.get(g.order_id)),
  );
  const users = (markIds: string[]) => {
    const active = auths.filter((x) => markIds.includes(x.mark_id) && ["active", "rectifying"].includes(x.status));
    const enterprises = new Set(active.map((x) => x.enterprise_id));
    const used = new Set(active.filter((x) => collectedBy.has(x.id)).map((x) => x.enterprise_id));
    return { active: enterprises.size, usedIn12Months: used.size };
  };
  const flows = (month: string) =>
    Object.fromEntries(
      LABEL_FLOWS.map((f) => [
        f,
        ledger
          .filter(
            (g) =>
              g.action === f &&
              shanghaiDate(g.at).slice(0, 7) === month &&
              marks.includes(auths.find((x) => x.id === authOfOrder.get(g.order_id))?.mark_id ?? ""),
          )
          .reduce((s, g) => s + g.count, 0),
      ]),
    );
  const scansToday = Object.fromEntries(
    VERDICTS.map((v) => [
      v,
      scans.filter(
        (s) =>
          s.verdict === v &&
          shanghaiDate(s.scanned_at) === today &&
          (viewer === "admin" ? !s.mark_id || marks.includes(s.mark_id) : s.mark_id && marks.includes(s.mark_id)),
      ).length,
    ]),
  );
  const byYear = (action: (e: (typeof events)[number]) => boolean) =>
    new Set(
      events
        .filter((e) => action(e) && e.effective_on.startsWith(String(year)))
        .map((e) => auths.find((x) => x.id === e.authorization_id)?.enterprise_id)
        .filter(Boolean),
    ).size;
  const lastYear = year - 1;
  const owes = auths.filter(
    (x) =>
      ["active", "rectifying", "suspended", "cancelled", "withdrawn", "expired"].includes(x.status) &&
      x.active_from &&
      x.active_from <= `${lastYear}-12-31` &&
      (!x.exited_on || x.exited_on >= `${lastYear}-01-01`),
  );
  const flags = await t.db.selectFrom("flag").selectAll().where("resolved_at", "is", null).execute();
  return {
    tea: users([a.markId]),
    honey: users([b.markId]),
    total: users(marks),
    month: flows(today.slice(0, 7)),
    scansToday,
    entered: byYear((e) => e.action === "activate"),
    exited: byYear((e) => ["cancelled", "withdrawn", "expired"].includes(e.to_status)),
    missingAnnual: today > `${year}-03-31` ? owes.length : 0,
    overdueReviews: auths.filter(
      (x) => ["submitted", "accepted", "reviewed"].includes(x.status) && x.review_due_on && x.review_due_on < today,
    ).length,
    openFlags: flags.filter((f) => f.division_code === null || f.division_code.startsWith("430923")).length,
  };
}

it("shows the county's figures as computed independently from the seeded ledger and scan log", async () => {
  const expected = await independently("regulator");
  const d = (await dashboard(t.db, a.regulator))!;
  const tea = d.perMark.find((m) => m.slug === "dash-tea")!;
  const honey = d.perMark.find((m) => m.slug === "dash-honey")!;
  expect({ active: tea.active, usedIn12Months: tea.usedIn12Months }).toEqual(expected.tea);
  expect({ active: honey.active, usedIn12Months: honey.usedIn12Months }).toEqual(expected.honey);
  expect({ active: d.total.active, usedIn12Months: d.total.usedIn12Months }).toEqual(expected.total);
  // By eye: one tea user left; honey has two users, neither collected honey labels; the tea user who
  // also uses honey is counted once in the total.
  expect(expected).toMatchObject({
    tea: { active: 1, usedIn12Months: 1 },
    honey: { active: 2, usedIn12Months: 0 },
    total: { active: 2, usedIn12Months: 1 },
  });
  expect(tea.usageRate).toBe(1);
  expect(honey.usageRate).toBe(0);
  expect(tea.target).toBe(10);
  expect(d.total.target).toBe(15);

  const thisMonth = d.months.at(-1)!;
  expect({
    approve: thisMonth.approve,
    print: thisMonth.print,
    collect: thisMonth.collect,
    void: thisMonth.void,
  }).toEqual(expected.month);
  expect(expected.month).toEqual({ approve: 40, print: 40, collect: 20, void: 4 });

  const today = d.days.at(-1)!;
  expect(Object.fromEntries(VERDICTS.map((v) => [v, today[v]]))).toEqual(expected.scansToday);
  expect(today).toMatchObject({ genuine: 3, genuine_exited: 1, voided: 1, not_activated: 1, not_found: 0, total: 6 });

  const thisYear = d.years.at(-1)!;
  expect(thisYear).toEqual({ year: d.year, entered: expected.entered, exited: expected.exited });
  expect(tea.exitedThisYear).toBe(1);

  expect(d.counts).toMatchObject({
    openReports: 1,
    overdueReviews: expected.overdueReviews,
    missingAnnualReports: expected.missingAnnual,
    openFlags: expected.openFlags,
  });
  expect(d.counts.overdueReviews).toBe(1);
});

it("one mark on its own, the whole country for an administrator, nothing for another county", async () => {
  const honey = (await dashboard(t.db, a.regulator, { markSlug: "dash-honey" }))!;
  expect(honey.perMark.map((m) => m.slug)).toEqual(["dash-honey"]);
  expect(honey.total.active).toBe(2);
  expect(honey.days.at(-1)!.total).toBe(0);
  expect(await dashboard(t.db, a.regulator, { markSlug: "no-such-mark" })).toBeNull();

  const expected = await independently("admin");
  const all = (await dashboard(t.db, admin))!;
  const today = all.days.at(-1)!;
  // Unknown codes belong to no county: only the national view counts them.
  expect(Object.fromEntries(VERDICTS.map((v) => [v, today[v]]))).toEqual(expected.scansToday);
  expect(today.not_found).toBe(3);

  const other = (await dashboard(t.db, elsewhere))!;
  expect(other.perMark).toEqual([]);
  expect(other.total.active).toBe(0);
  expect(other.months.every((m) => m.approve === 0 && m.collect === 0)).toBe(true);
  expect(other.days.every((x) => x.total === 0)).toBe(true);
  expect(other.counts.openReports).toBe(0);
  expect(await dashboard(t.db, elsewhere, { markSlug: "dash-tea" })).toBeNull();
});
