import { existsSync } from "node:fs";
import { PassThrough } from "node:stream";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";

/** A CJK font is needed for Chinese text in the PDF; Debian's fonts-wqy-microhei by default. */
export function labelFontPath(): string | null {
  const path = process.env.LABEL_FONT_PATH ?? "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
  return existsSync(path) ? path : null;
}

export interface SheetLabel {
  serial: string;
  code: string;
  url: string;
}

const COLUMNS = 3;
const ROWS = 8;
const MARGIN = 24;

/**
 * The same label sheet as the print page, as an A4 PDF: three by eight labels per page, each with
 * its QR code (drawn as vector modules), the mark's name, the user's credit code, the legal basis,
 * the code and the serial. Written page by page into a stream.
 */
export function labelSheetPdf(
  fontPath: string,
  header: { markName: string; uscc: string; basis: string },
  labels: SheetLabel[],
): PassThrough {
  const doc = new PDFDocument({ size: "A4", margin: MARGIN, info: { Title: `${header.markName} 标签` } });
  const out = new PassThrough();
  doc.pipe(out);
  doc.registerFont("cjk", fontPath, fontPath.endsWith(".ttc") ? "WenQuanYiMicroHei" : undefined);
  doc.font("cjk");
  const cellW = (doc.page.width - 2 * MARGIN) / COLUMNS;
  const cellH = (doc.page.height - 2 * MARGIN) / ROWS;
  labels.forEach((label, i) => {
    const slot = i % (COLUMNS * ROWS);
    if (i > 0 && slot === 0) doc.addPage();
    const x = MARGIN + (slot % COLUMNS) * cellW;
    const y = MARGIN + Math.floor(slot / COLUMNS) * cellH;
    doc
      .lineWidth(0.3)
      .dash(2, { space: 2 })
      .rect(x + 2, y + 2, cellW - 4, cellH - 4)
      .stroke()
      .undash();
    const qr = QRCode.create(label.url, { errorCorrectionLevel: "M" });
    const size = qr.modules.size;
    const module = Math.min(64 / size, (cellH - 16) / size);
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        if (qr.modules.get(r, c)) doc.rect(x + 8 + c * module, y + 8 + r * module, module, module).fill("#000");
      }
    }
    const tx = x + 16 + size * module;
    const width = cellW - (tx - x) - 6;
    doc
      .fillColor("#000")
      .fontSize(8.5)
      .text(header.markName, tx, y + 8, { width });
    doc.fontSize(6.5).text(header.uscc, { width });
    if (header.basis) doc.text(header.basis, { width });
    doc.text(label.code, { width });
    doc.fillColor("#555").text(label.serial, { width });
  });
  doc.end();
  return out;
}
