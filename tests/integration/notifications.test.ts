import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { raiseAlertIn } from "#app/alert/flags.server.ts";
import { SYSTEM_ACTOR } from "#app/audit/audit.server.ts";
import { verifyAuditChain } from "#app/audit/audit.server.ts";
import { publishAnnouncement } from "#app/authorization/announcement.server.ts";
import { applyForMark } from "#app/authorization/application.server.ts";
import { transition } from "#app/authorization/transition.server.ts";
import { addWorkingDays, shanghaiDate } from "#app/calendar/working-days.ts";
import { formatDate } from "#app/i18n/format.ts";
import { translator } from "#app/i18n/i18n.ts";
import { encodeCode } from "#app/label-code/code.ts";
import { decideOrder, orderLabels } from "#app/label/label-order.server.ts";
import { confirmEmail, inboxOf, setMailPreferences, unreadCount } from "#app/notification/inbox.server.ts";
import { notify } from "#app/notification/notify.server.ts";
import { deliverDueMail, listOutbox, MAX_ATTEMPTS, retryMail } from "#app/notification/outbox.server.ts";
import { addressHash, hashOfLink, unsubscribe } from "#app/notification/unsubscribe.server.ts";
import { runReminders } from "#app/oversight/reminders.server.ts";
import { actOnReport } from "#app/report/report-case.server.ts";
import { fileReport } from "#app/report/report.server.ts";
import { makeEnterprise, makeUser } from "#tests/support/factories.ts";
import { activeUser, actOn, type LabelWorld, markWithPrinter } from "#tests/support/label-factories.ts";
import { SITE_CHECK_PDF } from "#tests/support/register-factories.ts";
import { startTestSmtp, type TestSmtp } from "#tests/support/smtp.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-notify-"));

let t: TestDatabase;
let w: LabelWorld;
let smtp: TestSmtp;

/** An address confirmed the way a person does it: saved, then the mailed link opened. */
async function confirmedAddress(user: SessionUser, email: string, lang: "zh-CN" | "en") {
  await setMailPreferences(t.db, user, { email, lang, optOut: [] });
  await deliverDueMail(t.db, { transport: smtp.transport });
  const mail = smtp.received.findLast((m) => m.to && JSON.stringify(m.to).includes(email));
  const token = /confirm=([\w-]+)/.exec(mail?.text ?? "")?.[1];
  expect(token).toBeTruthy();
  await confirmEmail(t.db, user, token!);
}

/** Sends what is queued and returns the e-mails that arrived for `email`. */
async function mailTo(email: string) {
  await deliverDueMail(t.db, { transport: smtp.transport });
  return smtp.received.filter((m) => JSON.stringify(m.to).includes(email));
}

/** An application to the world's mark, from the first township of its protection area. */
async function applicationToMark() {
  const area = await t.db
    .selectFrom("mark_area")
    .select("division_code")
    .where("mark_id", "=", w.markId)
    .executeTakeFirstOrThrow();
  return {
    markId: w.markId,
    route: "gi_product" as const,
    townshipCode: area.division_code,
    products: "茶",
    annualOutput: "10 吨",
    labelManagerName: "李",
    labelManagerPhone: "13800000001",
  };
}

const kindsOf = async (user: SessionUser) => (await inboxOf(t.db, user)).map((n) => n.kind);

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startTestSmtp();
  const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  const approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  const { mark, printerId, printer } = await markWithPrinter(t.db, "通知测试印务", { slug: "notify" });
  w = { db: t.db, raw: t.raw, markId: mark.id, printerId, regulator, approver, printer };
});
afterAll(async () => {
  await smtp?.close();
  await t?.drop();
});

