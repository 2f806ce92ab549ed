import { isHash } from "./hash.ts";
import {
  ed25519Sign,
  ed25519Verify,
  NoteError,
  signatureLine,
  SIG_COSIGNATURE_V1,
  signaturesBy,
  type NoteSignature,
  type SignerKey,
  type VerifierKey,
} from "./note.ts";

// C2SP tlog-checkpoint (the note text), tlog-cosignature (a witness's timestamped Ed25519
// signature, type 0x04) and the tlog-witness add-checkpoint request body.

export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
}

export function checkpointText(c: Checkpoint): string {
  return `${c.origin}\n${c.size}\n${c.root.toString("base64")}\n`;
}

/** Origin, decimal size without leading zeroes, base64 root; extension lines are allowed and ignored. */
export function parseCheckpointText(text: string): Checkpoint & { extensions: string[] } {
  const lines = text.split("\n");
  if (lines.length < 4 || lines.at(-1) !== "") throw new NoteError("a checkpoint has at least three lines");
  const [origin, size, root, ...rest] = lines.slice(0, -1) as [string, string, string, ...string[]];
  if (!origin) throw new NoteError("checkpoint origin is empty");
  if (!/^(0|[1-9]\d*)$/.test(size) || !Number.isSafeInteger(Number(size)))
    throw new NoteError("checkpoint size is not a decimal number");
  const rootBytes = Buffer.from(root, "base64");
  if (!isHash(rootBytes) || rootBytes.toString("base64") !== root)
    throw new NoteError("checkpoint root is not a base64 SHA-256 hash");
  if (rest.some((l) => l === "")) throw new NoteError("empty extension line");
  return { origin, size: Number(size), root: rootBytes, extensions: rest };
}

function cosignedMessage(text: string, timestamp: number): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${text}`, "utf8");
}

/** A witness's cosignature line over a checkpoint text, at `timestamp` (POSIX seconds). */
export function cosignatureLine(text: string, key: SignerKey, timestamp = Math.floor(Date.now() / 1000)): string {
  if (key.type !== SIG_COSIGNATURE_V1) throw new NoteError("not a cosignature key");
  const ts = Buffer.alloc(8);
  ts.writeBigUInt64BE(BigInt(timestamp));
  return signatureLine(key.name, key.id, Buffer.concat([ts, ed25519Sign(key, cosignedMessage(text, timestamp))]));
}

/** The timestamp of `witness`'s valid cosignature among `signatures`, or null when there is none. */
export function verifiedCosignature(
  text: string,
  signatures: readonly NoteSignature[],
  witness: VerifierKey,
): { timestamp: number; line: string } | null {
  if (witness.type !== SIG_COSIGNATURE_V1) return null;
  for (const s of signaturesBy(signatures, witness)) {
    if (s.signature.length !== 72) continue;
    const timestamp = Number(s.signature.readBigUInt64BE(0));
    if (!Number.isSafeInteger(timestamp)) continue;
    if (ed25519Verify(witness, cosignedMessage(text, timestamp), s.signature.subarray(8)))
      return { timestamp, line: s.line };
  }
  return null;
}

/** tlog-witness add-checkpoint request body. */
export function addCheckpointBody(oldSize: number, proof: readonly Uint8Array[], signedCheckpoint: string): string {
  return `old ${oldSize}\n${proof.map((h) => `${Buffer.from(h).toString("base64")}\n`).join("")}\n${signedCheckpoint}`;
}

export function parseAddCheckpointBody(body: string): { oldSize: number; proof: Buffer[]; note: string } {
  const blank = body.indexOf("\n\n");
  if (blank < 0) throw new NoteError("missing the empty line before the checkpoint");
  const head = body.slice(0, blank).split("\n");
  const old = /^old (0|[1-9]\d*)$/.exec(head[0] ?? "");
  if (!old || !Number.isSafeInteger(Number(old[1]))) throw new NoteError("malformed old size line");
  const proofLines = head.slice(1);
  if (proofLines.length > 63) throw new NoteError("too many consistency proof lines");
  const proof = proofLines.map((l) => {
    const h = Buffer.from(l, "base64");
    if (!isHash(h) || h.toString("base64") !== l) throw new NoteError("malformed consistency proof line");
    return h;
  });
  return { oldSize: Number(old[1]), proof, note: body.slice(blank + 2) };
}
