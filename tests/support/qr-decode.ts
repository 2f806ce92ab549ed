import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A rendered page as 8-bit grey pixels (pdftoppm -gray writes binary PGM). */
export interface GreyPage {
  width: number;
  height: number;
  pixels: Uint8Array;
  file: string;
}

function readPgm(file: string): GreyPage {
  const data = readFileSync(file);
  // P5 <width> <height> <max>\n<pixels>: four whitespace-separated tokens, then one byte of space.
  let pos = 0;
  const tokens: string[] = [];
  while (tokens.length < 4) {
    while (/\s/.test(String.fromCharCode(data[pos]!))) pos++;
    let token = "";
    while (!/\s/.test(String.fromCharCode(data[pos]!))) token += String.fromCharCode(data[pos++]!);
    tokens.push(token);
  }
  if (tokens[0] !== "P5" || tokens[3] !== "255") throw new Error(`${file} is not an 8-bit PGM`);
  return { width: Number(tokens[1]), height: Number(tokens[2]), pixels: data.subarray(pos + 1), file };
}

/**
 * Renders every page of a PDF at `dpi` with Poppler's pdftoppm and decodes each page with zbar's
 * zbarimg (Debian: poppler-utils, zbar-tools): the codes found on each page, in zbar's order.
 */
export function renderAndDecode(pdf: Buffer, dpi = 300): { pages: GreyPage[]; codes: string[][]; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "sheet-"));
  const input = join(dir, "sheet.pdf");
  writeFileSync(input, pdf);
  execFileSync("pdftoppm", ["-r", String(dpi), "-gray", input, join(dir, "page")]);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".pgm"))
    .sort((a, b) => Number(a.match(/(\d+)\.pgm$/)![1]) - Number(b.match(/(\d+)\.pgm$/)![1]));
  const pages = files.map((f) => readPgm(join(dir, f)));
  const codes = pages.map((page) => {
    let out = "";
    try {
      out = execFileSync("zbarimg", ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", page.file], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      });
    } catch (error) {
      // zbarimg exits 4 when a page holds no code at all: that page simply decodes to nothing.
      if ((error as { status?: number }).status !== 4) throw error;
    }
    return out.split("\n").filter(Boolean);
  });
  return { pages, codes, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The darkest pixel in a rectangle given in PDF points (72 per inch), on a page rendered at dpi. */
export function darkestIn(page: GreyPage, box: { x: number; y: number; width: number; height: number }, dpi = 300) {
  const scale = dpi / 72;
  const x0 = Math.max(0, Math.round(box.x * scale));
  const y0 = Math.max(0, Math.round(box.y * scale));
  const x1 = Math.min(page.width, Math.round((box.x + box.width) * scale));
  const y1 = Math.min(page.height, Math.round((box.y + box.height) * scale));
  let darkest = 255;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) darkest = Math.min(darkest, page.pixels[y * page.width + x]!);
  }
  return darkest;
}
