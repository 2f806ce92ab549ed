import { parseString } from "@fast-csv/parse";
import ExcelJS from "exceljs";

/**
 * Reads an uploaded table, CSV or .xlsx, into a grid of raw cells (row 1 = the file's first row):
 * text as text, numbers as numbers (an Excel date serial stays a number), Excel dates as Date.
 * A merged range gives its value to every cell it covers, so a merged header reads as a header.
 */
export type RawCell = string | number | Date | null;

export type TableRead = { ok: true; rows: RawCell[][] } | { ok: false; problem: "unreadable" | "empty" };

const ZIP = [0x50, 0x4b, 0x03, 0x04];

export function looksLikeXlsx(bytes: Uint8Array): boolean {
  return ZIP.every((b, i) => bytes[i] === b);
}

export async function readTable(bytes: Uint8Array): Promise<TableRead> {
  try {
    const rows = looksLikeXlsx(bytes) ? await readXlsx(bytes) : await readCsv(bytes);
    const trimmed = rows.filter((r) => r.some((c) => c !== null && String(c).trim() !== ""));
    return trimmed.length ? { ok: true, rows } : { ok: false, problem: "empty" };
  } catch {
    return { ok: false, problem: "unreadable" };
  }
}

function decodeText(bytes: Uint8Array): string {
  const utf8 = new TextDecoder("utf-8", { fatal: false }).decode(bytes).replace(/^\uFEFF/, "");
  // A CSV saved by Excel or WPS in a Chinese locale is GB18030; UTF-8 it is not when it decodes badly.
  if (!utf8.includes("\uFFFD")) return utf8;
  return new TextDecoder("gb18030").decode(bytes);
}

function readCsv(bytes: Uint8Array): Promise<RawCell[][]> {
  const text = decodeText(bytes);
  return new Promise((resolve, reject) => {
    const rows: RawCell[][] = [];
    parseString(text, { headers: false, ignoreEmpty: false, trim: false, strictColumnHandling: false })
      .on("error", reject)
      .on("data", (row: string[]) => rows.push(row.map((c) => (c === "" ? null : c))))
      .on("end", () => resolve(rows));
  });
}

function plain(value: ExcelJS.CellValue): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number") return value;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return value;
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value && typeof value.text === "string") return value.text; // hyperlink
    if ("result" in value) return plain((value.result ?? null) as ExcelJS.CellValue); // formula: its value
    if ("error" in value) return null;
  }
  return String(value);
}

/**
 * Columns read from a sheet: a register has a dozen or so. One cell far to the right (XFD, column
 * 16,384) used to make every row that wide: a 6 KB file held the server for over a minute.
 */
export const MAX_COLUMNS = 200;

async function readXlsx(bytes: Uint8Array): Promise<RawCell[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as never);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: RawCell[][] = [];
  const width = Math.min(sheet.columnCount, MAX_COLUMNS);
  // Only the rows the file holds; the ones between stay empty.
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: RawCell[] = [];
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      // A cell inside a merged range reads its master's value.
      cells.push(plain(cell.isMerged ? cell.master.value : cell.value));
    }
    rows[n - 1] = cells;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}
