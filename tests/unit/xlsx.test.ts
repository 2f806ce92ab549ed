import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buffer } from "node:stream/consumers";
import { describe, expect, test } from "vitest";
import { readTable } from "#app/spreadsheet/read-table.server.ts";
import { displayWidth, measureColumns, xlsxStream } from "#app/spreadsheet/xlsx.server.ts";

/** Opens a workbook with openpyxl (Debian's python3-openpyxl): an independent reader. */
function openpyxl(bytes: Buffer): {
  sheets: string[];
  frozen: string | null;
  widths: Record<string, number>;
  rows: [string, string, string][][];
} {
  const dir = mkdtempSync(join(tmpdir(), "xlsx-"));
  try {
    writeFileSync(join(dir, "t.xlsx"), bytes);
    const script = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
print(json.dumps({
  "sheets": wb.sheetnames,
  "frozen": ws.freeze_panes,
  "widths": {k: v.width for k, v in ws.column_dimensions.items()},
  "rows": [[[type(c.value).__name__, str(c.value), c.number_format] for c in row] for row in ws.iter_rows()],
}))`;
    return JSON.parse(execFileSync("/usr/bin/python3", ["-c", script, join(dir, "t.xlsx")], { encoding: "utf8" }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const header = ["企业名称", "统一社会信用代码", "批准日期", "登记时间", "标签数", "备注"];
const rows = [
  [
    "安化县黑茶示范有限公司（虚构）",
    "91430923MA4L000001",
    "2024-03-05",
    new Date("2026-01-02T16:30:00Z"),
    1200,
    "=1+1",
  ],
  ["柞水木耳合作社（虚构）", "93611026MA6Y000002", null, new Date("2026-02-01T00:00:00Z"), 0, "一般"],
];

describe("lists as .xlsx", () => {
  test("typed cells, a frozen header and widths that fit Chinese, as openpyxl reads them", async () => {
    const bytes = await buffer(xlsxStream("enterprises", measureColumns(header, rows), rows));
    const book = openpyxl(bytes);
    expect(book.sheets).toEqual(["enterprises"]);
    expect(book.frozen).toBe("A2");
    const [head, first, second] = book.rows;
    expect(head!.map((c) => c[1])).toEqual(header);
    expect(first![0]).toEqual(["str", "安化县黑茶示范有限公司（虚构）", "General"]);
    // A date is a date; a time is shown as Beijing time; a count is a number.
    expect(first![2]).toEqual(["datetime", "2024-03-05 00:00:00", "yyyy-mm-dd"]);
    expect(first![3]).toEqual(["datetime", "2026-01-03 00:30:00", "yyyy-mm-dd hh:mm"]);
    expect(first![4]).toEqual(["int", "1200", "General"]);
    // A formula-looking text is text, not a formula.
    expect(first![5]).toEqual(["str", "=1+1", "General"]);
    expect(second![2]![0]).toBe("NoneType");
    expect(second![4]).toEqual(["int", "0", "General"]);
    // Chinese counts double: the name column is wider than the 18-character credit code column.
    expect(book.widths["A"]).toBe(displayWidth(rows[0]![0] as string) + 2);
    expect(book.widths["A"]).toBeGreaterThan(book.widths["B"]!);
    expect(book.widths["B"]).toBe(20);
  });

  test("past a sheet's rows the list goes on in a second sheet with the same header", async () => {
    const many = Array.from({ length: 5 }, (_, i) => [`第${i + 1}行`, i + 1]);
    const bytes = await buffer(xlsxStream("codes", measureColumns(["行", "数"], many), many, 3));
    const read = await readTable(bytes);
    expect(read.ok && read.rows.length).toBe(4);
    const book = openpyxl(bytes);
    expect(book.sheets).toEqual(["codes", "codes (2)"]);
  });

  test("imports read back both formats to the same cells", async () => {
    const bytes = await buffer(xlsxStream("t", measureColumns(header, rows), rows));
    const fromXlsx = await readTable(bytes);
    const csv =
      "\uFEFF" +
      [header, ["安化县黑茶示范有限公司（虚构）", "91430923MA4L000001", "2024-03-05"]]
        .map((r) => r.join(","))
        .join("\r\n");
    const fromCsv = await readTable(new TextEncoder().encode(csv));
    expect(fromXlsx.ok && fromXlsx.rows[0]).toEqual(header);
    expect(fromCsv.ok && fromCsv.rows[0]).toEqual(header);
    expect(fromXlsx.ok && fromXlsx.rows[1]!.slice(0, 2)).toEqual(fromCsv.ok && fromCsv.rows[1]!.slice(0, 2));
    expect(fromXlsx.ok && fromXlsx.rows[1]![2]).toEqual(new Date(Date.UTC(2024, 2, 5)));
  });

  test("a CSV saved in GB18030 (Excel or WPS in a Chinese locale) reads as the same text", async () => {
    // 企业 in GB18030: C6 F3 D2 B5.
    const bytes = new Uint8Array([0xc6, 0xf3, 0xd2, 0xb5, 0x2c, 0x41, 0x0d, 0x0a]);
    const read = await readTable(bytes);
    expect(read.ok && read.rows[0]).toEqual(["企业", "A"]);
  });
});
