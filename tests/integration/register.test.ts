import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyForMark, resubmitApplication } from "#app/authorization/application.server.ts";
import { transition, type TransitionInput } from "#app/authorization/transition.server.ts";
import { announceable, publishAnnouncement } from "#app/authorization/announcement.server.ts";
import { authorizedOn, registerOfMark } from "#app/authorization/register.server.ts";
import { addWorkingDays, shanghaiDate } from "#app/calendar/working-days.ts";
import { verifyAuditChain } from "#app/audit/audit.server.ts";
import { loadWorkCalendar } from "#app/calendar/work-calendar.server.ts";
import { DomainError } from "#app/errors.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeEnterprise, makeUser } from "#tests/support/factories.ts";
import { makeMark, SITE_CHECK_PDF } from "#tests/support/register-factories.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-register-"));

let t: TestDatabase;
let county: SessionUser;
let approver: SessionUser;
let provinceApprover: SessionUser;
let otherCounty: SessionUser;
beforeAll(async () => {
  t = await createTestDatabase();
  county = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  provinceApprover = await makeUser(t.db, "regulator", { divisionCode: "430000", isApprover: true });
  otherCounty = await makeUser(t.db, "regulator", { divisionCode: "611026", isApprover: true });
});
afterAll(async () => {
  await t?.drop();
});

