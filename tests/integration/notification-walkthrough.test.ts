import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  inboxOf,
  markAllRead,
  openNotification,
  setMailPreferences,
  unreadCount,
} from "#app/notification/inbox.server.ts";
import { notify } from "#app/notification/notify.server.ts";
import { addressHash, unsubscribePath } from "#app/notification/unsubscribe.server.ts";
import { action as unsubscribeAction } from "#app/routes/notifications.unsubscribe.tsx";
import { listOutbox, mailAsSent } from "#app/notification/outbox.server.ts";
import { createSession, type SessionUser } from "#app/accounts/session.server.ts";
import { translator } from "#app/i18n/i18n.ts";
import { raiseAlertIn } from "#app/alert/flags.server.ts";
import { SYSTEM_ACTOR } from "#app/audit/audit.server.ts";
import { renderNotification } from "#app/notification/message.ts";
import { action as saveSettings, loader as settingsPage } from "#app/routes/notifications.settings.tsx";
import { loader as mailPage } from "#app/routes/admin.mail_.$mailId.tsx";
import { loader as mailQueue } from "#app/routes/admin.mail.tsx";
import { loader as openItem } from "#app/routes/notifications.$notificationId.ts";
import { makeEnterprise, makeUser } from "#tests/support/factories.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { ROUTE_CONTEXT, routeAnswer } from "#tests/support/route-answer.ts";

// What a newcomer to the notifications met (issue: a walkthrough of 046/052), checked as they see it.

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-notify-walk-"));

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  (globalThis as Record<symbol, unknown>)[Symbol.for("gi-mark-registry.db")] = Promise.resolve(t);
});

const cookieOf = async (user: SessionUser) =>
  `gi_session=${(await createSession(t.db, user.id, { ipNetwork: null, userAgent: null })).token}`;
const ctx = ROUTE_CONTEXT;
const answer = (p: Promise<unknown>) => routeAnswer<unknown>(p);
afterAll(async () => {
  await t?.drop();
});

