import QRCode from "qrcode";
import { describe, expect, test } from "vitest";
import { encodeCode, issueCodes } from "#app/label-code/code.ts";
import { verificationUrl } from "#app/label/export.server.ts";
import { QR_QUIET_ZONE_MODULES, falseFinderModules, qrSvg, qrSymbol } from "#app/label/qr-symbol.ts";

const urls = issueCodes(300).map((b) => verificationUrl("https://gi.example.gov.cn", encodeCode(b)));

describe("label QR symbols", () => {
  test("are exactly what the qrcode library encodes at level M with the mask chosen", () => {
    const masks = new Set<number>();
    for (const url of urls) {
      const symbol = qrSymbol(url);
      masks.add(symbol.mask);
      const reference = QRCode.create(url, { errorCorrectionLevel: "M", maskPattern: symbol.mask as never });
      expect(reference.errorCorrectionLevel.bit).toBe(0); // M
      expect(symbol.size).toBe(reference.modules.size);
      expect(Buffer.from(symbol.modules).equals(Buffer.from(reference.modules.data))).toBe(true);
    }
    // More than one mask gets chosen, so the format bits are checked for several.
    expect(masks.size).toBeGreaterThan(1);
  });

  test("leave fewer finder-like patterns in the data than the library's own mask choice", () => {
    let chosen = 0;
    let library = 0;
    for (const url of urls) {
      const symbol = qrSymbol(url);
      chosen += falseFinderModules(symbol.modules, symbol.size);
      const reference = QRCode.create(url, { errorCorrectionLevel: "M" });
      library += falseFinderModules(reference.modules.data, reference.modules.size);
    }
    expect(chosen).toBeLessThan(library / 10);
  });

  test("the HTML sheet's SVG draws a four-module white quiet zone at the stated size", () => {
    const svg = qrSvg(urls[0]!);
    const symbol = qrSymbol(urls[0]!);
    const side = symbol.size + 2 * QR_QUIET_ZONE_MODULES;
    expect(svg).toContain(`viewBox="0 0 ${side} ${side}"`);
    expect(svg).toContain(`<rect width="${side}" height="${side}" fill="#fff"/>`);
    expect(svg).toContain(`width="${(side * 0.762).toFixed(3)}mm"`);
    // No dark run starts inside the quiet zone.
    const starts = [...svg.matchAll(/M(\d+) (\d+)h(\d+)/g)].map((m) => m.slice(1).map(Number));
    expect(starts.length).toBe(symbol.runs.length);
    for (const [x, y, n] of starts) {
      expect(Math.min(x!, y!)).toBeGreaterThanOrEqual(QR_QUIET_ZONE_MODULES);
      expect(Math.max(x! + n!, y! + 1)).toBeLessThanOrEqual(side - QR_QUIET_ZONE_MODULES);
    }
  });
});
