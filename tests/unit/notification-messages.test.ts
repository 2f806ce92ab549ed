import { describe, expect, it } from "vitest";
import { LANGS } from "#app/i18n/i18n.ts";
import { NOTIFICATION_KINDS } from "#app/notification/kinds.ts";
import { renderNotification } from "#app/notification/message.ts";

// What a person reads in a notification: every placeholder filled, every enumerated value in words
// (an English sentence may say "expired" in words; a Chinese one has no Latin word at all).

function paramsFor(kind: string) {
  return {
    enterprise: "某茶业有限公司",
    mark: "安化黑茶",
    comment: "意见",
    deadline: "2026-12-31",
    on: "2026-12-01",
    due: "2027-03-31",
    year: 2026,
    number: "公告〔2026〕1号",
    quantity: 1200,
    ticket: "JB-20261201-0001",
    platform: "某电商平台",
    shop: "某某旗舰店",
    name: "张三",
    kind: "not_found_burst",
    area: "everywhere",
    status: kind === "report_status" ? "closed" : "expired",
    outcome: kind === "takedown_answered" ? "refused" : "transferred",
    note: "卖家已提供授权文件",
  };
}

describe("notification messages", () => {
  for (const lang of LANGS) {
    it(`fill every placeholder and name every value in words (${lang})`, () => {
      for (const kind of NOTIFICATION_KINDS) {
        const m = renderNotification(lang, kind, paramsFor(kind));
        for (const text of [m.subject, m.body, m.next]) {
          expect(text, `${lang} ${kind}`).not.toMatch(/[{}]|notify\./);
          expect(text, `${lang} ${kind}`).not.toMatch(/not_found_burst|\w+_\w+/);
          if (lang === "zh-CN") expect(text.replace("JB-", ""), kind).not.toMatch(/[a-z]{3,}/i);
        }
      }
    });
  }

  it("a consumer reads a different subject at each state of the report, and the closing one names the outcome", () => {
    for (const lang of LANGS) {
      const subjects = (["received", "assigned", "investigating", "closed"] as const).map(
        (status) =>
          renderNotification(lang, "report_status", { ticket: "JB-1", status, outcome: "not_substantiated" }).subject,
      );
      expect(new Set(subjects).size, lang).toBe(4);
      for (const s of subjects) expect(s, lang).not.toMatch(/[{}]|_/);
    }
    expect(
      renderNotification("zh-CN", "report_status", { ticket: "JB-1", status: "closed", outcome: "confirmed_fake" })
        .body,
    ).toContain("查实为假冒");
    // Queued before the outcome was carried: the general wording, every placeholder filled.
    expect(renderNotification("en", "report_status", { ticket: "JB-1", status: "closed" }).body).toBe(
      "Your report (ticket JB-1) is now: Closed.",
    );
  });

  it("an alert stored before alerts of no division were told still reads as divisional", () => {
    expect(renderNotification("en", "alert_raised", { kind: "not_found_burst" }).body).toBe(
      "A new alert was raised in your division: Burst of unknown codes from one network.",
    );
  });
});
