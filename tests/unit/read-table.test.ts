import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { MAX_COLUMNS, readTable } from "#app/spreadsheet/read-table.server.ts";

// A 6 KB sheet with one cell in its last column (XFD) made every row 16,384 cells wide and held
// the server for over a minute (an attacker found it): the work must follow the file, not the
// coordinates it names.
describe("reading an uploaded sheet", () => {
  it("reads no further right than a register could reach, however far a cell sits", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("名录");
    sheet.getCell("A1").value = "统一社会信用代码";
    sheet.getCell("B1").value = "企业名称";
    sheet.getCell("A2").value = "91430923MA4L0000X1";
    sheet.getCell("XFD1000").value = "far away";
    const read = await readTable(new Uint8Array(await book.xlsx.writeBuffer()));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.rows[0]!.slice(0, 2)).toEqual(["统一社会信用代码", "企业名称"]);
    expect(read.rows[1]![0]).toBe("91430923MA4L0000X1");
    expect(Math.max(...read.rows.map((r) => r.length))).toBe(MAX_COLUMNS);
    // The rows between are there, empty, so row numbers still match the file's.
    expect(read.rows).toHaveLength(1000);
    expect(read.rows[500]).toEqual([]);
  });
});
