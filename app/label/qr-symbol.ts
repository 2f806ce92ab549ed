import QRCode from "qrcode";

/**
 * How every printed label QR is drawn (ISO/IEC 18004), on the PDF sheet and the HTML sheet alike:
 * error-correction level M (about 15 % of the symbol may be lost), a quiet zone of four modules
 * on every side that no line or text enters, and a module of 0.762 mm (0.03 in: 9 dots at
 * 300 dpi, 18 at 600) — smaller in whole 300-dpi dots only when a long address needs a larger
 * symbol than the label holds, never below 0.508 mm (6 dots).
 */
export const QR_ERROR_CORRECTION = "M";
export const QR_QUIET_ZONE_MODULES = 4;
/** One dot at 300 dpi, in PDF points: module edges fall on a 300-dpi printer's grid. */
export const DOT_PT = 72 / 300;
export const QR_MODULE_DOTS = 9;
export const QR_MIN_MODULE_DOTS = 6;
export const MM_PER_PT = 25.4 / 72;

export interface QrSymbol {
  /** Modules per side, without the quiet zone. */
  size: number;
  version: number;
  mask: number;
  /** Row-major, 1 = dark. */
  modules: Uint8Array;
  /** Dark modules as horizontal runs: [row, first column, length]. */
  runs: [number, number, number][];
}

// ISO/IEC 18004 data masks (i = row, j = column), as in qrcode's lib/core/mask-pattern.js.
const MASKS: ((i: number, j: number) => boolean)[] = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i * j) % 3) + ((i + j) % 2)) % 2 === 0,
];

/** The 15 format bits for level M (indicator 00) and a mask: BCH(15,5), then XOR 101010000010010. */
function formatBits(mask: number): number {
  const data = mask; // level M's two bits are 00
  let d = data << 10;
  for (let bit = 14; bit >= 10; bit--) if (d & (1 << bit)) d ^= 0b10100110111 << (bit - 10);
  return ((data << 10) | d) ^ 0b101010000010010;
}

/** Where qrcode's setupFormatInfo puts format bit i (both copies). */
function placeFormat(m: Uint8Array, size: number, mask: number) {
  const bits = formatBits(mask);
  for (let i = 0; i < 15; i++) {
    const v = (bits >> i) & 1;
    const vr = i < 6 ? i : i < 8 ? i + 1 : size - 15 + i;
    m[vr * size + 8] = v;
    const hc = i < 8 ? size - i - 1 : i < 9 ? 15 - i : 14 - i;
    m[8 * size + hc] = v;
  }
  m[(size - 8) * size + 8] = 1;
}

// A reader finds a finder pattern as dark:light:dark:light:dark runs whose adjacent pairs measure
// 2, 4, 4, 2 sevenths of the five (zbar's test, rounded as zbar rounds); where such runs cross in
// both directions it sees a finder centre.
const sevenths = (e: number, s: number) => Math.floor((Math.floor((e * 14 + 1) / s) - 3) / 2);
function looksLikeFinder(a: number, b: number, c: number, d: number, e: number): boolean {
  const s = a + b + c + d + e;
  return sevenths(a + b, s) === 0 && sevenths(b + c, s) === 2 && sevenths(c + d, s) === 2 && sevenths(d + e, s) === 0;
}

/** Marks, in `hit`, the middle run of every finder-like sequence along one line of the symbol. */
function markLine(get: (k: number) => number, n: number, hit: Uint8Array, at: (k: number) => number, flag: number) {
  const starts: number[] = [];
  const lens: number[] = [];
  const dark: number[] = [];
  // The quiet zone counts as a light run on both ends.
  let prev = 0;
  let start = 0;
  for (let k = 0; k <= n; k++) {
    const v = k < n ? get(k) : 0;
    if (k === 0 || v !== prev) {
      if (k > 0) {
        starts.push(start);
        lens.push(k - start);
        dark.push(prev);
      }
      start = k;
      prev = v;
    }
  }
  starts.push(start);
  lens.push(n + 1 - start);
  dark.push(prev);
  for (let r = 0; r + 4 < lens.length; r++) {
    if (!dark[r]) continue;
    if (!looksLikeFinder(lens[r]!, lens[r + 1]!, lens[r + 2]!, lens[r + 3]!, lens[r + 4]!)) continue;
    for (let k = starts[r + 2]!; k < starts[r + 2]! + lens[r + 2]! && k < n; k++) hit[at(k)]! |= flag;
  }
}

