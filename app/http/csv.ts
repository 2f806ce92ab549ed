/**
 * CSV for spreadsheets: RFC 4180 quoting, a UTF-8 BOM so Excel shows Chinese, and cells that
 * start like a formula (= + - @ tab CR) are prefixed with ' so they are shown, never run.
 */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? "" : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
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
