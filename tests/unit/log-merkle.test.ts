import { describe, expect, it } from "vitest";
import { EMPTY_ROOT, leafHash } from "#app/log/hash.ts";
import {
  chunkedInclusionProof,
  consistencyProof,
  inclusionProof,
  memoryHasher,
  rootOf,
  StreamingTree,
  verifyConsistency,
  verifyInclusion,
} from "#app/log/merkle.ts";

// The RFC 6962 reference vectors published with Certificate Transparency and kept by
// transparency-dev/merkle (proof/verify_test.go): eight leaves, the root of every prefix, and
// inclusion and consistency proofs in the order RFC 6962/9162 gives them.
const hex = (s: string) => Buffer.from(s, "hex");
const LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map(
  hex,
);
const ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
].map(hex);
const INCLUSION: [index: number, size: number, proof: string[]][] = [
  [
    0,
    8,
    [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  ],
  [
    5,
    8,
    [
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  ],
  [2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]],
  [
    1,
    5,
    [
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  ],
];
const CONSISTENCY: [from: number, to: number, proof: string[]][] = [
  [
    1,
    8,
    [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  ],
  [
    6,
    8,
    [
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  ],
  [
    2,
    5,
    [
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  ],
  [
    6,
    7,
    [
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  ],
];

const hashes = LEAVES.map(leafHash);
const tree = memoryHasher(hashes);

describe("RFC 6962 Merkle tree", () => {
  it("gives the reference root for every size, and SHA-256('') for the empty tree", () => {
    expect(rootOf([]).toString("hex")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(EMPTY_ROOT.toString("hex")).toBe(rootOf([]).toString("hex"));
    for (let n = 1; n <= 8; n++) expect(rootOf(hashes.slice(0, n)).toString("hex")).toBe(ROOTS[n - 1]!.toString("hex"));
  });

  it("builds and verifies the reference inclusion proofs", async () => {
    for (const [index, size, expected] of INCLUSION) {
      const proof = await inclusionProof(tree, index, size);
      expect(proof.map((p) => p.toString("hex"))).toEqual(expected);
      expect(verifyInclusion(hashes[index]!, index, size, proof, ROOTS[size - 1]!)).toBe(true);
    }
  });

  it("builds and verifies the reference consistency proofs", async () => {
    for (const [from, to, expected] of CONSISTENCY) {
      const proof = await consistencyProof(tree, from, to);
      expect(proof.map((p) => p.toString("hex"))).toEqual(expected);
      expect(verifyConsistency(from, to, ROOTS[from - 1]!, ROOTS[to - 1]!, proof)).toBe(true);
    }
  });

  it("refuses every corruption of a proof that the reference tests try", async () => {
    for (const [index, size] of INCLUSION) {
      const proof = await inclusionProof(tree, index, size);
      const root = ROOTS[size - 1]!;
      const leaf = hashes[index]!;
      expect(verifyInclusion(leaf, index - 1, size, proof, root)).toBe(false);
      expect(verifyInclusion(leaf, index + 1, size, proof, root)).toBe(false);
      expect(verifyInclusion(leaf, index, size * 2, proof, root)).toBe(false);
      expect(verifyInclusion(leaf, index, Math.floor(size / 2), proof, root)).toBe(false);
      expect(verifyInclusion(leafHash(Buffer.from("WrongLeaf")), index, size, proof, root)).toBe(false);
      expect(verifyInclusion(leaf, index, size, proof, EMPTY_ROOT)).toBe(false);
      expect(verifyInclusion(leaf, index, size, [...proof, root], root)).toBe(false);
      expect(verifyInclusion(leaf, index, size, [root, ...proof], root)).toBe(false);
      expect(verifyInclusion(leaf, index, size, proof.slice(0, -1), root)).toBe(false);
      for (let i = 0; i < proof.length; i++) {
        const bad = proof.map((p) => Buffer.from(p));
        bad[i]![0]! ^= 8;
        expect(verifyInclusion(leaf, index, size, bad, root)).toBe(false);
      }
    }
    for (const [from, to] of CONSISTENCY) {
      const proof = await consistencyProof(tree, from, to);
      const [r1, r2] = [ROOTS[from - 1]!, ROOTS[to - 1]!];
      expect(verifyConsistency(from - 1, to, r1, r2, proof)).toBe(false);
      expect(verifyConsistency(from + 1, to, r1, r2, proof)).toBe(false);
      expect(verifyConsistency(from, to * 2, r1, r2, proof)).toBe(false);
      expect(verifyConsistency(from, to, r2, r1, proof)).toBe(false);
      expect(verifyConsistency(from, to, r1, r2, [])).toBe(false);
      expect(verifyConsistency(from, to, r1, r2, [...proof, r1])).toBe(false);
      expect(verifyConsistency(from, to, r1, r2, [proof[0]!, ...proof])).toBe(false);
      expect(verifyConsistency(from, to, r1, r2, proof.slice(0, -1))).toBe(false);
      for (let i = 0; i < proof.length; i++) {
        const bad = proof.map((p) => Buffer.from(p));
        bad[i]![0]! ^= 16;
        expect(verifyConsistency(from, to, r1, r2, bad)).toBe(false);
      }
    }
  });

  it("treats the degenerate sizes as RFC 9162 does", () => {
    expect(verifyConsistency(0, 5, EMPTY_ROOT, ROOTS[4]!, [])).toBe(true);
    expect(verifyConsistency(0, 5, EMPTY_ROOT, ROOTS[4]!, [EMPTY_ROOT])).toBe(false);
    expect(verifyConsistency(4, 4, ROOTS[3]!, ROOTS[3]!, [])).toBe(true);
    expect(verifyConsistency(4, 4, ROOTS[3]!, ROOTS[4]!, [])).toBe(false);
    expect(verifyConsistency(5, 4, ROOTS[4]!, ROOTS[3]!, [])).toBe(false);
    expect(verifyInclusion(hashes[0]!, 0, 1, [], hashes[0]!)).toBe(true);
    expect(verifyInclusion(hashes[0]!, 0, 0, [], hashes[0]!)).toBe(false);
  });

  it("proves every leaf and every pair of sizes up to 70 leaves", { timeout: 60_000 }, async () => {
    const many = Array.from({ length: 70 }, (_, i) => leafHash(Buffer.from([i, i * 3])));
    const h = memoryHasher(many);
    const roots = [EMPTY_ROOT, ...many.map((_, i) => rootOf(many.slice(0, i + 1)))];
    for (let n = 1; n <= many.length; n++) {
      for (let i = 0; i < n; i++) {
        const p = await inclusionProof(h, i, n);
        expect(verifyInclusion(many[i]!, i, n, p, roots[n]!)).toBe(true);
      }
      for (let m = 0; m <= n; m++) {
        const p = await consistencyProof(h, m, n);
        expect(verifyConsistency(m, n, roots[m]!, roots[n]!, p)).toBe(true);
      }
    }
  });
});

describe("a tree built one leaf at a time", () => {
  it(
    "has the same root, and chunk proofs equal to the whole tree's, at awkward sizes",
    { timeout: 120_000 },
    async () => {
      for (const size of [1, 2, 255, 256, 257, 511, 512, 1000, 65_537]) {
        const codes = Array.from({ length: size }, (_, i) => {
          const b = Buffer.alloc(16);
          b.writeUInt32BE(i, 0);
          b.writeUInt32BE(size, 12);
          return b;
        });
        const streaming = new StreamingTree();
        for (const c of codes) streaming.pushCode(c);
        const leafHashes = codes.map(leafHash);
        const whole = memoryHasher(leafHashes);
        expect(streaming.root().toString("hex")).toBe(whole(0, size).toString("hex"));
        expect(streaming.chunkHashes()).toHaveLength(Math.ceil(size / 256));
        for (const index of [0, size - 1, Math.floor(size / 2), Math.min(size - 1, 256)]) {
          const chunk = Math.floor(index / 256);
          const path = await chunkedInclusionProof(
            leafHashes.slice(chunk * 256, chunk * 256 + 256),
            streaming.chunkHashes(),
            index,
          );
          expect(path.map((p) => p.toString("hex"))).toEqual(
            (await inclusionProof(whole, index, size)).map((p) => p.toString("hex")),
          );
        }
      }
    },
  );
});