/** How many modules outside the three finder patterns a reader could take for a finder centre. */
export function falseFinderModules(m: Uint8Array, size: number): number {
  const hit = new Uint8Array(size * size);
  for (let r = 0; r < size; r++)
    markLine(
      (c) => m[r * size + c]!,
      size,
      hit,
      (c) => r * size + c,
      1,
    );
  for (let c = 0; c < size; c++)
    markLine(
      (r) => m[r * size + c]!,
      size,
      hit,
      (r) => r * size + c,
      2,
    );
  let count = 0;
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const inFinder = (r < 7 && c < 7) || (r < 7 && c >= size - 7) || (r >= size - 7 && c < 7);
      if (hit[r * size + c] === 3 && !inFinder) count++;
    }
  }
  return count;
}

/**
 * The symbol for a text, encoded by qrcode. Of the eight masks the standard allows, it takes the
 * one leaving the fewest finder-like patterns in the data: on a sheet of 24 codes, such false
 * centres made zbar give up on a code now and then (decision 019). Ties keep the lower mask.
 */
export function qrSymbol(text: string): QrSymbol {
  const qr = QRCode.create(text, { errorCorrectionLevel: QR_ERROR_CORRECTION, maskPattern: 0 as never });
  const size = qr.modules.size;
  const reserved = qr.modules.reservedBit;
  const unmasked = new Uint8Array(size * size);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const k = r * size + c;
      unmasked[k] = qr.modules.data[k]! ^ (!reserved[k] && MASKS[0]!(r, c) ? 1 : 0);
    }
  }
  let best: { mask: number; modules: Uint8Array; score: number } | null = null;
  for (let mask = 0; mask < 8; mask++) {
    const m = new Uint8Array(size * size);
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        const k = r * size + c;
        m[k] = unmasked[k]! ^ (!reserved[k] && MASKS[mask]!(r, c) ? 1 : 0);
      }
    }
    placeFormat(m, size, mask);
    const score = falseFinderModules(m, size);
    if (!best || score < best.score) best = { mask, modules: m, score };
    if (score === 0) break;
  }
  const modules = best!.modules;
  const runs: [number, number, number][] = [];
  for (let r = 0; r < size; r++) {
    let start = -1;
    for (let c = 0; c <= size; c++) {
      const dark = c < size && modules[r * size + c] === 1;
      if (dark && start < 0) start = c;
      if (!dark && start >= 0) {
        runs.push([r, start, c - start]);
        start = -1;
      }
    }
  }
  return { size, version: qr.version, mask: best!.mask, modules, runs };
}

/**
 * The module size in 300-dpi dots for a symbol of `size` modules whose quiet-zoned square must fit
 * in `available` points; null when even the smallest stated module does not fit.
 */
export function moduleDots(size: number, available: number): number | null {
  const fit = Math.floor(available / ((size + 2 * QR_QUIET_ZONE_MODULES) * DOT_PT));
  const dots = Math.min(QR_MODULE_DOTS, fit);
  return dots >= QR_MIN_MODULE_DOTS ? dots : null;
}

/** The printed module size in millimetres, for stating on a sheet. */
export const moduleMm = (dots: number = QR_MODULE_DOTS) => dots * DOT_PT * MM_PER_PT;

/**
 * The symbol as SVG for the HTML sheet: white quiet zone included in the drawing, dark runs as one
 * path, and a physical size (millimetres) so a browser prints it at the stated module size.
 */
export function qrSvg(text: string, dots: number = QR_MODULE_DOTS): string {
  const symbol = qrSymbol(text);
  const q = QR_QUIET_ZONE_MODULES;
  const side = symbol.size + 2 * q;
  const mm = (side * moduleMm(dots)).toFixed(3);
  const path = symbol.runs.map(([r, c, n]) => `M${c + q} ${r + q}h${n}v1h-${n}z`).join("");
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" width="${mm}mm" height="${mm}mm" ` +
    `shape-rendering="crispEdges" aria-hidden="true"><rect width="${side}" height="${side}" fill="#fff"/>` +
    `<path fill="#000" d="${path}"/></svg>`
  );
}
