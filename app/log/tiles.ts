import { EMPTY_ROOT, HASH_SIZE, nodeHash } from "./hash.ts";
import { consistencyProof, inclusionProof, splitPoint, TILE_HEIGHT } from "./merkle.ts";

// C2SP tlog-tiles: the tree served as static "tiles" of 256 consecutive hashes at heights 0, 8,
// 16…, and the entries as length-prefixed bundles of 256, so anyone can mirror the log as files.

export const TILE_WIDTH = 256;

/** `<N>` of a tile path: zero-padded 3-digit elements, all but the last prefixed with x. */
export function tileIndexPath(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`bad tile index ${n}`);
  const parts: string[] = [];
  let rest = n;
  do {
    parts.unshift(String(rest % 1000).padStart(3, "0"));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return parts.map((p, i) => (i < parts.length - 1 ? `x${p}` : p)).join("/");
}

/** The path of a tile (level ≥ 0) or an entry bundle (level "entries"), with `.p/<W>` when partial. */
export function tilePath(level: number | "entries", n: number, width = TILE_WIDTH): string {
  const suffix = width === TILE_WIDTH ? "" : `.p/${width}`;
  return `tile/${level}/${tileIndexPath(n)}${suffix}`;
}

export interface TileAddress {
  level: number | "entries";
  index: number;
  width: number;
}

/** Parses what follows `tile/`; null for anything the spec does not allow (leading zeroes, width 0 or 256…). */
export function parseTilePath(path: string): TileAddress | null {
  const m = /^(entries|0|[1-9]\d?)\/((?:x\d{3}\/)*)(\d{3})(?:\.p\/([1-9]\d{0,2}))?$/.exec(path);
  if (!m) return null;
  const level = m[1] === "entries" ? "entries" : Number(m[1]);
  if (level !== "entries" && level > 63) return null;
  const elements = [...(m[2] ? m[2].split("/").filter(Boolean) : []).map((x) => x.slice(1)), m[3]!];
  // No redundant leading "x000/" elements: each index has exactly one path.
  if (elements.length > 1 && elements[0] === "000") return null;
  let index = 0;
  for (const e of elements) index = index * 1000 + Number(e);
  if (!Number.isSafeInteger(index)) return null;
  const width = m[4] ? Number(m[4]) : TILE_WIDTH;
  if (width < 1 || width > TILE_WIDTH) return null;
  if (m[4] && width === TILE_WIDTH) return null;
  return { level, index, width };
}

/** How many hashes a tree of `size` leaves has at tile level `level` (each covering 256^level leaves). */
export function hashesAtLevel(size: number, level: number): number {
  return Math.floor(size / TILE_WIDTH ** level);
}

/** Width of tile `index` at `level` in a tree of `size`: 256, a partial width, or 0 when it does not exist. */
export function tileWidth(size: number, level: number, index: number): number {
  const count = hashesAtLevel(size, level);
  return Math.max(0, Math.min(TILE_WIDTH, count - index * TILE_WIDTH));
}

/** Entry bundle: each entry as a big-endian uint16 length and its bytes. */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    if (e.length > 0xffff) throw new RangeError(`an entry of ${e.length} bytes does not fit a bundle`);
    const len = Buffer.allocUnsafe(2);
    len.writeUInt16BE(e.length);
    parts.push(len, Buffer.from(e));
  }
  return Buffer.concat(parts);
}

export function decodeEntryBundle(bundle: Uint8Array): Buffer[] {
  const buf = Buffer.from(bundle.buffer, bundle.byteOffset, bundle.length);
  const entries: Buffer[] = [];
  let at = 0;
  while (at < buf.length) {
    if (at + 2 > buf.length) throw new RangeError("entry bundle ends inside a length");
    const len = buf.readUInt16BE(at);
    if (at + 2 + len > buf.length) throw new RangeError("entry bundle ends inside an entry");
    entries.push(buf.subarray(at + 2, at + 2 + len));
    at += 2 + len;
  }
  return entries;
}

/** Reads tile `index` of `level`, `width` hashes wide, as concatenated 32-byte hashes. */
export type TileReader = (level: number, index: number, width: number) => Promise<Uint8Array>;

