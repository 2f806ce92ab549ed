/**
 * CSV for spreadsheets: RFC 4180 quoting, a UTF-8 BOM so Excel shows Chinese, and cells that
 * start like a formula are prefixed with ' so they are shown, never run: = + - @ tab CR, the
 * full-width ＝ ＋ － ＠ that Chinese input methods type (spreadsheets fold them to ASCII), and ;
 * (a spreadsheet reading ; as the delimiter starts a new cell after it, so a cell holding one is
 * quoted too). A moment is written as Beijing wall time (formatTimestamp), as the pages show it.
 */
import { formatTimestamp } from "#app/i18n/format.ts";

const FORMULA_START = /^[=+\-@;\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? "" : value instanceof Date ? formatTimestamp(value) : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",;\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: unknown[]): string {
  return cells.map(csvCell).join(",") + "\r\n";
}

export function csvResponse(filename: string, header: string[], rows: unknown[][]): Response {
  const body = "\uFEFF" + csvLine(header) + rows.map(csvLine).join("");
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": "no-store",
    },
  });
}