describe("events reach the inbox and the mailbox, once, in the recipient's language", () => {
  it("an application accepted, approved and announced; its label order approved; the printer's codes ready", async () => {
    const enterprise = await makeEnterprise(t.db, "430923", "通知茶业有限公司");
    const member = await makeUser(t.db, "enterprise", { enterpriseId: enterprise.id });
    await confirmedAddress(member, "member@example.test", "en");
    await confirmedAddress(w.printer, "printer@example.test", "zh-CN");
    const { authorizationId } = await activeUser(w, "430923", { as: { enterprise, member } });

    expect(await kindsOf(member)).toEqual(["announcement_published", "application_approved", "application_accepted"]);
    const mails = await mailTo("member@example.test");
    const subjects = mails.map((m) => m.subject);
    expect(subjects).toContain("Your application has been accepted");
    expect(subjects).toContain("Your application has been approved");
    expect(subjects).toContain("Announcement published: 通知茶业有限公司");
    const announced = mails.find((m) => m.subject?.startsWith("Announcement"))!;
    expect(announced.text).toContain("You can now order special-mark labels.");
    expect(announced.text).toMatch(/http:\/\/localhost:\d+\/announcements\/[0-9a-f-]{36}/);
    expect(announced.headers.get("content-language")).toBe("en");

    const order = await orderLabels(t.db, member, {
      authorizationId,
      quantity: 30,
      template: "方形",
      intendedProducts: "茶",
      printerId: w.printerId,
    });
    await decideOrder(
      t.db,
      w.regulator,
      order.id,
      { approve: true, quantity: 25, reason: "按产量核减", version: order.version },
      { raw: w.raw },
    );
    const approved = (await mailTo("member@example.test")).filter((m) => m.subject === "Label order approved");
    expect(approved).toHaveLength(1);
    expect(approved[0]!.text).toContain("approved for 25 labels");

    const printerMail = (await mailTo("printer@example.test")).filter((m) => m.subject === "印制编码已就绪");
    expect(printerMail).toHaveLength(1);
    expect(printerMail[0]!.text).toContain("25 枚编码已生成");
    // No label code reaches a mail provider.
    const codes = await t.db.selectFrom("label").select("code").where("order_id", "=", order.id).execute();
    const everything = smtp.received.map((m) => `${m.subject}\n${m.text}`).join("\n");
    for (const { code } of codes) expect(everything).not.toContain(encodeCode(new Uint8Array(code)));
    expect(await unreadCount(t.db, w.printer.id)).toBe(1);
  });

  it("an application returned with the opinion, another rejected; a refused label order; rectification, suspension, cancellation", async () => {
    const enterprise = await makeEnterprise(t.db, "430923", "通知二号茶厂");
    const member = await makeUser(t.db, "enterprise", { enterpriseId: enterprise.id });
    await confirmedAddress(member, "second@example.test", "zh-CN");
    const application = await applicationToMark();
    const apply = () => applyForMark(t.db, member, application);
    const returned = await apply();
    await transition(t.db, w.regulator, returned.id, {
      action: "return",
      version: returned.version,
      comment: "缺少产地证明",
    });
    let mails = await mailTo("second@example.test");
    const back = mails.filter((m) => m.subject === "您的用标申请已退回修改");
    expect(back).toHaveLength(1);
    expect(back[0]!.text).toContain("审查意见：缺少产地证明");
    expect(back[0]!.text).toContain("请按审查意见修改材料后重新提交");

    await transition(t.db, member, returned.id, { action: "withdraw", version: returned.version + 1 });
    const rejected = await apply();
    let v = (await transition(t.db, w.regulator, rejected.id, { action: "accept", version: rejected.version })).version;
    v = (
      await transition(t.db, w.regulator, rejected.id, {
        action: "review",
        version: v,
        comment: "不符合",
        document: SITE_CHECK_PDF,
      })
    ).version;
    await transition(t.db, w.approver, rejected.id, { action: "reject", version: v, comment: "产地不符" });
    mails = await mailTo("second@example.test");
    expect(mails.filter((m) => m.subject === "您的用标申请未获核准").map((m) => m.text)).toEqual([
      expect.stringContaining("理由：产地不符"),
    ]);

    const { authorizationId } = await activeUser(w, "430923", { as: { enterprise, member } });
    const order = await orderLabels(t.db, member, {
      authorizationId,
      quantity: 10,
      template: "方形",
      intendedProducts: "茶",
      printerId: w.printerId,
    });
    await decideOrder(t.db, w.regulator, order.id, { approve: false, reason: "数量超出产量", version: order.version });
    expect((await mailTo("second@example.test")).filter((m) => m.subject === "标签印制申请未获批准")).toHaveLength(1);

    const deadline = addWorkingDays(shanghaiDate(), 10);
    await actOn(w, authorizationId, { action: "order_rectification", comment: "标签使用不规范", deadline });
    await actOn(w, authorizationId, { action: "suspend", comment: "逾期未整改" });
    await actOn(w, authorizationId, { action: "cancel", comment: "严重违规", exitReason: "violation" });
    mails = await mailTo("second@example.test");
    const ordered = mails.filter((m) => m.subject?.startsWith("责令整改："));
    expect(ordered).toHaveLength(1);
    expect(ordered[0]!.text).toContain(`期限至 ${formatDate(deadline, "zh-CN")}`);
    expect(mails.filter((m) => m.subject?.startsWith("已暂停使用："))).toHaveLength(1);
    expect(mails.filter((m) => m.subject?.startsWith("用标资格已注销："))).toHaveLength(1);
    expect(await kindsOf(member)).toEqual(
      expect.arrayContaining([
        "authorization_cancelled",
        "authorization_suspended",
        "rectification_ordered",
        "label_order_refused",
      ]),
    );
  });

  it("a consumer report tells the division's regulators, and the consumer each change, in the language they wrote in", async () => {
    await confirmedAddress(w.regulator, "regulator@example.test", "zh-CN");
    const filed = await fileReport(
      t.db,
      {
        codeInput: "not-a-code",
        markId: w.markId,
        problem: "fake_label",
        description: "Blurred print",
        placeKind: "shop",
        place: "A shop",
        contact: "consumer@example.test",
        lang: "en",
      },
      [],
    );
    const toRegulator = (await mailTo("regulator@example.test")).filter(
      (m) => m.subject === `辖区收到新举报 ${filed.ticket}`,
    );
    expect(toRegulator).toHaveLength(1);
    await actOnReport(t.db, w.regulator, filed.id, { action: "assign", version: 1, assigneeId: w.regulator.id });
    const toConsumer = await mailTo("consumer@example.test");
    expect(toConsumer.map((m) => m.subject)).toEqual([
      `We received your report ${filed.ticket}`,
      `Your report ${filed.ticket} was assigned to an officer`,
    ]);
    expect(toConsumer[1]!.text).toContain("was assigned to an officer of the regulator");
    expect(toConsumer.some((m) => m.text?.includes("Blurred print"))).toBe(false);
  });

  it("an alert raised in a division tells its regulators", async () => {
    await t.db.transaction().execute((trx) =>
      raiseAlertIn(trx, SYSTEM_ACTOR, {
        kind: "not_found_burst",
        subject: "net:203.0.113.0/24",
        divisionCode: "430923",
        markId: w.markId,
        authorizationId: null,
        enterpriseId: null,
        detail: {},
        occurrences: 12,
        seenAt: new Date(),
        accumulate: false,
      }),
    );
    const mails = (await mailTo("regulator@example.test")).filter((m) => m.subject?.startsWith("新预警"));
    expect(mails.map((m) => m.subject)).toEqual(["新预警：同一网络集中查询不存在的码（测试标志-notify）"]);
  });

  it("an authorization restored, then expired, and its exit announced: each once, in English, no label code", async () => {
    const enterprise = await makeEnterprise(t.db, "430923", "通知到期茶厂");
    const member = await makeUser(t.db, "enterprise", { enterpriseId: enterprise.id });
    await confirmedAddress(member, "expiry@example.test", "en");
    const { authorizationId } = await activeUser(w, "430923", { as: { enterprise, member } });
    await actOn(w, authorizationId, {
      action: "order_rectification",
      comment: "标签使用不规范",
      deadline: addWorkingDays(shanghaiDate(), 10),
    });
    await actOn(w, authorizationId, { action: "restore", comment: "整改完成" });
    await actOn(w, authorizationId, { action: "expire", comment: "许可期满未续" });
    await publishAnnouncement(t.db, w.approver, {
      number: `X-${authorizationId.slice(0, 8)}`,
      title: "退出公告",
      authorizationIds: [authorizationId],
    });
    // A second delivery round finds nothing new: each event was mailed once.
    await mailTo("expiry@example.test");
    const mails = await mailTo("expiry@example.test");
    const subjects = mails.map((m) => m.subject);
    expect(subjects.filter((s) => s === "Use restored: 测试标志-notify")).toHaveLength(1);
    const expired = mails.filter((m) => m.subject === "Authorization expired: 测试标志-notify");
    expect(expired).toHaveLength(1);
    expect(expired[0]!.text).toContain(`ended on ${formatDate(shanghaiDate(), "en")} when its term ran out`);
    expect(expired[0]!.text).toContain("apply again if you wish to go on using it");
    expect(expired[0]!.text).toMatch(new RegExp(`/authorizations/${authorizationId}`));
    const exit = mails.filter((m) => m.subject === "Exit announced: 通知到期茶厂");
    expect(exit).toHaveLength(1);
    expect(exit[0]!.text).toContain(`Announcement X-${authorizationId.slice(0, 8)} was published`);
    expect(exit[0]!.text).toContain("(Expired)");
    expect(exit[0]!.text).toContain("Stop using the special mark");
    expect(exit[0]!.text).not.toMatch(/\bexpired\b|exit_announced|\{/);
    expect(await kindsOf(member)).toEqual(
      expect.arrayContaining(["exit_announced", "authorization_expired", "authorization_restored"]),
    );
    // The inbox holds the same event once.
    expect((await kindsOf(member)).filter((k) => k === "exit_announced")).toHaveLength(1);
  });

  it("an application not accepted tells the enterprise, with the grounds, in Chinese", async () => {
    const enterprise = await makeEnterprise(t.db, "430923", "通知不予受理茶厂");
    const member = await makeUser(t.db, "enterprise", { enterpriseId: enterprise.id });
    await confirmedAddress(member, "refused@example.test", "zh-CN");
    const a = await applyForMark(t.db, member, await applicationToMark());
    await transition(t.db, w.regulator, a.id, { action: "not_accept", version: a.version, comment: "不在保护范围内" });
    const mails = (await mailTo("refused@example.test")).filter((m) => m.subject === "您的用标申请未予受理");
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain("理由：不在保护范围内");
    expect(mails[0]!.headers.get("content-language")).toBe("zh-CN");
  });

  it("a consumer hears of every state of the report, once each, in Chinese, by ticket only", async () => {
    const filed = await fileReport(
      t.db,
      {
        codeInput: "not-a-code-either",
        markId: w.markId,
        problem: "fake_label",
        description: "印刷模糊",
        placeKind: "shop",
        place: "某超市",
        contact: "xiaofei@example.test",
        lang: "zh-CN",
      },
      [],
    );
    let v = (
      await actOnReport(t.db, w.regulator, filed.id, { action: "assign", version: 1, assigneeId: w.regulator.id })
    ).version;
    v = (await actOnReport(t.db, w.regulator, filed.id, { action: "investigate", version: v })).version;
    await actOnReport(t.db, w.regulator, filed.id, {
      action: "close",
      version: v,
      outcome: "confirmed_fake",
      note: "已立案查处",
    });
    await mailTo("xiaofei@example.test");
    const mails = await mailTo("xiaofei@example.test");
    // Each state its own subject; the closing one says what the status page says of the outcome.
    const zh = translator("zh-CN");
    expect(mails.map((m) => m.subject)).toEqual([
      `已收到您的举报 ${filed.ticket}`,
      `您的举报 ${filed.ticket} 已分派办理人员`,
      `您的举报 ${filed.ticket} 正在调查`,
      `您的举报 ${filed.ticket} 已办结：${zh("report.outcome.confirmed_fake")}`,
    ]);
    expect(zh("report.outcome.confirmed_fake")).toBe("查实为假冒");
    expect(mails[3]!.text).toContain(`处理结果：查实为假冒`);
    for (const m of mails) {
      expect(m.text).toContain(`/reports/status?ticket=${filed.ticket}`);
      expect(m.text).not.toContain("印刷模糊");
      expect(m.text).not.toContain("not-a-code-either");
    }
  });

  it("an alert of no division tells every regulator, once, each in their own language", async () => {
    const far = await makeUser(t.db, "regulator", { divisionCode: "611026" });
    await confirmedAddress(far, "far@example.test", "en");
    const raise = (subject: string, divisionCode: string | null) =>
      t.db.transaction().execute((trx) =>
        raiseAlertIn(trx, SYSTEM_ACTOR, {
          kind: "not_found_burst",
          subject,
          divisionCode,
          markId: null,
          authorizationId: null,
          enterpriseId: null,
          detail: {},
          occurrences: 12,
          seenAt: new Date(),
          accumulate: false,
        }),
      );
    // A divisional alert stays in its division.
    await raise("net:198.51.100.0/24", "430923");
    expect((await mailTo("far@example.test")).filter((m) => m.subject?.startsWith("New alert"))).toEqual([]);
    // One of no division reaches both counties; more evidence on the open alert tells no one again.
    await raise("net:192.0.2.0/24", null);
    await raise("net:192.0.2.0/24", null);
    const english = (await mailTo("far@example.test")).filter((m) => m.subject?.startsWith("New alert"));
    expect(english.map((m) => m.subject)).toEqual(["New alert: Burst of unknown codes from one network"]);
    expect(english[0]!.text).toContain("that belongs to no one division");
    const chinese = (await mailTo("regulator@example.test")).filter((m) => m.text?.includes("不属于某一辖区"));
    expect(chinese).toHaveLength(1);
    expect(chinese[0]!.subject).toBe("新预警：同一网络集中查询不存在的码");
  });

  it("a change rolled back tells no one", async () => {
    const before = await t.db
      .selectFrom("notification")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    await expect(
      t.db.transaction().execute(async (trx) => {
        await notify(trx, {
          kind: "report_filed",
          key: "rolled-back",
          to: { regulatorsCovering: "430923" },
          params: { ticket: "X" },
          link: "/",
        });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    const after = await t.db
      .selectFrom("notification")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(await t.db.selectFrom("mail_outbox").select("id").where("event_key", "=", "rolled-back").execute()).toEqual(
      [],
    );
  });
});

describe("a consumer stops the mails without an account", () => {
  it("the signed link in each mail stops later mail and what is still queued; a forged one stops nothing", async () => {
    const desk = await makeUser(t.db, "regulator", { divisionCode: "430923" });
    await confirmedAddress(desk, "desk@example.test", "en");
    const filed = await fileReport(
      t.db,
      {
        codeInput: "still-not-a-code",
        markId: w.markId,
        problem: "fake_label",
        description: "Odd label",
        placeKind: "shop",
        place: "A market",
        contact: "Stop.Me@example.test",
        lang: "en",
      },
      [],
    );
    const first = (await mailTo("Stop.Me@example.test")).filter((m) => m.subject?.includes(filed.ticket));
    expect(first).toHaveLength(1);
    const link = /To stop e-mails about your report, open: (\S+)/.exec(first[0]!.text ?? "")?.[1];
    // The link names the address by the hash the suppression table keeps, never the address itself.
    expect(link).toMatch(/^http:\/\/localhost:\d+\/notifications\/unsubscribe\?h=[0-9a-f]{64}&s=[\w-]+$/);
    expect(link).not.toMatch(/stop\.me/i);
    expect(link).not.toContain(Buffer.from("stop.me@example.test").toString("base64url"));
    expect(first[0]!.headerLines.find((h) => h.key === "list-unsubscribe")?.line).toContain(link!);
    const url = new URL(link!);
    const h = url.searchParams.get("h")!;
    const s = url.searchParams.get("s")!;
    expect(hashOfLink({ h, s })).toBe(addressHash("stop.me@example.test"));

    // A signature for one address does not stop another, and a cut or changed one stops nothing.
    const other = addressHash("someone.else@example.test");
    expect(hashOfLink({ h: other, s })).toBeNull();
    expect(hashOfLink({ h, s: s.slice(0, -1) })).toBeNull();
    expect(hashOfLink({ h: h.toUpperCase(), s })).toBeNull();
    await expect(unsubscribe(t.db, { h: other, s })).rejects.toThrow();
    expect(await t.db.selectFrom("mail_suppression").select("address_hash").execute()).toEqual([]);

    // A change queued before the press is dropped when its turn comes; later ones queue nothing.
    const assigned = await actOnReport(t.db, w.regulator, filed.id, {
      action: "assign",
      version: 1,
      assigneeId: w.regulator.id,
    });
    await unsubscribe(t.db, { h, s });
    await unsubscribe(t.db, { h, s });
    await actOnReport(t.db, w.regulator, filed.id, { action: "investigate", version: assigned.version });
    expect((await mailTo("Stop.Me@example.test")).filter((m) => m.subject?.includes(filed.ticket))).toHaveLength(1);
    expect(
      await t.db
        .selectFrom("mail_outbox")
        .select("state")
        .where("to_address", "ilike", "stop.me@example.test")
        .execute(),
    ).toEqual([{ state: "sent" }]);
    // The regulators still hear of the report; their mail points to their settings, not to a stop link.
    const regulatorMail = (await mailTo("desk@example.test")).find((m) => m.subject?.includes(filed.ticket))!;
    expect(regulatorMail.text).not.toContain("/notifications/unsubscribe");
    // Pressed twice, recorded once, without the address.
    const audit = await t.db.selectFrom("audit_entry").selectAll().where("action", "=", "mail.unsubscribe").execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toMatch(/stop\.me/i);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});

describe("the mail queue", () => {
  it("retries a refusing SMTP server with backoff, then sends once", async () => {
    const someone = await makeUser(t.db, "regulator", { divisionCode: "611026" });
    await confirmedAddress(someone, "retry@example.test", "en");
    await t.db.transaction().execute((trx) =>
      notify(trx, {
        kind: "report_filed",
        key: "retry-test",
        to: { userIds: [someone.id] },
        params: { ticket: "JB-1" },
        link: "/",
      }),
    );
    smtp.refuse = 2;
    const start = new Date();
    expect(await deliverDueMail(t.db, { transport: smtp.transport, now: start })).toEqual({ sent: 0, failed: 1 });
    const row = () =>
      t.db.selectFrom("mail_outbox").selectAll().where("event_key", "=", "retry-test").executeTakeFirstOrThrow();
    const first = await row();
    expect(first).toMatchObject({ state: "pending", attempts: 1 });
    expect(first.last_error).toContain("451");
    expect(first.next_attempt_at.getTime()).toBeGreaterThan(start.getTime());
    // Not due yet: nothing is tried.
    expect(await deliverDueMail(t.db, { transport: smtp.transport, now: start })).toEqual({ sent: 0, failed: 0 });
    expect(await deliverDueMail(t.db, { transport: smtp.transport, now: first.next_attempt_at })).toEqual({
      sent: 0,
      failed: 1,
    });
    const second = await row();
    expect(second.next_attempt_at.getTime() - first.next_attempt_at.getTime()).toBeGreaterThan(
      first.next_attempt_at.getTime() - start.getTime(),
    );
    expect(await deliverDueMail(t.db, { transport: smtp.transport, now: second.next_attempt_at })).toEqual({
      sent: 1,
      failed: 0,
    });
    expect(await deliverDueMail(t.db, { transport: smtp.transport, now: new Date(Date.now() + 86_400_000) })).toEqual({
      sent: 0,
      failed: 0,
    });
    expect(await row()).toMatchObject({ state: "sent", attempts: 3, last_error: null });
    expect(smtp.received.filter((m) => m.subject === "New report JB-1 in your division")).toHaveLength(1);
  });

  it("gives up after the last attempt and says so", async () => {
    await t.db.transaction().execute((trx) =>
      notify(trx, {
        kind: "report_filed",
        key: "give-up",
        to: { address: "nobody@example.test", lang: "en" },
        params: { ticket: "JB-2" },
        link: "/",
      }),
    );
    smtp.refuse = MAX_ATTEMPTS;
    let now = new Date();
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await deliverDueMail(t.db, { transport: smtp.transport, now });
      now = (
        await t.db
          .selectFrom("mail_outbox")
          .select("next_attempt_at")
          .where("event_key", "=", "give-up")
          .executeTakeFirstOrThrow()
      ).next_attempt_at;
    }
    const row = await t.db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("event_key", "=", "give-up")
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: "failed", attempts: MAX_ATTEMPTS });
    smtp.refuse = 0;
    // An administrator sends it again from the queue page: it goes, once.
    const admin = await makeUser(t.db, "admin");
    await expect(retryMail(t.db, w.regulator, row.id)).rejects.toMatchObject({ key: "error.forbidden.text" });
    await retryMail(t.db, admin, row.id);
    // Pressed again (a second tab, a double click): it is waiting, and the refusal says so.
    await expect(retryMail(t.db, admin, row.id)).rejects.toMatchObject({
      key: "outbox.notFailed",
      options: { status: 409, params: { state: "pending" } },
    });
    await expect(retryMail(t.db, admin, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({
      key: "error.notFound.text",
    });
    expect(await mailTo("nobody@example.test")).toHaveLength(1);
    const { rows, counts } = await listOutbox(t.db, { state: "sent" });
    expect(rows.find((r) => r.id === row.id)).toMatchObject({ state: "sent", attempts: 1 });
    expect(counts.failed ?? 0).toBe(0);
  });

  it("a person who turned a kind off still sees it in the inbox but gets no e-mail", async () => {
    const quiet = await makeUser(t.db, "regulator", { divisionCode: "611026" });
    await confirmedAddress(quiet, "quiet@example.test", "zh-CN");
    await setMailPreferences(t.db, quiet, { email: "quiet@example.test", lang: "zh-CN", optOut: ["report_filed"] });
    await t.db.transaction().execute((trx) =>
      notify(trx, {
        kind: "report_filed",
        key: "opt-out",
        to: { userIds: [quiet.id] },
        params: { ticket: "JB-3" },
        link: "/",
      }),
    );
    expect(await kindsOf(quiet)).toContain("report_filed");
    expect((await mailTo("quiet@example.test")).filter((m) => m.subject?.includes("JB-3"))).toEqual([]);
  });
});

describe("the reminder job", () => {
  it("reminds of a rectification deadline 3 working days ahead and a review deadline 2 ahead, once however often it runs", async () => {
    const day = addWorkingDays(shanghaiDate(), 1);
    const enterprise = await makeEnterprise(t.db, "430923", "提醒茶业");
    const member = await makeUser(t.db, "enterprise", { enterpriseId: enterprise.id });
    await confirmedAddress(member, "remind@example.test", "en");
    const { authorizationId } = await activeUser(w, "430923", { as: { enterprise, member } });
    await actOn(w, authorizationId, {
      action: "order_rectification",
      comment: "整改",
      deadline: addWorkingDays(day, 3),
    });

    const first = await runReminders(t.db, day);
    const second = await runReminders(t.db, day);
    expect(first.ran).toBe(true);
    expect(first.reminded).toBeGreaterThanOrEqual(1);
    expect(second).toEqual({ ran: false, reminded: 0 });
    // Even a run that gets the day again (a crashed run retried) tells no one twice.
    await t.db.deleteFrom("job_run").execute();
    expect((await runReminders(t.db, day)).reminded).toBe(0);
    const mails = (await mailTo("remind@example.test")).filter((m) =>
      m.subject?.startsWith("Rectification deadline near"),
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain("3 working days away");

    // An application whose review is due 2 working days after the day: the county's regulators hear.
    const applicant = await makeEnterprise(t.db, "430923", "审查茶业");
    const applicantMember = await makeUser(t.db, "enterprise", { enterpriseId: applicant.id });
    const pending = await applyForMark(t.db, applicantMember, await applicationToMark());
    const next = addWorkingDays(day, 1);
    await t.db
      .updateTable("authorization")
      .set({ review_due_on: addWorkingDays(next, 2) })
      .where("id", "=", pending.id)
      .execute();
    expect((await runReminders(t.db, next)).ran).toBe(true);
    await t.db.deleteFrom("job_run").execute();
    await runReminders(t.db, next);
    const told = (await mailTo("regulator@example.test")).filter((m) => m.subject === "审查期限将至：审查茶业");
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain("还剩 2 个工作日");
  });

  it("reminds of an annual report 30 days before it is due and once when it is overdue; not on a day off", async () => {
    const member = (
      await t.db
        .selectFrom("app_user")
        .select("id")
        .where("email", "=", "member@example.test")
        .executeTakeFirstOrThrow()
    ).id;
    const year = Number(shanghaiDate().slice(0, 4));
    expect(await runReminders(t.db, `${year + 1}-03-06`)).toEqual({ ran: false, reminded: 0 }); // a Saturday in 2027
    await runReminders(t.db, `${year + 1}-03-05`);
    await runReminders(t.db, `${year + 1}-03-08`);
    await runReminders(t.db, `${year + 1}-04-01`);
    await runReminders(t.db, `${year + 1}-04-02`);
    const kinds = await t.db
      .selectFrom("notification")
      .select("kind")
      .where("user_id", "=", member)
      .where("kind", "like", "annual_report%")
      .execute();
    expect(kinds.map((k) => k.kind).sort()).toEqual(["annual_report_due", "annual_report_overdue"]);
    const mails = (await mailTo("member@example.test")).filter((m) => m.subject?.startsWith("Annual usage report"));
    expect(mails.map((m) => m.subject).sort()).toEqual([
      "Annual usage report due in 30 days",
      "Annual usage report overdue",
    ]);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});
