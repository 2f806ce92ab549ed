import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { csvLine } from "#app/csv/csv.ts";
import { encodeCode, formatSerial, type SerialMark } from "#app/label-code/code.ts";
import { labelPage } from "./queries.server.ts";
import { xlsxStream } from "#app/spreadsheet/xlsx.server.ts";

const PAGE = 5000;

/**
 * The verification URL in upper case so a QR code can use alphanumeric mode; the two check
 * symbols outside that mode (~ and =) are percent-encoded, which stays inside it.
 */
export function verificationUrl(origin: string, code: string): string {
  return `${origin}/V/${code}`.toUpperCase().replace(/~/g, "%7E").replace(/=/g, "%3D");
}

/** Streams an order's codes as CSV a page at a time: memory stays flat whatever the order size. */
export function streamCodesCsv(
  db: Kysely<DB>,
  order: { id: string; serial_year: number | null },
  mark: SerialMark,
  origin: string,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after = 0;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode("\uFEFF" + csvLine(["serial", "code", "url"])));
      }
      const rows = await labelPage(db, order.id, after, PAGE);
      if (!rows.length) {
        controller.close();
        return;
      }
      let chunk = "";
      for (const row of rows) {
        const code = encodeCode(new Uint8Array(row.code));
        chunk += csvLine([formatSerial(mark, order.serial_year ?? 0, row.serial), code, verificationUrl(origin, code)]);
      }
      after = rows[rows.length - 1]!.serial;
      controller.enqueue(encoder.encode(chunk));
    },
  });
}

/** The same codes as a workbook, streamed a page at a time (an order fits one sheet: see limits). */
export function streamCodesXlsx(
  db: Kysely<DB>,
  order: { id: string; serial_year: number | null },
  mark: SerialMark,
  origin: string,
) {
  async function* rows() {
    let after = 0;
    for (;;) {
      const page = await labelPage(db, order.id, after, PAGE);
      if (!page.length) return;
      for (const row of page) {
        const code = encodeCode(new Uint8Array(row.code));
        yield [formatSerial(mark, order.serial_year ?? 0, row.serial), code, verificationUrl(origin, code)];
      }
      after = page[page.length - 1]!.serial;
    }
  }
  const urlWidth = verificationUrl(origin, "0".repeat(27)).length + 2;
  return xlsxStream(
    "codes",
    [
      { header: "serial", width: 22, kind: "text" },
      { header: "code", width: 30, kind: "text" },
      { header: "url", width: urlWidth, kind: "text" },
    ],
    rows(),
  );
}
