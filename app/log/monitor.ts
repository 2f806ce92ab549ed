import { leafHash } from "./hash.ts";
import { memoryHasher, StreamingTree, verifyConsistency } from "./merkle.ts";
import { parseCheckpointText, verifiedCosignature } from "./checkpoint.ts";
import { NoteError, openNote, parseVerifierKey, type VerifierKey } from "./note.ts";
import { decodeEntryBundle, tilePath, tilesOf, tileWidth, TILE_WIDTH } from "./tiles.ts";
import { decodeLeaf, type Leaf } from "./leaf.ts";

// What `npm run log:verify` does, over any way of fetching the log's files (HTTP for the CLI, the
// database for tests): fetch the checkpoint and every tile, recompute the tree, check the
// signature, the cosignatures it was told to expect, and consistency with the last checkpoint it
// saw. Every check names the first problem it finds.

export type Fetcher = (path: string) => Promise<{ status: number; body: Buffer }>;

export interface MonitorState {
  origin: string;
  vkey: string;
  size: number;
  root: string;
}

export interface MonitorReport {
  ok: boolean;
  problem?: string;
  origin?: string;
  size?: number;
  root?: string;
  leaves?: { index: number; data: Buffer; leaf: Leaf }[];
  cosigned?: string[];
  state?: MonitorState;
}

const fail = (problem: string, extra: Partial<MonitorReport> = {}): MonitorReport => ({ ok: false, problem, ...extra });

export async function verifyLog(
  fetchFile: Fetcher,
  options: {
    previous?: MonitorState | null;
    vkey?: string | undefined;
    witnesses?: string[];
    consistencyProof?: (from: number, to: number) => Promise<Buffer[] | null>;
  } = {},
): Promise<MonitorReport> {
  const previous = options.previous ?? null;
  const served = await fetchFile("vkey");
  const vkeyText = options.vkey ?? previous?.vkey ?? served.body.toString("utf8").trim();
  let key: VerifierKey;
  try {
    key = parseVerifierKey(vkeyText);
  } catch (error) {
    return fail(`the log's verifier key is malformed: ${(error as Error).message}`);
  }
  if (served.status === 200 && served.body.toString("utf8").trim() !== vkeyText)
    return fail(`the log now serves another key (${served.body.toString("utf8").trim()}), not ${vkeyText}`);

  const cp = await fetchFile("checkpoint");
  if (cp.status !== 200) return fail(`no checkpoint (HTTP ${cp.status})`);
  const note = cp.body.toString("utf8");
  let text: string;
  let signatures;
  try {
    ({ text, signatures } = openNote(note, [key]));
  } catch (error) {
    return fail(`the checkpoint's signature does not verify with ${key.name}: ${(error as Error).message}`);
  }
  let checkpoint;
  try {
    checkpoint = parseCheckpointText(text);
  } catch (error) {
    return fail(`the checkpoint is malformed: ${(error as NoteError).message}`);
  }
  const { origin, size, root } = checkpoint;
  if (previous && previous.origin !== origin) return fail(`the checkpoint is for ${origin}, not ${previous.origin}`);

  const cosigned: string[] = [];
  for (const w of options.witnesses ?? []) {
    const wkey = parseVerifierKey(w);
    if (!verifiedCosignature(text, signatures, wkey))
      return fail(`the checkpoint of size ${size} has no valid cosignature by the witness ${wkey.name}`);
    cosigned.push(wkey.name);
  }

  // Every entry, from the bundles; every hash, recomputed.
  const leaves: { index: number; data: Buffer; leaf: Leaf }[] = [];
  const hashes: Buffer[] = [];
  const tree = new StreamingTree();
  for (let n = 0; n * TILE_WIDTH < size; n++) {
    const width = tileWidth(size, 0, n);
    const path = tilePath("entries", n, width);
    const bundle = await fetchFile(path);
    if (bundle.status !== 200) return fail(`${path} is missing (HTTP ${bundle.status})`, { origin, size });
    let entries: Buffer[];
    try {
      entries = decodeEntryBundle(bundle.body);
    } catch {
      return fail(`${path} is not an entry bundle`, { origin, size });
    }
    if (entries.length !== width) return fail(`${path} has ${entries.length} entries, not ${width}`, { origin, size });
    for (const data of entries) {
      const index = leaves.length;
      const leaf = decodeLeaf(data);
      if (!leaf) return fail(`entry #${index} is not a canonical leaf of a known type`, { origin, size });
      const h = leafHash(data);
      hashes.push(h);
      tree.pushLeafHash(h);
      leaves.push({ index, data, leaf });
    }
  }
  if (!tree.root().equals(root))
    return fail(`the entries do not hash to the checkpoint's root: the log's entries were changed or removed`, {
      origin,
      size,
    });

  // The tiles a mirror would use must agree with the entries.
  const expected = tilesOf(hashes);
  for (const [address, bytes] of expected) {
    const [level, index, width] = address.split("/").map(Number) as [number, number, number];
    const path = tilePath(level, index, width);
    const got = await fetchFile(path);
    if (got.status !== 200 || !got.body.equals(bytes))
      return fail(`tile ${path} does not match the entries`, { origin, size });
  }

  if (previous) {
    const previousRoot = Buffer.from(previous.root, "base64");
    if (size < previous.size)
      return fail(
        `the log shrank: checkpoint ${size} after checkpoint ${previous.size} was seen (entries removed or the database restored from an older copy)`,
        { origin, size },
      );
    const rootThen = memoryHasher(hashes)(0, previous.size);
    if (!rootThen.equals(previousRoot))
      return fail(
        `checkpoint ${size} is not consistent with checkpoint ${previous.size} seen before: the first ${previous.size} entries were rewritten`,
        { origin, size },
      );
    const proof = await options.consistencyProof?.(previous.size, size);
    if (proof && !verifyConsistency(previous.size, size, previousRoot, root, proof))
      return fail(`the log's consistency proof from ${previous.size} to ${size} does not verify`, { origin, size });
  }

  return {
    ok: true,
    origin,
    size,
    root: root.toString("base64"),
    leaves,
    cosigned,
    state: { origin, vkey: vkeyText, size, root: root.toString("base64") },
  };
}
