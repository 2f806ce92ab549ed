import { existsSync } from "node:fs";
import { PassThrough } from "node:stream";
import PDFDocument from "pdfkit";
import { labelText } from "./label-text.ts";
import { DOT_PT, QR_ERROR_CORRECTION, QR_QUIET_ZONE_MODULES, moduleDots, moduleMm, qrSymbol } from "./qr-symbol.ts";

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

export const SHEET_COLUMNS = 3;
export const SHEET_ROWS = 8;
const MARGIN = 24;
const A4 = { width: 595.28, height: 841.89 };
/** The cutting line sits this far inside each cell; the QR's quiet zone keeps clear of it. */
const BORDER_INSET = 2;
const CROP_MARK = 6;
const CLEARANCE = 2;

type Box = { x: number; y: number; width: number; height: number };

export interface LabelSlot {
  page: number;
  border: Box;
  /** The symbol with its quiet zone: nothing else is drawn inside. */
  quietZone: Box;
  /** Where the symbol's modules start. */
  symbolX: number;
  symbolY: number;
  modulePt: number;
  text: Box;
}

const onDotGrid = (v: number) => Math.ceil(v / DOT_PT - 1e-9) * DOT_PT;

/**
 * Where label i goes: three by eight per A4 page; the quiet-zoned QR square on the left,
 * vertically centred and aligned to the 300-dpi grid, the text to its right, clipped to its box.
 */
export function labelSlot(i: number, symbolSize: number): LabelSlot {
  const cellW = (A4.width - 2 * MARGIN) / SHEET_COLUMNS;
  const cellH = (A4.height - 2 * MARGIN) / SHEET_ROWS;
  const slot = i % (SHEET_COLUMNS * SHEET_ROWS);
  const x = MARGIN + (slot % SHEET_COLUMNS) * cellW;
  const y = MARGIN + Math.floor(slot / SHEET_COLUMNS) * cellH;
  const border = {
    x: x + BORDER_INSET,
    y: y + BORDER_INSET,
    width: cellW - 2 * BORDER_INSET,
    height: cellH - 2 * BORDER_INSET,
  };
  const inner = BORDER_INSET + CLEARANCE;
  const dots = moduleDots(symbolSize, cellH - 2 * inner - 2 * DOT_PT);
  if (dots === null) throw new Error("The verification address is too long for a QR code on this label.");
  const modulePt = dots * DOT_PT;
  const side = (symbolSize + 2 * QR_QUIET_ZONE_MODULES) * modulePt;
  const qx = onDotGrid(x + inner);
  const qy = onDotGrid(y + (cellH - side) / 2);
  const quietZone = { x: qx, y: qy, width: side, height: side };
  const tx = qx + side + CLEARANCE;
  const text = {
    x: tx,
    y: y + inner + 2,
    width: border.x + border.width - CLEARANCE - tx,
    height: cellH - 2 * inner - 2,
  };
  return {
    page: Math.floor(i / (SHEET_COLUMNS * SHEET_ROWS)),
    border,
    quietZone,
    symbolX: qx + QR_QUIET_ZONE_MODULES * modulePt,
    symbolY: qy + QR_QUIET_ZONE_MODULES * modulePt,
    modulePt,
    text,
  };
}

/**
 * The cutting line as corner marks: a dashed outline along every label made zbar lose one code in
 * about a thousand on a full page (decision 019); the corners show the cutter as much.
 */
function cropMarks(doc: PDFKit.PDFDocument, b: Box) {
  const t = CROP_MARK;
  const [x0, y0, x1, y1] = [b.x, b.y, b.x + b.width, b.y + b.height];
  doc
    .lineWidth(0.3)
    .moveTo(x0, y0 + t)
    .lineTo(x0, y0)
    .lineTo(x0 + t, y0)
    .moveTo(x1 - t, y0)
    .lineTo(x1, y0)
    .lineTo(x1, y0 + t)
    .moveTo(x0, y1 - t)
    .lineTo(x0, y1)
    .lineTo(x0 + t, y1)
    .moveTo(x1 - t, y1)
    .lineTo(x1, y1)
    .lineTo(x1, y1 - t)
    .stroke("#000");
}

/**
 * The same label sheet as the print page, as an A4 PDF: three by eight labels per page, each with
 * its QR code (vector modules, level M, four-module quiet zone; see qr-symbol.ts), the mark's
 * name, the user's credit code, the legal basis, the code, the serial and the hint to scan (in
 * Chinese, label-text.ts). Written page by page into a stream.
 */
export function labelSheetPdf(
  fontPath: string,
  header: { markName: string; uscc: string; basis: string },
  labels: SheetLabel[],
): PassThrough {
  const doc = new PDFDocument({
    size: [A4.width, A4.height],
    margin: MARGIN,
    info: {
      Title: labelText.pdfTitle(header.markName),
      Subject: `QR ISO/IEC 18004, error correction ${QR_ERROR_CORRECTION}, module ${moduleMm().toFixed(3)} mm, quiet zone ${QR_QUIET_ZONE_MODULES} modules`,
    },
  });
  const out = new PassThrough();
  doc.pipe(out);
  doc.registerFont("cjk", fontPath, fontPath.endsWith(".ttc") ? "WenQuanYiMicroHei" : undefined);
  doc.font("cjk");
  labels.forEach((label, i) => {
    const symbol = qrSymbol(label.url);
    const at = labelSlot(i, symbol.size);
    if (i > 0 && at.page !== labelSlot(i - 1, symbol.size).page) doc.addPage();
    const { border, text, modulePt: m } = at;
    cropMarks(doc, border);
    // One rectangle per run of dark modules, filled as one path: no seams between modules.
    for (const [r, c, n] of symbol.runs) doc.rect(at.symbolX + c * m, at.symbolY + r * m, n * m, m);
    doc.fill("#000");
    doc.save().rect(text.x, text.y, text.width, text.height).clip();
    doc.fillColor("#000").fontSize(8.5).text(header.markName, text.x, text.y, { width: text.width });
    doc.fontSize(6.5).text(labelText.uscc(header.uscc), { width: text.width });
    if (header.basis) doc.text(header.basis, { width: text.width });
    doc.text(label.code, { width: text.width });
    doc.fillColor("#555").text(label.serial, { width: text.width });
    doc.text(labelText.verifyHint, { width: text.width });
    doc.restore();
  });
  doc.end();
  return out;
}
