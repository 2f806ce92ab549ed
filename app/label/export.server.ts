import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { csvLine } from "#app/csv/csv.ts";
import { encodeCode, formatSerial, type SerialMark } from "#app/label-code/code.ts";
import { labelPage } from "./queries.server.ts";
import { xlsxStream } from "#app/spreadsheet/xlsx.server.ts";

const PAGE = 5000;

/** A code's two check symbols outside the QR alphanumeric set, percent-encoded (which stays inside it). */
const alphanumeric = (code: string) => code.replace(/~/g, "%7E").replace(/=/g, "%3D");

/**
 * The verification URL in upper case so a QR code can use alphanumeric mode; the two check
 * symbols outside that mode (~ and =) are percent-encoded, which stays inside it.
 */
export function verificationUrl(origin: string, code: string): string {
  return `${origin}/V/${alphanumeric(code)}`.toUpperCase();
}

/** What the printed QR code depends on: the serial's head, and the mark's Digital Link opt-in. */
export type PrintMark = SerialMark & { digital_link_gtin: string | null };

/**
 * What a label's QR code carries, one owner for the sheet, its PDF and the printer's files: the
 * short verification URL, or, when the mark opts into GS1 Digital Link (decision 056), the Digital
 * Link URI of the label's serial under the mark's GTIN with the secret code as the extension
 * parameter `C`. The serial alone would not do: serials are counted, so anyone could print labels
 * that resolve; the code is what no one can guess.
 */
export function printedUrl(origin: string, mark: PrintMark, serial: string, code: string): string {
  if (!mark.digital_link_gtin) return verificationUrl(origin, code);
  // Upper case like the short form: all but "?" and "=" stay in the QR's alphanumeric mode.
  return `${origin}/01/${mark.digital_link_gtin}/21/${serial}?C=${alphanumeric(code)}`.toUpperCase();
}

/** Streams an order's codes as CSV a page at a time: memory stays flat whatever the order size. */
export function streamCodesCsv(
  db: Kysely<DB>,
  order: { id: string; serial_year: number | null },
  mark: PrintMark,
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
        const serial = formatSerial(mark, order.serial_year ?? 0, row.serial);
        chunk += csvLine([serial, code, printedUrl(origin, mark, serial, code)]);
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
  mark: PrintMark,
  origin: string,
) {
  async function* rows() {
    let after = 0;
    for (;;) {
      const page = await labelPage(db, order.id, after, PAGE);
      if (!page.length) return;
      for (const row of page) {
        const code = encodeCode(new Uint8Array(row.code));
        const serial = formatSerial(mark, order.serial_year ?? 0, row.serial);
        yield [serial, code, printedUrl(origin, mark, serial, code)];
      }
      after = page[page.length - 1]!.serial;
    }
  }
  const urlWidth = printedUrl(origin, mark, formatSerial(mark, 2026, 1), "0".repeat(27)).length + 2;
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
