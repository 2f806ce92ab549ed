import { describe, expect, it } from "vitest";
import { en } from "#app/i18n/en.ts";
import { translator, type MessageKey } from "#app/i18n/i18n.ts";

// Attacker's retest of issue 13: English read "1 problems", "1 minutes". A count's noun agrees with it.
const COUNTED =
  /\b1 (minutes|seconds|hours|days|times|labels|characters|entries|problems|rows|serials|records|files|targets|duplicates|codes)\b/;

describe("English plurals", () => {
  const t = translator("en");

  it("says 1 minute, 1 problem and 1 label, and 5 minutes, 5 problems and 5 labels", () => {
    expect(t("error.tooMany.text", { seconds: 1 })).toBe("Please try again in 1 second.");
    expect(t("error.tooMany.text", { seconds: 30 })).toBe("Please try again in 30 seconds.");
    expect(t("form.errorSummary", { count: 1 })).toBe("Not submitted. Please fix this 1 problem:");
    expect(t("form.errorSummary", { count: 3 })).toBe("Not submitted. Please fix these 3 problems:");
    expect(t("label.blocked.spoiled", { serials: "A-1", count: 1 })).toBe("A-1: spoiled at the printer (1 label)");
    expect(t("label.blocked.spoiled", { serials: "A-1 – A-2", count: 2 })).toBe(
      "A-1 – A-2: spoiled at the printer (2 labels)",
    );
    expect(t("labels.collectedCount", { count: 100000 })).toBe("Collected 100,000 labels.");
  });

  it("no English message shows a plural noun after the number 1", () => {
    const wrong: string[] = [];
    for (const key of Object.keys(en) as MessageKey[]) {
      const params = Object.fromEntries([...en[key].matchAll(/\{(\w+)/g)].map((m) => [m[1]!, 1]));
      const text = t(key, params);
      if (COUNTED.test(text)) wrong.push(`${key}: ${text}`);
    }
    expect(wrong).toEqual([]);
  });

  it("Chinese is untouched by plural forms", () => {
    expect(translator("zh-CN")("error.tooMany.text", { seconds: 1 })).not.toMatch(/\|/);
  });
});
