import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "#app/csv/csv.ts";
import { formatDate, formatDateTime } from "#app/i18n/format.ts";
import { atBeijingTime, translator } from "#app/i18n/i18n.ts";

describe("CSV export", () => {
  it("neutralises cells a spreadsheet would run as formulas", () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
  });

  it("treats ; and the full-width formula starters like =", () => {
    expect(csvCell(";=cmd|' /C calc'!A0")).toBe(`"';=cmd|' /C calc'!A0"`);
    expect(csvCell("＝HYPERLINK(1)")).toBe("'＝HYPERLINK(1)");
    expect(csvCell("＋1")).toBe("'＋1");
    expect(csvCell("－1")).toBe("'－1");
    expect(csvCell("＠SUM(A1)")).toBe("'＠SUM(A1)");
    // A spreadsheet splitting on ; would start a cell at "=1": quoting keeps it one cell.
    expect(csvCell("a;=1")).toBe('"a;=1"');
    expect(csvCell("安化黑茶（千两茶）")).toBe("安化黑茶（千两茶）");
  });

  it("quotes commas, quotes and line breaks and keeps Chinese as is", () => {
    expect(csvLine(["安化县, 茶业", 'a"b', "x\ny", null, 3])).toBe('"安化县, 茶业","a""b","x\ny",,3\r\n');
  });
});

describe("CSV moments", () => {
  it("are Beijing wall time, as the pages show them, never UTC ISO", () => {
    // The order the page shows as 2026-12-02 07:03 once read 2026-12-01T23:03:32.853Z in its CSV.
    const at = new Date("2026-12-01T23:03:32.853Z");
    expect(csvCell(at)).toBe("2026-12-02 07:03:32");
    expect(formatDateTime(at, "zh-CN")).toBe("2026-12-02 07:03");
    // The same in English: never 02/12/2026, which a reader may take for February.
    expect(formatDateTime(at, "en")).toBe("2026-12-02 07:03");
    expect(formatDate(at, "en")).toBe("2026-12-02");
    expect(formatDate("2026-06-01", "en")).toBe("2026-06-01");
    expect(csvLine([at])).not.toMatch(/T\d{2}:\d{2}|Z/);
  });

  it("name the zone in their column's header, in both languages", () => {
    expect(atBeijingTime(translator("zh-CN"), "column.orderedAt")).toBe("下单时间（北京时间）");
    expect(atBeijingTime(translator("en"), "column.orderedAt")).toBe("Ordered at (Beijing time)");
  });
});
