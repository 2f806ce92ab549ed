import { describe, expect, it } from "vitest";
import { verifyCheckpoint } from "@sigstore/verify/dist/tlog/checkpoint.js";
import { verifyMerkleInclusion } from "@sigstore/verify/dist/tlog/merkle.js";
import { leafHash } from "#app/log/hash.ts";
import { inclusionProof, memoryHasher } from "#app/log/merkle.ts";
import { checkpointText } from "#app/log/checkpoint.ts";
import { generateSignerKey, signNote } from "#app/log/note.ts";
import { decodeLeaf, encodeLeaf, type AuditHeadLeaf } from "#app/log/leaf.ts";

// An independent implementation: sigstore-js verifies Rekor's RFC 6962 inclusion proofs and its
// signed-note checkpoints (@sigstore/verify, tlog/checkpoint and tlog/merkle). Our checkpoint,
// leaf bytes and proof are handed to it exactly as a Rekor entry would carry them.

function entryFor(note: string, index: number, proof: Buffer[], body: Buffer) {
  return {
    logIndex: String(index),
    canonicalizedBody: body,
    inclusionProof: {
      logIndex: String(index),
      rootHash: Buffer.alloc(0),
      treeSize: "0",
      hashes: proof,
      checkpoint: { envelope: note },
    },
  };
}

describe("sigstore-js accepts our checkpoints and inclusion proofs", () => {
  const origin = "gi.example.gov.cn/log";
  const key = generateSignerKey(origin);
  const leaves = Array.from({ length: 300 }, (_, i) =>
    encodeLeaf({ type: "gi.audit.head", v: 1, seq: i + 1, hash: "ab".repeat(32), at: new Date(0).toISOString() }),
  );
  const hashes = leaves.map(leafHash);
  const tree = memoryHasher(hashes);
  const authority = [{ logID: key.id, baseURL: origin, publicKey: key.key, validFor: {} }];

  it("for several leaves of a 300-leaf log", async () => {
    const note = signNote(checkpointText({ origin, size: 300, root: tree(0, 300) }), [key]);
    for (const index of [0, 1, 255, 256, 299]) {
      const entry = entryFor(note, index, await inclusionProof(tree, index, 300), leaves[index]!);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const checkpoint = verifyCheckpoint(entry as any, authority as any);
      expect(checkpoint.logSize).toBe(300n);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      expect(() => verifyMerkleInclusion(entry as any, checkpoint)).not.toThrow();
    }
  });

  it("and rejects a changed leaf or a note signed by another key", async () => {
    const note = signNote(checkpointText({ origin, size: 300, root: tree(0, 300) }), [key]);
    const entry = entryFor(note, 7, await inclusionProof(tree, 7, 300), leaves[8]!);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const checkpoint = verifyCheckpoint(entry as any, authority as any);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => verifyMerkleInclusion(entry as any, checkpoint)).toThrow();
    const forged = signNote(checkpointText({ origin, size: 300, root: tree(0, 300) }), [generateSignerKey(origin)]);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => verifyCheckpoint(entryFor(forged, 7, [], leaves[7]!) as any, authority as any)).toThrow();
  });
});

describe("leaves are RFC 8785 canonical JSON", () => {
  it("sorts keys, writes numbers and strings canonically, and reads only canonical leaves back", () => {
    const leaf: AuditHeadLeaf = {
      v: 1,
      type: "gi.audit.head",
      seq: 12,
      hash: "é\u2028",
      at: "2026-01-01T00:00:00.000Z",
    };
    const bytes = encodeLeaf(leaf);
    expect(bytes.toString("utf8")).toBe(
      '{"at":"2026-01-01T00:00:00.000Z","hash":"é\u2028","seq":12,"type":"gi.audit.head","v":1}',
    );
    expect(decodeLeaf(bytes)).toEqual(leaf);
    expect(decodeLeaf(Buffer.from(JSON.stringify(leaf)))).toBeNull();
    expect(decodeLeaf(Buffer.from('{"type":"other","v":1}'))).toBeNull();
  });
});
