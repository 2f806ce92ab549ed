import { createReadableStreamFromReadable } from "@remix-run/node";
import { csvResponse } from "#app/csv/csv.ts";
import { XLSX_TYPE, measureColumns, xlsxStream, type Cell } from "./xlsx.server.ts";

export type TableFormat = "csv" | "xlsx";

/** The format a list download asks for: `.xlsx` at the end of its path, CSV otherwise. */
export function tableFormat(request: Request): TableFormat {
  return new URL(request.url).pathname.toLowerCase().endsWith(".xlsx") ? "xlsx" : "csv";
}

export function xlsxResponse(body: NodeJS.ReadableStream, filename: string, cache = "no-store"): Response {
  return new Response(createReadableStreamFromReadable(body as never), {
    headers: {
      "Content-Type": XLSX_TYPE,
      "Content-Disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": cache,
    },
  });
}

/**
 * One list as the file asked for: formula-safe CSV or a typed .xlsx (frozen header, widths that
 * fit Chinese). `name` has no extension.
 */
export function tableResponse(request: Request, name: string, header: string[], rows: Cell[][]): Response {
  if (tableFormat(request) === "csv") return csvResponse(`${name}.csv`, header, rows);
  return xlsxResponse(xlsxStream(name, measureColumns(header, rows), rows), `${name}.xlsx`);
}
