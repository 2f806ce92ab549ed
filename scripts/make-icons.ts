// npm run icons — draws public/favicon.ico (32 px) and public/apple-touch-icon.png (180 px) from
// the same shapes as public/favicon.svg: a green disc with a white tick. No image library needed:
// the pixels are computed here and written as PNG (zlib) inside an ICO container.
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const GREEN = [0x1f, 0x7a, 0x3a];
// The tick in a 32-unit box, as in favicon.svg: (8,17) → (14,23) → (25,10), 4 units wide.
const TICK: [number, number][] = [
  [8, 17],
  [14, 23],
  [25, 10],
];

function distanceToSegment(px: number, py: number, [ax, ay]: [number, number], [bx, by]: [number, number]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** RGBA pixels, 4×4 supersampled for smooth edges. */
function draw(size: number, square: boolean): Buffer {
  const out = Buffer.alloc(size * size * 4);
  const unit = size / 32;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let disc = 0;
      let tick = 0;
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const ux = (x + (sx + 0.5) / 4) / unit;
          const uy = (y + (sy + 0.5) / 4) / unit;
          if (square || Math.hypot(ux - 16, uy - 16) <= 15.5) disc++;
          const d = Math.min(
            distanceToSegment(ux, uy, TICK[0]!, TICK[1]!),
            distanceToSegment(ux, uy, TICK[1]!, TICK[2]!),
          );
          if (d <= 2) tick++;
        }
      }
      const a = disc / 16;
      const w = tick / 16;
      const i = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) out[i + c] = Math.round(GREEN[c]! * (1 - w) + 255 * w);
      out[i + 3] = Math.round(255 * a);
    }
  }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size: number, rgba: Buffer) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  const rows = Buffer.concat(
    Array.from({ length: size }, (_, y) =>
      Buffer.concat([Buffer.from([0]), rgba.subarray(y * size * 4, (y + 1) * size * 4)]),
    ),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
function ico(size: number, image: Buffer) {
  const dir = Buffer.alloc(22);
  dir.writeUInt16LE(0, 0);
  dir.writeUInt16LE(1, 2); // icon
  dir.writeUInt16LE(1, 4); // one image
  dir.writeUInt8(size, 6);
  dir.writeUInt8(size, 7);
  dir.writeUInt16LE(1, 10); // colour planes
  dir.writeUInt16LE(32, 12); // bits per pixel
  dir.writeUInt32LE(image.length, 14);
  dir.writeUInt32LE(22, 18);
  return Buffer.concat([dir, image]);
}

const publicDir = new URL("../public/", import.meta.url).pathname;
writeFileSync(`${publicDir}favicon.ico`, ico(32, png(32, draw(32, false))));
// iOS rounds the corners itself and shows transparency as black: a full square.
writeFileSync(`${publicDir}apple-touch-icon.png`, png(180, draw(180, true)));
console.log("wrote public/favicon.ico and public/apple-touch-icon.png");
