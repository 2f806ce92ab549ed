import { PassThrough } from "node:stream";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import ExcelJS from "exceljs";

/**
 * Lists as .xlsx through exceljs (streaming writer: rows go out as they are written): typed cells
 * (numbers as numbers, dates and times as Excel dates shown in Asia/Shanghai), a frozen bold
 * header, and column widths measured in Excel's character units with Chinese counted double.
 * Text is always a text cell, never a formula, so nothing needs the CSV's ' prefix.
 */

export type Cell = unknown;
type Kind = "date" | "datetime" | "text";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const SHANGHAI_MS = 8 * 3600_000;
const ROWS_PER_TURN = 2000;
/** Excel's sheet holds 1,048,576 rows, the header included. */
export const XLSX_MAX_ROWS = 1_048_575;

// East Asian wide and full-width characters take about two of Excel's character units.
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;

export function displayWidth(text: string): number {
  let widest = 0;
  for (const line of text.split(/\r?\n/)) {
    let w = 0;
    for (const ch of line) w += WIDE.test(ch) ? 2 : 1;
    widest = Math.max(widest, w);
  }
  return widest;
}

function cellText(value: Cell, kind: Kind): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return "0000-00-00 00:00";
  if (kind === "date" && typeof value === "string") return "0000-00-00";
  return String(value);
}

/** A column holding only YYYY-MM-DD text (and blanks) is a date column. */
function columnKinds(width: number, rows: readonly Cell[][]): Kind[] {
  return Array.from({ length: width }, (_, c) => {
    let dates = 0;
    for (const row of rows) {
      const v = row[c];
      if (v === null || v === undefined || v === "") continue;
      if (typeof v === "string" && ISO_DATE.test(v)) dates++;
      else return "text";
    }
    return dates > 0 ? "date" : "text";
  });
}

function typed(value: Cell, kind: Kind): ExcelJS.CellValue {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "boolean") return value;
  // Excel dates have no time zone: write the wall time in Asia/Shanghai.
  if (value instanceof Date) return new Date(value.getTime() + SHANGHAI_MS);
  if (kind === "date" && typeof value === "string" && ISO_DATE.test(value)) {
    const [y, m, d] = value.split("-").map(Number);
    return new Date(Date.UTC(y!, m! - 1, d!));
  }
  return String(value);
}

export interface XlsxColumn {
  header: string;
  width: number;
  kind: Kind;
}

/** Widths and kinds for a table held in memory: one linear pass. */
export function measureColumns(header: readonly string[], rows: readonly Cell[][]): XlsxColumn[] {
  const kinds = columnKinds(header.length, rows);
  const widths = header.map((h) => displayWidth(h));
  for (const row of rows) {
    for (let c = 0; c < header.length; c++) {
      const w = displayWidth(cellText(row[c], kinds[c]!));
      if (w > widths[c]!) widths[c] = w;
    }
  }
  return header.map((h, c) => ({ header: h, kind: kinds[c]!, width: Math.min(80, Math.max(6, widths[c]! + 2)) }));
}

/**
 * Streams a workbook. `rows` may be an async iterable (a table too large to hold); past Excel's
 * 1,048,575 rows a sheet, the rows go on in a second sheet with the same header, and so on. The
 * event loop gets a turn every 2,000 rows.
 */
export function xlsxStream(
  sheetName: string,
  columns: XlsxColumn[],
  rows: Iterable<Cell[]> | AsyncIterable<Cell[]>,
  rowsPerSheet: number = XLSX_MAX_ROWS,
): PassThrough {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const base = sheetName.replace(/[[\]:*?/\\]/g, " ").slice(0, 24) || "Sheet";
  const newSheet = (n: number) => {
    const sheet = workbook.addWorksheet(n === 1 ? base : `${base} (${n})`, {
      views: [{ state: "frozen", ySplit: 1, xSplit: 0 }],
    });
    sheet.columns = columns.map((c) => ({
      header: c.header,
      width: c.width,
      style: c.kind === "date" ? { numFmt: "yyyy-mm-dd" } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    return sheet;
  };
  (async () => {
    let sheets = 1;
    let sheet = newSheet(sheets);
    let inSheet = 0;
    let n = 0;
    for await (const row of rows) {
      if (inSheet === rowsPerSheet) {
        sheet.commit();
        sheet = newSheet(++sheets);
        inSheet = 0;
      }
      const values = columns.map((col, c) => typed(row[c], col.kind));
      const added = sheet.addRow(values);
      values.forEach((v, c) => {
        if (v instanceof Date && columns[c]!.kind !== "date") added.getCell(c + 1).numFmt = "yyyy-mm-dd hh:mm";
      });
      added.commit();
      inSheet++;
      if (++n % ROWS_PER_TURN === 0) await yieldToLoop();
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error as Error));
  return out;
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