describe("the administrator reads a queued message as its recipient will", () => {
  it("an address confirmation waiting for a mail server: subject, language, text and the link to press", async () => {
    const person = await makeUser(t.db, "admin");
    await setMailPreferences(t.db, person, { email: "walk@example.test", lang: "en", optOut: [] });
    const { rows } = await listOutbox(t.db);
    const queued = rows.find((r) => r.to_address === "walk@example.test")!;
    expect(queued.state).toBe("pending");
    const mail = await mailAsSent(t.db, queued.id);
    expect(mail).toMatchObject({ to: "walk@example.test", lang: "en", subject: "Confirm your e-mail address" });
    expect(mail!.link).toMatch(/\/notifications\/settings\?confirm=[\w-]+$/);
    expect(mail!.text).toContain(mail!.link);
    expect(mail!.text).toContain("Open the link below to confirm");
  });

  it("only the administrator opens a message; anyone else is refused", async () => {
    const admin = await makeUser(t.db, "admin");
    const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
    const queued = (await listOutbox(t.db)).rows[0]!;
    const open = async (user: SessionUser) =>
      answer(
        mailPage({
          request: new Request(`http://localhost/admin/mail/${queued.id}`, {
            headers: { Cookie: await cookieOf(user) },
          }),
          params: { mailId: queued.id },
          context: ctx,
        }),
      );
    const page = (await open(admin)) as { message: { subject: string; text: string }; demo: boolean };
    expect(page.message.subject).toBe("Confirm your e-mail address");
    expect(page.message.text).toMatch(/confirm=[\w-]+/);
    expect(((await open(regulator)) as Response).status).toBe(403);
  });

  it("the mail queue says when no mail server is configured, so queued mail does not look stuck", async () => {
    const admin = await makeUser(t.db, "admin");
    const page = (await answer(
      mailQueue({
        request: new Request("http://localhost/admin/mail", { headers: { Cookie: await cookieOf(admin) } }),
        params: {},
        context: ctx,
      }),
    )) as { mailServer: boolean; counts: { pending: number } };
    // The tests run without SMTP_URL: the page's warning (outbox.noMailServer) shows.
    expect(page.mailServer).toBe(false);
    expect(page.counts.pending).toBeGreaterThan(0);
  });

  it("no such message: nothing to show", async () => {
    expect(await mailAsSent(t.db, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});

describe("the inbox", () => {
  it("following an item's link marks that item read, only the owner's; mark all read still clears the rest", async () => {
    const reader = await makeUser(t.db, "regulator", { divisionCode: "430923" });
    const other = await makeUser(t.db, "regulator", { divisionCode: "611026" });
    for (const n of [1, 2])
      await t.db.transaction().execute((trx) =>
        notify(trx, {
          kind: "report_filed",
          key: `walk-inbox-${n}`,
          to: { userIds: [reader.id] },
          params: { ticket: `JB-${n}` },
          link: `/regulator/reports/00000000-0000-4000-8000-00000000000${n}`,
        }),
      );
    const [second, first] = await inboxOf(t.db, reader);
    expect(await unreadCount(t.db, reader.id)).toBe(2);

    expect(await openNotification(t.db, other, first!.id)).toBeNull();
    expect(await unreadCount(t.db, reader.id)).toBe(2);

    expect(await openNotification(t.db, reader, first!.id)).toBe(first!.link);
    expect((await inboxOf(t.db, reader)).map((n) => [n.id, n.read_at !== null])).toEqual([
      [second!.id, false],
      [first!.id, true],
    ]);
    // Opening it again changes nothing and still leads to the page; through the route, a redirect.
    const res = (await answer(
      openItem({
        request: new Request(`http://localhost/notifications/${first!.id}`, {
          headers: { Cookie: await cookieOf(reader) },
        }),
        params: { notificationId: first!.id },
        context: ctx,
      }),
    )) as Response;
    expect([res.status, res.headers.get("Location")]).toEqual([302, first!.link]);
    const foreign = (await answer(
      openItem({
        request: new Request(`http://localhost/notifications/${second!.id}`, {
          headers: { Cookie: await cookieOf(other) },
        }),
        params: { notificationId: second!.id },
        context: ctx,
      }),
    )) as Response;
    expect(foreign.status).toBe(404);
    expect(await markAllRead(t.db, reader)).toBe(1);
    expect(await unreadCount(t.db, reader.id)).toBe(0);
  });
});

describe("the notification settings", () => {
  it("offer each person only the kinds told to their role, and say a confirmation mail went to a new address", async () => {
    const zh = translator("zh-CN");
    const enterprise = await makeUser(t.db, "enterprise", { enterpriseId: (await makeEnterprise(t.db, "430923")).id });
    const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
    const offered = async (user: SessionUser) => {
      const page = (await settingsPage({
        request: new Request("http://localhost/notifications/settings", { headers: { Cookie: await cookieOf(user) } }),
        params: {},
        context: ctx,
      })) as { kinds: string[] };
      return page.kinds.map((k) => zh(`notification.kind.${k}` as Parameters<typeof zh>[0]));
    };
    const forEnterprise = await offered(enterprise);
    expect(forEnterprise).toContain("年度报告提醒");
    for (const foreign of ["审查期限提醒", "新举报", "新预警", "网店线索", "编码可印制", "举报进展", "邮箱确认"])
      expect(forEnterprise).not.toContain(foreign);
    const forRegulator = await offered(regulator);
    expect(forRegulator).toEqual(expect.arrayContaining(["审查期限提醒", "新举报", "新预警", "网店线索"]));
    expect(forRegulator).not.toContain("年度报告提醒");

    const save = async (email: string) => {
      const body = new URLSearchParams([
        ["email", email],
        ["lang", "zh-CN"],
        ["wanted", "annual_report_due"],
      ]);
      const res = (await answer(
        saveSettings({
          request: new Request("http://localhost/notifications/settings", {
            method: "POST",
            headers: { Cookie: await cookieOf(enterprise), "Content-Type": "application/x-www-form-urlencoded" },
            body,
          }),
          params: {},
          context: ctx,
        }),
      )) as Response;
      return new URL(res.headers.get("Location")!, "http://localhost").searchParams.get("notice");
    };
    expect(await save("firm@example.test")).toBe("notification.prefs.savedConfirmSent");
    expect(zh("notification.prefs.savedConfirmSent")).toContain("确认邮件已发送");
    // Saved again with the same address: nothing new was mailed, and the page says only "saved".
    expect(await save("firm@example.test")).toBe("notification.prefs.saved");
  });
});

describe("alerts", () => {
  it("name the enterprise they are about, so three of one kind read as three enterprises", async () => {
    const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
    const names = ["甲茶业有限公司", "乙茶业有限公司", "丙茶业有限公司"];
    for (const name of names) {
      const enterprise = await makeEnterprise(t.db, "430923", name);
      await t.db.transaction().execute((trx) =>
        raiseAlertIn(trx, SYSTEM_ACTOR, {
          kind: "annual_report_missing",
          subject: `${enterprise.id}:2025`,
          divisionCode: "430923",
          markId: null,
          authorizationId: null,
          enterpriseId: enterprise.id,
          detail: { year: 2025 },
          occurrences: 1,
          seenAt: new Date(),
          accumulate: false,
        }),
      );
    }
    const alerts = (await inboxOf(t.db, regulator)).filter((n) => n.kind === "alert_raised");
    expect(alerts.map((n) => renderNotification("zh-CN", n.kind, n.params).subject).sort()).toEqual(
      names.map((name) => `新预警：未按期提交年度使用报告（${name}）`).sort(),
    );
    expect(renderNotification("en", alerts[0]!.kind, alerts[0]!.params).body).toMatch(
      /^A new alert about “[甲乙丙]茶业有限公司” was raised in your division: /,
    );
  });
});

describe("confirmation mails cannot be turned on a stranger", () => {
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => "sent",
      (e: { key?: string }) => e.key ?? String(e),
    );
  const confirmations = async (address: string) =>
    (await listOutbox(t.db)).rows.filter((m) => m.kind === "email_confirm" && m.to_address.toLowerCase() === address)
      .length;

  it("a change of letter case is the same address, and an account asks for a few an hour at most", async () => {
    const printer = await makeUser(t.db, "admin");
    const prefs = (email: string) => setMailPreferences(t.db, printer, { email, lang: "zh-CN", optOut: [] });
    expect(await prefs("victim@example.com")).toEqual({ confirmSent: true });
    // VICTIM@ is victim@: nothing more is mailed.
    expect(await prefs("VICTIM@example.com")).toEqual({ confirmSent: false });
    expect(await confirmations("victim@example.com")).toBe(1);
    await prefs("other1@example.com");
    await prefs("other2@example.com");
    // The fourth within the hour is refused, in words, and nothing is queued or saved.
    expect(await refusal(prefs("victim@example.com"))).toBe("notification.prefs.tooManyConfirmations");
    expect(await confirmations("victim@example.com")).toBe(1);
    const saved = await t.db
      .selectFrom("app_user")
      .select("email")
      .where("id", "=", printer.id)
      .executeTakeFirstOrThrow();
    expect(saved.email).toBe("other2@example.com");
  });

  it("an address that unsubscribed gets no confirmation mail", async () => {
    const someone = await makeUser(t.db, "admin");
    await t.db
      .insertInto("mail_suppression")
      .values({ address_hash: addressHash("stopped@example.com") })
      .execute();
    expect(
      await refusal(setMailPreferences(t.db, someone, { email: "Stopped@Example.com", lang: "en", optOut: [] })),
    ).toBe("notification.prefs.addressStopped");
    expect(await confirmations("stopped@example.com")).toBe(0);
  });
});

describe("one-click unsubscribe (RFC 8058)", () => {
  it("a mail provider's POST of List-Unsubscribe=One-Click to the link stops the mail; a broken link says so in words", async () => {
    const path = unsubscribePath("oneclick@example.com");
    const post = (url: string) =>
      answer(
        unsubscribeAction({
          request: new Request(`http://localhost${url}`, {
            method: "POST",
            headers: { "Content-Type": "application/x-www-form-urlencoded" },
            body: "List-Unsubscribe=One-Click",
          }),
          params: {},
          context: ctx,
        }),
      );
    const done = (await post(path)) as Response;
    expect(done.status).toBe(200);
    const stopped = await t.db
      .selectFrom("mail_suppression")
      .select("address_hash")
      .where("address_hash", "=", addressHash("oneclick@example.com"))
      .executeTakeFirst();
    expect(stopped).toBeDefined();
    // Cut short: the page's one message, not the link's field names.
    const broken = (await post(path.replace(/&s=.*/, ""))) as { init: { status: number }; data: unknown };
    expect(broken.init.status).toBe(400);
    expect(JSON.stringify(broken.data)).toContain("notification.unsubscribe.badLink");
    expect(JSON.stringify(broken.data)).not.toMatch(/"(h|a|s)":\{/);
  });
});
