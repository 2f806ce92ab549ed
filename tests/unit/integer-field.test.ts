import { describe, expect, it } from "vitest";
import { z } from "zod";
import { field, parseForm, parseInteger, PG_INTEGER } from "#app/forms/form.ts";
import { idParam, integerParam } from "#app/http/params.ts";
import { reportActionSchema } from "#app/report/report-form.ts";

const form = (values: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.set(k, v);
  return f;
};

describe("whole numbers from forms and URLs", () => {
  it("reads what people type and stays inside PostgreSQL's integer", () => {
    expect(parseInteger("42", 0, 100)).toBe(42);
    expect(parseInteger(" ４２ ", 0, 100)).toBe(42);
    expect(parseInteger(String(PG_INTEGER.max), 0, Number.MAX_SAFE_INTEGER)).toBe(PG_INTEGER.max);
    for (const raw of [
      "2147483648",
      "99999999999",
      "9".repeat(400),
      "1e3",
      "1e309",
      "NaN",
      "4.5",
      "",
      " ",
      "-",
      "0x10",
    ])
      expect(parseInteger(raw, 0, Number.MAX_SAFE_INTEGER), raw).toBeNull();
    expect(parseInteger("-2147483649", -Number.MAX_SAFE_INTEGER, 0)).toBeNull();
    expect(parseInteger(undefined, 0, 1)).toBeNull();
  });

  it("a version past the integer range is a stale page, not a failed query", () => {
    const schema = z.object({ version: field.version() });
    for (const version of ["2147483648", "99999999999", "-1", "0", "x"]) {
      const parsed = parseForm(form({ version }), schema);
      expect(parsed.ok, version).toBe(false);
      if (!parsed.ok) expect(parsed.fieldErrors.version?.key).toBe("form.stale");
    }
    expect(parseForm(form({ version: "3" }), schema)).toMatchObject({ ok: true, data: { version: 3 } });
    const report = parseForm(form({ intent: "investigate", version: "99999999999" }), reportActionSchema);
    expect(report.ok).toBe(false);
  });

  it("an integer field says which rule was broken", () => {
    const schema = z.object({ n: field.int(1, 5, { range: "inspection.perTargetRange" }) });
    const key = (n: string) => {
      const parsed = parseForm(form({ n }), schema);
      return parsed.ok ? parsed.data.n : parsed.fieldErrors.n?.key;
    };
    expect(key("3")).toBe(3);
    expect(key("9")).toBe("inspection.perTargetRange");
    expect(key("2147483648")).toBe("inspection.perTargetRange");
    expect(key("abc")).toBe("form.invalid");
    expect(key("")).toBe("form.required");
  });
});

describe("ids and numbers in a URL", () => {
  const status = (fn: () => unknown) => {
    try {
      fn();
      return "passed";
    } catch (error) {
      return error instanceof Response ? error.status : "threw";
    }
  };

  it("a path id that is not a uuid is a 404 before it reaches SQL", () => {
    expect(idParam({ reportId: "8f0b5f0e-3c1a-4d2b-9e6f-1a2b3c4d5e6f" }, "reportId")).toBe(
      "8f0b5f0e-3c1a-4d2b-9e6f-1a2b3c4d5e6f",
    );
    for (const reportId of ["not-a-uuid", "-".repeat(36), "8f0b5f0e-3c1a-4d2b-9e6f-1a2b3c4d5e6f'", "", undefined])
      expect(
        status(() => idParam({ reportId }, "reportId")),
        String(reportId),
      ).toBe(404);
  });

  it("a position past the integer range is a 404", () => {
    expect(integerParam({ position: "2" }, "position", 0, 10)).toBe(2);
    for (const position of ["99999999999", "2147483648", "-1", "1.5", "x"])
      expect(
        status(() => integerParam({ position }, "position", 0, PG_INTEGER.max)),
        position,
      ).toBe(404);
  });
});