const daysAgo = (n: number) => {
  const d = new Date(`${shanghaiDate()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
};

async function member() {
  const enterprise = await makeEnterprise(t.db, "430923");
  const user = await makeUser(t.db, "enterprise", { enterpriseId: enterprise.id });
  return { enterprise, user };
}

const application = (markId: string, townshipCode: string) => ({
  markId,
  route: "gi_product" as const,
  townshipCode,
  products: "千两茶",
  annualOutput: "50 吨",
  labelManagerName: "王标签",
  labelManagerPhone: "13800000001",
});

async function failure(p: Promise<unknown>) {
  try {
    await p;
    return "no error";
  } catch (e) {
    if (e instanceof DomainError) return e.key;
    throw e;
  }
}

async function act(user: SessionUser, id: string, input: Omit<TransitionInput, "version">) {
  const current = await t.db
    .selectFrom("authorization")
    .select("version")
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return transition(t.db, user, id, { ...input, version: current.version });
}

describe("entry: apply, review, approve, announce", () => {
  it("runs the whole path, keeps every round in the history and audits every step", async () => {
    const mark = await makeMark(t.db, { slug: "life-cycle" });
    const { enterprise, user } = await member();
    const applied = await applyForMark(t.db, user, application(mark.id, mark.townships[0]!));
    expect(applied).toMatchObject({
      status: "submitted",
      review_due_on: addWorkingDays(shanghaiDate(), 10, await loadWorkCalendar(t.db)),
    });

    await act(county, applied.id, { action: "return", comment: "请补充检验报告" });
    const returned = await t.db
      .selectFrom("authorization")
      .selectAll()
      .where("id", "=", applied.id)
      .executeTakeFirstOrThrow();
    expect(returned.status).toBe("returned");
    await resubmitApplication(t.db, user, applied.id, returned.version, {
      ...application(mark.id, mark.townships[0]!),
      products: "千两茶、茯砖茶",
    });

    await act(county, applied.id, { action: "accept" });
    await act(county, applied.id, {
      action: "review",
      comment: "现场核验符合要求，建议批准",
      document: SITE_CHECK_PDF,
    });
    await act(approver, applied.id, { action: "approve" });
    expect((await announceable(t.db, approver)).map((a) => a.id)).toContain(applied.id);

    // Approved today, so announced today: an announcement cannot precede the approval (decision 016).
    const publishedOn = shanghaiDate();
    const announcement = await publishAnnouncement(t.db, approver, {
      number: "安化GI〔2026〕1号",
      title: "关于准予使用的公告",
      publishedOn,
      authorizationIds: [applied.id],
    });
    const active = await t.db
      .selectFrom("authorization")
      .selectAll()
      .where("id", "=", applied.id)
      .executeTakeFirstOrThrow();
    expect(active).toMatchObject({
      status: "active",
      active_from: publishedOn,
      entry_announcement_id: announcement.id,
      products: "千两茶、茯砖茶",
    });

    const { rows } = await registerOfMark(t.db, mark.id, { limit: 50, offset: 0 });
    expect(rows).toEqual([
      expect.objectContaining({
        enterprise_name: enterprise.name,
        status: "active",
        entry_announcement: "安化GI〔2026〕1号",
      }),
    ]);

    const history = await t.db
      .selectFrom("authorization_event")
      .select(["action", "from_status", "to_status", "comment"])
      .where("authorization_id", "=", applied.id)
      .orderBy("id")
      .execute();
    expect(history.map((h) => `${h.action}:${h.from_status ?? "-"}>${h.to_status}`)).toEqual([
      "submit:->submitted",
      "return:submitted>returned",
      "submit:returned>submitted",
      "accept:submitted>accepted",
      "review:accepted>reviewed",
      "approve:reviewed>approved",
      "activate:approved>active",
    ]);
    expect(history[1]!.comment).toBe("请补充检验报告");

    const audited = await t.db
      .selectFrom("audit_entry")
      .select("action")
      .where("entity_id", "=", applied.id)
      .orderBy("seq")
      .execute();
    expect(audited.map((a) => a.action)).toEqual([
      "authorization.submit",
      "authorization.return",
      "authorization.resubmit",
      "authorization.accept",
      "authorization.review",
      "authorization.approve",
      "authorization.activate",
    ]);
    const publish = await t.db
      .selectFrom("audit_entry")
      .select("after")
      .where("entity_id", "=", announcement.id)
      .executeTakeFirstOrThrow();
    expect(publish.after).toMatchObject({ entries: [applied.id] });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);

    expect(await authorizedOn(t.db, { uscc: enterprise.uscc, markSlug: mark.slug, date: publishedOn })).toEqual({
      authorized: true,
      status: "active",
      since: publishedOn,
      until: null,
      announcement: "安化GI〔2026〕1号",
    });

    // Exit: cancelled today with a reason; not authorized after (legal-act-dates.test.ts covers dated exits).
    await act(county, applied.id, {
      action: "cancel",
      exitReason: "violation",
      comment: "超范围使用专用标志",
      documentRef: "安市监〔2026〕12号",
    });
    expect(
      await authorizedOn(t.db, { uscc: enterprise.uscc, markSlug: mark.slug, date: shanghaiDate() }),
    ).toMatchObject({ authorized: false, status: "cancelled", until: shanghaiDate() });
    expect(await authorizedOn(t.db, { uscc: enterprise.uscc, markSlug: mark.slug, date: daysAgo(1) })).toMatchObject({
      authorized: false,
      status: "none",
      since: null,
    });
    const exitRow = (await registerOfMark(t.db, mark.id, { limit: 50, offset: 0 })).rows[0];
    expect(exitRow).toMatchObject({ status: "cancelled", exited_on: shanghaiDate(), exit_reason: "violation" });
  });
});

describe("refusals change nothing and say why", () => {
  it("refuses invalid transitions and a stale form", async () => {
    const mark = await makeMark(t.db, { slug: "refusals" });
    const { user } = await member();
    const a = await applyForMark(t.db, user, application(mark.id, mark.townships[0]!));
    expect(await failure(act(approver, a.id, { action: "approve" }))).toBe("transition.notAllowed");
    expect(await failure(transition(t.db, county, a.id, { action: "accept", version: a.version + 5 }))).toBe(
      "form.stale",
    );
    expect(await failure(act(county, a.id, { action: "return" }))).toBe("form.required");
    expect(await failure(act(user, a.id, { action: "accept" }))).toBe("error.forbidden.text");
    expect(await failure(act(otherCounty, a.id, { action: "accept" }))).toBe("error.notFound.text");
    const unchanged = await t.db
      .selectFrom("authorization")
      .select(["status", "version"])
      .where("id", "=", a.id)
      .executeTakeFirstOrThrow();
    expect(unchanged).toEqual({ status: "submitted", version: a.version });
  });

  it("two approvals at the same moment make exactly one transition", async () => {
    const mark = await makeMark(t.db, { slug: "race" });
    const { user } = await member();
    const a = await applyForMark(t.db, user, application(mark.id, mark.townships[0]!));
    await act(county, a.id, { action: "accept" });
    const reviewed = await act(county, a.id, { action: "review", comment: "符合", document: SITE_CHECK_PDF });
    const results = await Promise.all([
      failure(transition(t.db, approver, a.id, { action: "approve", version: reviewed.version })),
      failure(transition(t.db, provinceApprover, a.id, { action: "approve", version: reviewed.version })),
    ]);
    expect(results.sort()).toEqual(["form.stale", "no error"]);
    const events = await t.db
      .selectFrom("authorization_event")
      .select("action")
      .where("authorization_id", "=", a.id)
      .where("action", "=", "approve")
      .execute();
    expect(events).toHaveLength(1);
  });

  it("cancelling twice is refused", async () => {
    const mark = await makeMark(t.db, { slug: "twice" });
    const { user } = await member();
    const a = await applyForMark(t.db, user, application(mark.id, mark.townships[0]!));
    await act(county, a.id, { action: "accept" });
    await act(county, a.id, { action: "review", comment: "符合", document: SITE_CHECK_PDF });
    await act(approver, a.id, { action: "approve" });
    await publishAnnouncement(t.db, approver, { number: "twice-1", title: "公告", authorizationIds: [a.id] });
    await act(county, a.id, { action: "cancel", exitReason: "voluntary", comment: "企业申请" });
    expect(await failure(act(county, a.id, { action: "cancel", exitReason: "voluntary", comment: "again" }))).toBe(
      "transition.notAllowed",
    );
  });

  it("refuses a production site outside the protection area, naming the area", async () => {
    const mark = await makeMark(t.db, { slug: "area", townships: ["430923101", "430923103"] });
    const { user } = await member();
    const error = await applyForMark(t.db, user, application(mark.id, "430923105")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    const e = error as DomainError;
    expect(e.key).toBe("application.outsideArea");
    expect(String(e.options.params?.area)).toBe("湖南省益阳市安化县清塘铺镇、仙溪镇");
    const count = await t.db
      .selectFrom("authorization")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("mark_id", "=", mark.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it("where the province approves, a county approver may not", async () => {
    const mark = await makeMark(t.db, { slug: "province", approvingLevel: "province" });
    const { user } = await member();
    const a = await applyForMark(t.db, user, application(mark.id, mark.townships[0]!));
    await act(county, a.id, { action: "accept" });
    await act(county, a.id, { action: "review", comment: "符合", document: SITE_CHECK_PDF });
    expect(await failure(act(approver, a.id, { action: "approve" }))).toBe("error.forbidden.text");
    await act(provinceApprover, a.id, { action: "approve" });
  });

  it("a certification licence cannot outlast the trademark", async () => {
    const mark = await makeMark(t.db, {
      slug: "licence",
      kind: "certification_mark",
      trademarkValidUntil: "2030-12-31",
    });
    const { user } = await member();
    const base = {
      ...application(mark.id, mark.townships[0]!),
      route: "certification_licensee" as const,
      licenceFilingNo: "备2026-1",
      licenceFilingDate: "2026-01-05",
    };
    expect(
      await failure(applyForMark(t.db, user, { ...base, licenceStart: "2026-01-01", licenceEnd: "2031-01-01" })),
    ).toBe("application.licenceBeyondMark");
    expect(await failure(applyForMark(t.db, user, { ...application(mark.id, mark.townships[0]!) }))).toBe(
      "application.routeMismatch",
    );
    expect(
      (await applyForMark(t.db, user, { ...base, licenceStart: "2026-01-01", licenceEnd: "2030-12-31" })).status,
    ).toBe("submitted");
  });
});
