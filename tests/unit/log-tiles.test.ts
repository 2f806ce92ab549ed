import { describe, expect, it } from "vitest";
import { leafHash } from "#app/log/hash.ts";
import { consistencyProof, inclusionProof, memoryHasher } from "#app/log/merkle.ts";
import {
  decodeEntryBundle,
  encodeEntryBundle,
  parseTilePath,
  TiledTree,
  tileIndexPath,
  tilePath,
  tilesOf,
  tileWidth,
} from "#app/log/tiles.ts";

describe("C2SP tlog-tiles paths", () => {
  it("encodes indexes as the spec's example does", () => {
    expect(tileIndexPath(1234067)).toBe("x001/x234/067");
    expect(tileIndexPath(0)).toBe("000");
    expect(tilePath(0, 5)).toBe("tile/0/005");
    expect(tilePath("entries", 1000, 17)).toBe("tile/entries/x001/000.p/17");
    expect(parseTilePath("2/x001/x234/067")).toEqual({ level: 2, index: 1234067, width: 256 });
    expect(parseTilePath("entries/000.p/255")).toEqual({ level: "entries", index: 0, width: 255 });
  });

  it("refuses paths the spec does not allow", () => {
    for (const bad of [
      "00/000",
      "0/5",
      "0/x000/005",
      "0/000.p/0",
      "0/000.p/256",
      "0/000.p/007",
      "64/000",
      "0/000/",
      "x/000",
    ])
      expect(parseTilePath(bad), bad).toBeNull();
  });

  it("sizes tiles as the spec's 70,000-leaf example", () => {
    const size = 70_000;
    expect(tileWidth(size, 0, 272)).toBe(256);
    expect(tileWidth(size, 0, 273)).toBe(112);
    expect(tileWidth(size, 0, 274)).toBe(0);
    expect(tileWidth(size, 1, 0)).toBe(256);
    expect(tileWidth(size, 1, 1)).toBe(17);
    expect(tileWidth(size, 2, 0)).toBe(1);
    expect(tileWidth(256, 1, 0)).toBe(1);
  });

  it("bundles entries with big-endian uint16 lengths", () => {
    const entries = [Buffer.from("a"), Buffer.alloc(0), Buffer.alloc(300, 7)];
    const b = encodeEntryBundle(entries);
    expect(b.subarray(0, 3).toString("hex")).toBe("000161");
    expect(decodeEntryBundle(b).map((e) => e.toString("hex"))).toEqual(entries.map((e) => e.toString("hex")));
    expect(() => decodeEntryBundle(b.subarray(0, b.length - 1))).toThrow();
    expect(() => encodeEntryBundle([Buffer.alloc(65_536)])).toThrow();
  });
});

describe("a tree read through its tiles", () => {
  it("gives the same root and proofs as the whole tree, touching only tiles that exist", async () => {
    const leaves = Array.from({ length: 65_600 }, (_, i) => leafHash(Buffer.from(String(i))));
    const tiles = tilesOf(leaves);
    for (const size of [1, 255, 256, 257, 65_536, 65_600]) {
      const reads: string[] = [];
      const tree = new TiledTree(size, async (level, index, width) => {
        reads.push(`${level}/${index}/${width}`);
        const full = tiles.get(`${level}/${index}/256`) ?? tiles.get(`${level}/${index}/${width}`);
        if (!full) throw new Error(`no tile ${level}/${index}`);
        return full.subarray(0, width * 32);
      });
      const whole = memoryHasher(leaves.slice(0, size));
      expect((await tree.root()).toString("hex")).toBe(whole(0, size).toString("hex"));
      for (const i of [0, size - 1, Math.floor(size / 3)]) {
        expect((await tree.inclusionProof(i)).map((h) => h.toString("hex"))).toEqual(
          (await inclusionProof(whole, i, size)).map((h) => h.toString("hex")),
        );
      }
      for (const m of [1, Math.floor(size / 2), size - 1].filter((m) => m > 0)) {
        expect((await tree.consistencyProof(m)).map((h) => h.toString("hex"))).toEqual(
          (await consistencyProof(whole, m, size)).map((h) => h.toString("hex")),
        );
      }
      for (const r of reads) {
        const [level, index, width] = r.split("/").map(Number) as [number, number, number];
        expect(tileWidth(size, level, index)).toBe(width);
      }
    }
  }, 120_000);
});
