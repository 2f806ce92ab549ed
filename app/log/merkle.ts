import { EMPTY_ROOT, equalHashes, isHash, leafHash, nodeHash, sha256 } from "./hash.ts";

// RFC 6962 §2.1 / RFC 9162 §2.1 Merkle tree proofs, written once over a function that gives the
// hash of any range of leaves (MTH(D[lo:hi])), so the same code serves a tree held in memory, one
// read tile by tile from the database, and one fetched tile by tile over HTTP.

/** MTH(D[lo:hi]); may answer at once or after reading storage. */
export type RangeHasher = (lo: number, hi: number) => Buffer | Promise<Buffer>;

/** The largest power of two smaller than n (n ≥ 2): RFC 6962's split point. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 1 && 2 ** Math.round(Math.log2(n)) === n;
}

/** PATH(m, D[0:size]) of RFC 6962 §2.1.1: siblings from the leaf up to the root's child. */
export async function inclusionProof(mth: RangeHasher, index: number, size: number): Promise<Buffer[]> {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size)
    throw new RangeError(`leaf ${index} is not in a tree of size ${size}`);
  const path: Buffer[] = [];
  const walk = async (lo: number, hi: number): Promise<void> => {
    if (hi - lo === 1) return;
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      await walk(lo, lo + k);
      path.push(await mth(lo + k, hi));
    } else {
      await walk(lo + k, hi);
      path.push(await mth(lo, lo + k));
    }
  };
  await walk(0, size);
  return path;
}

/** PROOF(m, D[0:n]) of RFC 6962 §2.1.2 (empty when m is 0 or n). */
export async function consistencyProof(mth: RangeHasher, m: number, n: number): Promise<Buffer[]> {
  if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n) || m < 0 || m > n)
    throw new RangeError(`no consistency proof from ${m} to ${n}`);
  if (m === 0 || m === n) return [];
  const proof: Buffer[] = [];
  const sub = async (count: number, lo: number, hi: number, whole: boolean): Promise<void> => {
    if (count === hi - lo) {
      if (!whole) proof.push(await mth(lo, hi));
      return;
    }
    const k = splitPoint(hi - lo);
    if (count <= k) {
      await sub(count, lo, lo + k, whole);
      proof.push(await mth(lo + k, hi));
    } else {
      await sub(count - k, lo + k, hi, false);
      proof.push(await mth(lo, lo + k));
    }
  };
  await sub(m, 0, n, true);
  return proof;
}

/** MTH over leaf hashes held in memory. */
export function memoryHasher(leafHashes: readonly Uint8Array[]): (lo: number, hi: number) => Buffer {
  const mth = (lo: number, hi: number): Buffer => {
    const n = hi - lo;
    if (n === 0) return EMPTY_ROOT;
    if (n === 1) return Buffer.from(leafHashes[lo]!);
    const k = splitPoint(n);
    return nodeHash(mth(lo, lo + k), mth(lo + k, hi));
  };
  return mth;
}

export function rootOf(leafHashes: readonly Uint8Array[]): Buffer {
  return memoryHasher(leafHashes)(0, leafHashes.length);
}

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to, or null when its shape is wrong. */
export function rootFromInclusionProof(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
): Buffer | null {
  if (!isHash(leaf) || !Number.isSafeInteger(index) || !Number.isSafeInteger(size)) return null;
  if (index < 0 || index >= size || !proof.every(isHash)) return null;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const got = rootFromInclusionProof(leaf, index, size, proof);
  return got !== null && isHash(root) && equalHashes(got, root);
}

/** RFC 9162 §2.1.4.2. Size 0 is consistent with anything; equal sizes need equal roots and no proof. */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0 || first > second) return false;
  if (!proof.every(isHash)) return false;
  if (first === 0) return proof.length === 0;
  if (!isHash(firstRoot) || !isHash(secondRoot)) return false;
  if (first === second) return proof.length === 0 && equalHashes(firstRoot, secondRoot);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Buffer = Buffer.from(path[0]!);
  let sr: Buffer = Buffer.from(path[0]!);
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalHashes(fr, firstRoot) && equalHashes(sr, secondRoot);
}

/** Height of the subtrees whose hashes a tile holds: 2^8 = 256 leaves (C2SP tlog-tiles). */
export const TILE_HEIGHT = 8;

/**
 * An RFC 6962 tree built one leaf at a time in bounded memory (a stack of perfect subtrees, one
 * per bit of the size). It also keeps the hash of every 256-leaf chunk, and of the last partial
 * chunk, so a proof for one leaf later needs only its own chunk's leaves and these hashes.
 */
export class StreamingTree {
  private readonly stack: { height: number; hash: Buffer }[] = [];
  private readonly chunks: Buffer[] = [];
  private count = 0;
  private readonly scratch = Buffer.allocUnsafe(17);

  get size() {
    return this.count;
  }

  pushLeafHash(hash: Buffer) {
    let node = { height: 0, hash };
    this.count += 1;
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (!top || top.height !== node.height) break;
      this.stack.pop();
      node = { height: node.height + 1, hash: nodeHash(top.hash, node.hash) };
      if (node.height === TILE_HEIGHT) this.chunks.push(node.hash);
    }
    this.stack.push(node);
  }

  /** Label codes are 16 bytes: hashed through one reused buffer (this runs a million times per order). */
  pushCode(code: Uint8Array) {
    if (code.length !== 16) throw new RangeError("a label code is 16 bytes");
    this.scratch[0] = 0x00;
    this.scratch.set(code, 1);
    this.pushLeafHash(sha256(this.scratch));
  }

  pushLeaf(data: Uint8Array) {
    this.pushLeafHash(leafHash(data));
  }

  root(): Buffer {
    if (!this.stack.length) return EMPTY_ROOT;
    let r = this.stack[this.stack.length - 1]!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) r = nodeHash(this.stack[i]!.hash, r);
    return r;
  }

  /** Hashes of the 256-leaf chunks in order, the last one partial when the size is not a multiple of 256. */
  chunkHashes(): Buffer[] {
    const partial = this.stack.filter((s) => s.height < TILE_HEIGHT);
    if (!partial.length) return [...this.chunks];
    let r = partial[partial.length - 1]!.hash;
    for (let i = partial.length - 2; i >= 0; i--) r = nodeHash(partial[i]!.hash, r);
    return [...this.chunks, r];
  }
}

/**
 * The inclusion proof of leaf `index` of a tree kept as chunk hashes: the path inside its chunk
 * (from that chunk's leaf hashes) followed by the chunk's path among the chunks. Chunks are nodes
 * of the full tree (256-aligned, the last one the tree's rightmost subtree), so the two paths
 * join into the RFC 6962 path.
 */
export async function chunkedInclusionProof(
  chunkLeafHashes: readonly Uint8Array[],
  chunkHashes: readonly Uint8Array[],
  index: number,
): Promise<Buffer[]> {
  const chunk = Math.floor(index / 256);
  const inner = await inclusionProof(memoryHasher(chunkLeafHashes), index % 256, chunkLeafHashes.length);
  const outer = await inclusionProof(memoryHasher(chunkHashes), chunk, chunkHashes.length);
  return [...inner, ...outer];
}
