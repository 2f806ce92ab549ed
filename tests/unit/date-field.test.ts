import { describe, expect, it } from "vitest";
import { field } from "#app/forms/form.ts";

describe("a date typed into any form", () => {
  it.each([
    ["2026-02-15", "2026-02-15"],
    ["2026/2/15", "2026-02-15"],
    ["2026.2.5", "2026-02-05"],
    ["2026年2月15日", "2026-02-15"],
    ["２０２６－０２－１５", "2026-02-15"],
    [" 2026-02-15 ", "2026-02-15"],
  ])("reads %s as %s", (typed, day) => {
    expect(field.date().parse(typed)).toBe(day);
  });

  it("refuses a day that does not exist with the form's message, instead of letting the database fail", () => {
    // Year 0000 looks like a date and PostgreSQL has no year 0: refused like 2026-02-30.
    for (const typed of [
      "2026-02-30",
      "2025-02-29",
      "2026-13-01",
      "2026-00-10",
      "15/02/2026",
      "明天",
      "0000-01-01",
      "9999-12-31",
    ]) {
      expect(field.date().safeParse(typed).error?.issues[0]?.message, typed).toBe("form.invalid");
    }
    expect(field.date().parse("2028-02-29")).toBe("2028-02-29");
    expect(field.date().safeParse("").error?.issues[0]?.message).toBe("form.required");
  });

  it("an optional date left empty is no date; a wrong one is still refused", () => {
    expect(field.optionalDate().parse("")).toBeUndefined();
    expect(field.optionalDate().parse(undefined)).toBeUndefined();
    expect(field.optionalDate().safeParse("2026-02-30").success).toBe(false);
  });
});

describe("text typed into a form", () => {
  it("a one-line field folds line breaks and tabs into one space; a paragraph keeps them", () => {
    expect(field.text(100).parse("安化县\r\n云岭茶业\t有限公司")).toBe("安化县 云岭茶业 有限公司");
    expect(field.optionalText(100).parse("  \n ")).toBeUndefined();
    expect(field.paragraph(100).parse("第一行\n第二行")).toBe("第一行\n第二行");
  });
});
