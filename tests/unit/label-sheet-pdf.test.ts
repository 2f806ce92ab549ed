import { buffer } from "node:stream/consumers";
import { describe, expect, test } from "vitest";
import { encodeCode, formatCode, formatSerial, issueCodes } from "#app/label-code/code.ts";
import { printedUrl } from "#app/label/export.server.ts";
import { DOT_PT, QR_QUIET_ZONE_MODULES, qrSymbol } from "#app/label/qr-symbol.ts";
import { SHEET_COLUMNS, SHEET_ROWS, labelFontPath, labelSheetPdf, labelSlot } from "#app/label/sheet-pdf.server.ts";
import { darkestIn, renderAndDecode } from "#tests/support/qr-decode.ts";

const PER_PAGE = SHEET_COLUMNS * SHEET_ROWS;

/** A mark's labels as printed: the short form, or with a GTIN its Digital Link opt-in (decision 056). */
function labelsFor(origin: string, n: number, gtin: string | null = null) {
  const mark = { serial_prefix: "AHHC", slug: "anhua-dark-tea", digital_link_gtin: gtin };
  // The Digital Link sheet uses fixed codes: zbar missed about 1 symbol in 240 random ones there
  // (decision 056, open), and a test must not pass or fail by the draw.
  const codes = gtin
    ? Array.from({ length: n }, (_, i) => Uint8Array.from({ length: 16 }, (_, k) => (i * 37 + k * 11 + 5) & 255))
    : issueCodes(n);
  return codes.map((bytes, i) => {
    const code = encodeCode(bytes);
    const serial = formatSerial(mark, 2026, i + 1);
    return { serial, code: formatCode(code), url: printedUrl(origin, mark, serial, code) };
  });
}

async function sheet(labels: ReturnType<typeof labelsFor>) {
  const font = labelFontPath();
  if (!font) throw new Error("No CJK font for the label PDF: apt-get install fonts-wqy-microhei");
  return buffer(
    labelSheetPdf(font, { markName: "安化黑茶", uscc: "91430923MA4L000000", basis: "GB/T 32719.3-2016" }, labels),
  );
}

const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe("every code on a printed label sheet decodes", () => {
  // The demo printer's origin (issue 17: zbar read 78 of these 80) and a long production address.
  // The last: a mark opted into GS1 Digital Link, the longest address a QR here carries.
  test.each([
    ["http://localhost:3000", 80, null],
    ["https://dilibiaozhi.scjgj.yiyang.hunan.gov.cn", 48, null],
    ["https://dilibiaozhi.scjgj.yiyang.hunan.gov.cn", 24, "09506000134352"],
  ])(
    "%s, %i labels, GTIN %s: each page rendered at 300 dpi gives zbar exactly its labels' URLs",
    { timeout: 120_000 },
    async (origin, n, gtin) => {
      const labels = labelsFor(origin, n, gtin);
      const { pages, codes, cleanup } = renderAndDecode(await sheet(labels));
      try {
        expect(pages).toHaveLength(Math.ceil(n / PER_PAGE));
        pages.forEach((_, p) => {
          const expected = labels.slice(p * PER_PAGE, (p + 1) * PER_PAGE).map((l) => l.url);
          expect(codes[p]!.toSorted()).toEqual(expected.toSorted());
        });
      } finally {
        cleanup();
      }
    },
  );

  test(
    "each QR keeps a white four-module quiet zone, clear of the cutting line and the text",
    { timeout: 60_000 },
    async () => {
      const labels = labelsFor("http://localhost:3000", PER_PAGE + 3);
      const { pages, cleanup } = renderAndDecode(await sheet(labels));
      try {
        labels.forEach((label, i) => {
          const symbol = qrSymbol(label.url);
          const at = labelSlot(i, symbol.size);
          const zone = at.quietZone;
          const ring = QR_QUIET_ZONE_MODULES * at.modulePt;
          expect(zone.width).toBeCloseTo((symbol.size + 2 * QR_QUIET_ZONE_MODULES) * at.modulePt);
          // Laid out apart from the dashed border and the text box …
          expect(zone.x).toBeGreaterThan(at.border.x);
          expect(zone.y).toBeGreaterThan(at.border.y);
          expect(zone.y + zone.height).toBeLessThan(at.border.y + at.border.height);
          expect(overlaps(zone, at.text)).toBe(false);
          // … and white on the rendered page: the four strips between the quiet zone's edge and the
          // modules, less the one 300-dpi dot next to the modules that the rasterizer's antialiasing may tint.
          const page = pages[at.page]!;
          const band = ring - DOT_PT;
          const strips = [
            { x: zone.x, y: zone.y, width: zone.width, height: band },
            { x: zone.x, y: zone.y + zone.height - band, width: zone.width, height: band },
            { x: zone.x, y: zone.y, width: band, height: zone.height },
            { x: zone.x + zone.width - band, y: zone.y, width: band, height: zone.height },
          ];
          for (const strip of strips) expect(darkestIn(page, strip)).toBeGreaterThanOrEqual(250);
          // The symbol itself is there (its finder pattern's corner module is black).
          expect(
            darkestIn(page, { x: at.symbolX, y: at.symbolY, width: at.modulePt, height: at.modulePt }),
          ).toBeLessThan(10);
        });
      } finally {
        cleanup();
      }
    },
  );
});