/**
 * A tree of `size` leaves seen only through its tiles: any range hash, the root and every proof
 * are computed from the few tiles they touch (each read once). Used by the server over the
 * database and by `log:verify` over HTTP.
 */
export class TiledTree {
  private readonly cache = new Map<string, Promise<Uint8Array>>();

  constructor(
    readonly size: number,
    private readonly read: TileReader,
  ) {}

  private tile(level: number, index: number): Promise<Uint8Array> {
    const width = tileWidth(this.size, level, index);
    if (width === 0) throw new RangeError(`tile ${level}/${index} is beyond a tree of size ${this.size}`);
    const key = `${level}/${index}/${width}`;
    let t = this.cache.get(key);
    if (!t) {
      t = this.read(level, index, width).then((bytes) => {
        if (bytes.length !== width * HASH_SIZE)
          throw new RangeError(`tile ${level}/${index} has ${bytes.length} bytes, expected ${width * HASH_SIZE}`);
        return bytes;
      });
      this.cache.set(key, t);
    }
    return t;
  }

  /** The hash at tile level `level`, position `i` (a complete subtree of 256^level leaves). */
  private async stored(level: number, i: number): Promise<Buffer> {
    const bytes = await this.tile(level, Math.floor(i / TILE_WIDTH));
    const at = (i % TILE_WIDTH) * HASH_SIZE;
    return Buffer.from(bytes.subarray(at, at + HASH_SIZE));
  }

  /** The perfect subtree of height `height` at position `index`, from the tile level at or below it. */
  private async perfect(height: number, index: number): Promise<Buffer> {
    const level = Math.floor(height / TILE_HEIGHT);
    const below = height - level * TILE_HEIGHT;
    const first = index * 2 ** below;
    let row: Buffer[] = [];
    for (let i = 0; i < 2 ** below; i++) row.push(await this.stored(level, first + i));
    while (row.length > 1) {
      const next: Buffer[] = [];
      for (let i = 0; i < row.length; i += 2) next.push(nodeHash(row[i]!, row[i + 1]!));
      row = next;
    }
    return row[0]!;
  }

  readonly hash = async (lo: number, hi: number): Promise<Buffer> => {
    if (lo < 0 || hi > this.size || lo > hi) throw new RangeError(`range ${lo}..${hi} outside size ${this.size}`);
    const n = hi - lo;
    if (n === 0) return EMPTY_ROOT;
    const height = Math.log2(n);
    if (Number.isInteger(height) && lo % n === 0) return this.perfect(height, lo / n);
    const k = splitPoint(n);
    return nodeHash(await this.hash(lo, lo + k), await this.hash(lo + k, hi));
  };

  root(): Promise<Buffer> {
    return this.hash(0, this.size);
  }

  inclusionProof(index: number): Promise<Buffer[]> {
    return inclusionProof(this.hash, index, this.size);
  }

  consistencyProof(from: number): Promise<Buffer[]> {
    return consistencyProof(this.hash, from, this.size);
  }
}

/** Every tile of a tree held in memory as leaf hashes (for tests, and for checking a mirror). */
export function tilesOf(leafHashes: readonly Uint8Array[]): Map<string, Buffer> {
  const tiles = new Map<string, Buffer>();
  let row: Uint8Array[] = [...leafHashes];
  for (let level = 0; row.length > 0; level++) {
    for (let index = 0; index * TILE_WIDTH < row.length; index++) {
      const slice = row.slice(index * TILE_WIDTH, (index + 1) * TILE_WIDTH);
      tiles.set(`${level}/${index}/${slice.length}`, Buffer.concat(slice));
    }
    const next: Uint8Array[] = [];
    for (let i = 0; i + TILE_WIDTH <= row.length; i += TILE_WIDTH) {
      let sub: Uint8Array[] = row.slice(i, i + TILE_WIDTH);
      while (sub.length > 1) {
        const up: Uint8Array[] = [];
        for (let j = 0; j < sub.length; j += 2) up.push(nodeHash(sub[j]!, sub[j + 1]!));
        sub = up;
      }
      next.push(sub[0]!);
    }
    row = next;
  }
  return tiles;
}
