import { describe, expect, it } from "vitest";
import { parseSerial, parseSerialList } from "#app/label/serials.ts";

describe("serial input", () => {
  it("reads numbers, ranges, printed serials and full-width digits", () => {
    expect(parseSerialList("5, 8，10-12")).toEqual([5, 8, 10, 11, 12]);
    expect(parseSerialList("AHHJ-2026-00000007")).toEqual([7]);
    expect(parseSerialList("AHHJ-2026-00000007-AHHJ-2026-00000009")).toEqual([7, 8, 9]);
    expect(parseSerialList("１２")).toEqual([12]);
    expect(parseSerial("AHHJ-2026-00000301")).toBe(301);
  });

  it("refuses what it cannot read instead of guessing", () => {
    expect(parseSerialList("5, abc")).toBeNull();
    expect(parseSerialList("9-3")).toBeNull();
    expect(parseSerialList("1-999999999")).toBeNull();
    expect(parseSerial("1-2")).toBeNull();
  });
});
