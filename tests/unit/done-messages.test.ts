import { describe, expect, it } from "vitest";
import { en } from "#app/i18n/en.ts";
import { zhCN } from "#app/i18n/zh-CN.ts";
import { translator } from "#app/i18n/i18n.ts";

// Walkthrough: after an act the page said only "Done." / "已办理。"; it now says what happened.
describe("messages after an act", () => {
  it("say what was done and to how many labels, with the digits grouped", () => {
    expect(translator("en")("labels.done.receive", { n: 1000 })).toBe("Receipt of 1,000 labels confirmed.");
    expect(translator("en")("labels.done.void", { n: 1 })).toBe("1 label voided.");
    expect(translator("zh-CN")("labels.done.receive", { n: 1000 })).toBe("已确认签收 1,000 枚标签。");
    expect(translator("en")("authz.done.submit")).toBe("Application submitted.");
  });

  it("no message is a bare Done", () => {
    const bare = [...Object.values(en), ...Object.values(zhCN)].filter((v) =>
      /^(Done\.?|已办理。?|已完成。?)$/.test(v),
    );
    expect(bare).toEqual([]);
  });
});
