import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { en } from "#app/i18n/en.ts";

/** Chinese characters and full-width punctuation (，。：；（）、“” and the rest of the CJK blocks). */
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;

/**
 * English messages that quote Chinese on purpose: the button that switches to Chinese, the column
 * names of the Chinese register template, a date as Chinese users type it, and an authority's
 * Chinese name as the example of what to enter.
 */
const QUOTES_CHINESE = new Set([
  "lang.switch",
  "import.err.noHeader",
  "import.err.date",
  "mark.supervisingAuthorityHint",
]);

describe("the English interface", () => {
  it("has no Chinese characters or full-width punctuation in its messages, except deliberate quotes", () => {
    const stray = Object.entries(en)
      .filter(([key, value]) => CJK.test(value) && !QUOTES_CHINESE.has(key))
      .map(([key, value]) => `${key}: ${value}`);
    expect(stray).toEqual([]);
  });

  it("still quotes the allowed Chinese (the allow-list names only messages that need it)", () => {
    for (const key of QUOTES_CHINESE) expect(en[key as keyof typeof en]).toMatch(CJK);
  });

  it("gets no punctuation written into pages: components ask the catalog (punct.*) instead", () => {
    const files = ["app/routes", "app/ui"].flatMap((dir) =>
      readdirSync(dir)
        .filter((f) => f.endsWith(".tsx"))
        .map((f) => join(dir, f)),
    );
    const found: string[] = [];
    for (const file of files) {
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          const code = line.replace(/\/\/.*$|\{?\/\*.*?\*\/\}?/g, "");
          if (/^\s*\*/.test(line)) return;
          if (CJK.test(code)) found.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('calls the legal act 注销 a revocation: "Cancel" is only for backing out of a step', () => {
    expect(en["action.cancel"]).toBe("Revoke authorization");
    expect(en["status.cancelled"]).toBe("Revoked");
    const dialogWords = Object.entries(en)
      .filter(([key, value]) => /\bcancel/i.test(value) && key !== "common.cancel")
      .map(([key]) => key);
    expect(dialogWords).toEqual([]);
  });
});
