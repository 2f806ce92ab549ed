import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyForMark } from "#app/authorization/application.server.ts";
import { transition, type TransitionInput } from "#app/authorization/transition.server.ts";
import { publishAnnouncement } from "#app/authorization/announcement.server.ts";
import { LEGAL_ACT_DAYS_BACK } from "#app/authorization/effective-date.ts";
import { authorizedOn } from "#app/authorization/register.server.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { DomainError } from "#app/errors.ts";
import { translator } from "#app/i18n/i18n.ts";
import { formatDate } from "#app/i18n/format.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeEnterprise, makeUser } from "#tests/support/factories.ts";
import { makeMark, SITE_CHECK_PDF } from "#tests/support/register-factories.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-legal-acts-"));

let t: TestDatabase;
let county: SessionUser;
let approver: SessionUser;
beforeAll(async () => {
  t = await createTestDatabase();
  county = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
});
afterAll(async () => {
  await t?.drop();
});

const daysAgo = (n: number) => {
  const d = new Date(`${shanghaiDate()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
};

async function refusal(p: Promise<unknown>) {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return {
    key: error.key,
    field: error.options.field,
    zh: translator("zh-CN")(error.key, error.options.params),
    en: translator("en")(error.key, error.options.params),
  };
}

async function act(user: SessionUser, id: string, input: Omit<TransitionInput, "version">) {
  const { version } = await t.db
    .selectFrom("authorization")
    .select("version")
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return transition(t.db, user, id, { ...input, version });
}

let n = 0;
/**
 * An approved application. With `ago`, its history lies in the past (written as older data would
 * be: the event log is append-only): submitted `ago + 2` days ago, approved `ago` days ago, or
 * with no recorded steps at all when `steps` is false.
 */
async function approved(ago = 0, steps = true) {
  const mark = await makeMark(t.db, { slug: `acts-${++n}` });
  const enterprise = await makeEnterprise(t.db, "430923", `日期测试企业${n}`);
  const application = {
    townshipCode: mark.townships[0]!,
    products: "茶",
    annualOutput: "1 吨",
    labelManagerName: "王",
    labelManagerPhone: "13800000000",
  };
  if (!ago) {
    const member = await makeUser(t.db, "enterprise", { enterpriseId: enterprise.id });
    const a = await applyForMark(t.db, member, { ...application, markId: mark.id, route: "gi_product" });
    await act(county, a.id, { action: "accept" });
    await act(county, a.id, { action: "review", comment: "符合", document: SITE_CHECK_PDF });
    await act(approver, a.id, { action: "approve" });
    return { id: a.id, enterprise, slug: mark.slug };
  }
  const { id } = await t.db
    .insertInto("authorization")
    .values({
      enterprise_id: enterprise.id,
      mark_id: mark.id,
      route: "gi_product",
      status: "approved",
      township_code: application.townshipCode,
      products: application.products,
      annual_output: application.annualOutput,
      label_manager_name: application.labelManagerName,
      label_manager_phone: application.labelManagerPhone,
      submitted_at: new Date(`${daysAgo(ago + 2)}T02:00:00Z`),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (steps)
    await t.db
      .insertInto("authorization_event")
      .values([
        { authorization_id: id, effective_on: daysAgo(ago + 2), action: "submit", to_status: "submitted" },
        {
          authorization_id: id,
          effective_on: daysAgo(ago),
          action: "approve",
          from_status: "reviewed",
          to_status: "approved",
        },
      ])
      .execute();
  return { id, enterprise, slug: mark.slug };
}

async function snapshot(id: string) {
  const row = await t.db
    .selectFrom("authorization")
    .select(["status", "version", "active_from", "exited_on", "entry_announcement_id"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  const events = await t.db
    .selectFrom("authorization_event")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("authorization_id", "=", id)
    .executeTakeFirstOrThrow();
  const audit = await t.db
    .selectFrom("audit_entry")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const announcements = await t.db
    .selectFrom("announcement")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return { row, events: Number(events.n), audit: Number(audit.n), announcements: Number(announcements.n) };
}

const announce = (id: string, publishedOn: string) =>
  publishAnnouncement(t.db, approver, {
    number: `公告-${id.slice(0, 8)}-${publishedOn}`,
    title: "公告",
    publishedOn,
    authorizationIds: [id],
  });

describe("an announcement's date is bounded", () => {
  it("refuses 1990-01-01, naming the approval date, and changes nothing", async () => {
    const { id, enterprise, slug } = await approved();
    const before = await snapshot(id);
    const refused = await refusal(announce(id, "1990-01-01"));
    expect(refused).toMatchObject({ key: "legalAct.beforeApproval", field: "publishedOn" });
    expect(refused.zh).toBe(`日期不得早于“${enterprise.name}”获批准的日期 ${formatDate(shanghaiDate(), "zh-CN")}。`);
    expect(refused.en).toContain(formatDate(shanghaiDate(), "en"));
    expect(await snapshot(id)).toEqual(before);
    expect(await authorizedOn(t.db, { uscc: enterprise.uscc, markSlug: slug, date: "1990-06-01" })).toMatchObject({
      authorized: false,
      since: null,
    });
  });

  it(`allows a signed decision up to ${LEGAL_ACT_DAYS_BACK} days back, not one day more`, async () => {
    const { id, enterprise, slug } = await approved(LEGAL_ACT_DAYS_BACK + 10);
    const before = await snapshot(id);
    const refused = await refusal(announce(id, daysAgo(LEGAL_ACT_DAYS_BACK + 1)));
    expect(refused).toMatchObject({ key: "legalAct.tooEarly", field: "publishedOn" });
    expect(refused.zh).toBe(
      `日期不得早于 ${formatDate(daysAgo(LEGAL_ACT_DAYS_BACK), "zh-CN")}：最多只能追溯 ${LEGAL_ACT_DAYS_BACK} 天。`,
    );
    expect(refused.en).toBe(
      `The date cannot be earlier than ${formatDate(daysAgo(LEGAL_ACT_DAYS_BACK), "en")}: at most ${LEGAL_ACT_DAYS_BACK} days back.`,
    );
    expect(await snapshot(id)).toEqual(before);

    await announce(id, daysAgo(LEGAL_ACT_DAYS_BACK));
    expect((await snapshot(id)).row).toMatchObject({ status: "active", active_from: daysAgo(LEGAL_ACT_DAYS_BACK) });
    expect(
      await authorizedOn(t.db, { uscc: enterprise.uscc, markSlug: slug, date: daysAgo(LEGAL_ACT_DAYS_BACK) }),
    ).toMatchObject({ authorized: true, since: daysAgo(LEGAL_ACT_DAYS_BACK) });
  });

  it("refuses a date before an included application's approval or submission, and a future date", async () => {
    const { id, enterprise } = await approved(5);
    const refused = await refusal(announce(id, daysAgo(6)));
    expect(refused.key).toBe("legalAct.beforeApproval");
    expect(refused.zh).toContain(formatDate(daysAgo(5), "zh-CN"));
    expect(refused.zh).toContain(enterprise.name);

    // An application with no recorded steps (older data): its submission is the bound.
    const unrecorded = await approved(5, false);
    const beforeSubmission = await refusal(announce(unrecorded.id, daysAgo(8)));
    expect(beforeSubmission.key).toBe("legalAct.beforeSubmission");
    expect(beforeSubmission.zh).toBe(
      `日期不得早于“${unrecorded.enterprise.name}”提交申请的日期 ${formatDate(daysAgo(7), "zh-CN")}。`,
    );

    const tomorrow = daysAgo(-1);
    const future = await refusal(announce(id, tomorrow));
    expect(future).toMatchObject({ key: "legalAct.tooLate", field: "publishedOn" });
    expect(future.zh).toBe(`日期不得晚于 ${formatDate(shanghaiDate(), "zh-CN")}。`);
    expect((await snapshot(id)).row.status).toBe("approved");
  });

  it("an announced exit cannot be dated before the exit", async () => {
    const { id, enterprise } = await approved(20);
    await announce(id, daysAgo(20));
    await act(county, id, { action: "cancel", exitReason: "violation", comment: "违规", effectiveOn: daysAgo(3) });
    const refused = await refusal(announce(id, daysAgo(4)));
    expect(refused.key).toBe("legalAct.beforeExit");
    expect(refused.zh).toBe(`日期不得早于“${enterprise.name}”退出的日期 ${formatDate(daysAgo(3), "zh-CN")}。`);
    await announce(id, daysAgo(3));
  });
});

describe("an exit's effective date is bounded", () => {
  it("a cancellation takes the decision's date within the window, after the last step, never ahead", async () => {
    const { id, enterprise, slug } = await approved(LEGAL_ACT_DAYS_BACK + 20);
    await announce(id, daysAgo(LEGAL_ACT_DAYS_BACK - 5)); // active from 25 days ago
    const before = await snapshot(id);
    const cancel = (effectiveOn: string) =>
      act(county, id, { action: "cancel", exitReason: "violation", comment: "违规", effectiveOn });

    const old = await refusal(cancel("1990-01-01"));
    expect(old).toMatchObject({ key: "legalAct.beforeLastStep", field: "effectiveOn" });
    expect(old.zh).toBe(
      `生效日期不得早于该用标资格上一次状态变化的日期 ${formatDate(daysAgo(LEGAL_ACT_DAYS_BACK - 5), "zh-CN")}。`,
    );
    expect((await refusal(cancel(daysAgo(-1)))).key).toBe("legalAct.tooLate");
    expect(await snapshot(id)).toEqual(before);

    await cancel(daysAgo(10));
    expect((await snapshot(id)).row).toMatchObject({ status: "cancelled", exited_on: daysAgo(10) });
    expect(await authorizedOn(t.db, { uscc: enterprise.uscc, markSlug: slug, date: daysAgo(11) })).toMatchObject({
      authorized: true,
      until: daysAgo(10),
    });
    expect(await authorizedOn(t.db, { uscc: enterprise.uscc, markSlug: slug, date: daysAgo(10) })).toMatchObject({
      authorized: false,
      status: "cancelled",
    });
  });

  it("past the window even when the last step is older; only a regulator's exits take a date", async () => {
    const { id } = await approved(LEGAL_ACT_DAYS_BACK + 20);
    await t.db
      .updateTable("authorization")
      .set({ status: "active", active_from: daysAgo(LEGAL_ACT_DAYS_BACK + 20) })
      .where("id", "=", id)
      .execute();
    const refused = await refusal(
      act(county, id, { action: "suspend", comment: "暂停", effectiveOn: daysAgo(LEGAL_ACT_DAYS_BACK + 1) }),
    );
    expect(refused).toMatchObject({ key: "legalAct.tooEarly", field: "effectiveOn" });
    expect(refused.zh).toContain(formatDate(daysAgo(LEGAL_ACT_DAYS_BACK), "zh-CN"));
    expect(
      (
        await refusal(
          act(county, id, {
            action: "order_rectification",
            comment: "整改",
            deadline: daysAgo(-30),
            effectiveOn: daysAgo(1),
          }),
        )
      ).key,
    ).toBe("form.invalid");
    await act(county, id, { action: "suspend", comment: "暂停", effectiveOn: daysAgo(2) });
    const event = await t.db
      .selectFrom("authorization_event")
      .select("effective_on")
      .where("authorization_id", "=", id)
      .where("action", "=", "suspend")
      .executeTakeFirstOrThrow();
    expect(event.effective_on).toBe(daysAgo(2));
  });
});
