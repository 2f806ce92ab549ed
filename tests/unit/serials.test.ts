import { describe, expect, it } from "vitest";
import { parseSerial, parseSerialList, serialRuns } from "#app/label/serials.ts";
import { LABEL_LIMITS } from "#app/label/limits.ts";

const serials = (input: string, max = 1000) => {
  const r = parseSerialList(input, max);
  return r.ok ? r.serials : r.error;
};

describe("serial input", () => {
  it("reads numbers, ranges, printed serials and full-width digits", () => {
    expect(serials("5, 8，10-12")).toEqual([5, 8, 10, 11, 12]);
    expect(serials("AHHJ-2026-00000007")).toEqual([7]);
    expect(serials("AHHJ-2026-00000007-AHHJ-2026-00000009")).toEqual([7, 8, 9]);
    expect(serials("１２")).toEqual([12]);
    expect(parseSerial("AHHJ-2026-00000301")).toEqual({ sequence: 301, head: "AHHJ-2026" });
    expect(parseSerial("301")).toEqual({ sequence: 301, head: null });
  });

  it("refuses what it cannot read instead of guessing", () => {
    expect(serials("5, abc")).toBe("unreadable");
    expect(serials("9-3")).toBe("unreadable");
    expect(parseSerial("1-2")).toBeNull();
  });

  it("takes exactly the spoiled-list limit and refuses one more, without expanding a huge range", () => {
    const max = LABEL_LIMITS.spoiled;
    const at = parseSerialList(`1-${max}`, max);
    expect(at.ok && at.serials.length).toBe(max);
    expect(serials(`1-${max}, ${max + 5}`, max)).toBe("tooMany");
    expect(serials("1-999999999999", max)).toBe("tooMany");
  });

  it("records a choice as runs of consecutive serials", () => {
    expect(serialRuns([9, 3, 4, 5, 9, 11, 10])).toEqual([
      [3, 5],
      [9, 11],
    ]);
    expect(serialRuns([])).toEqual([]);
  });
});
