import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import { sha256 } from "./hash.ts";

// C2SP signed-note: a text, a blank line, and lines "— <key name> base64(key ID ‖ signature)".
// Keys travel in the forms of Go's golang.org/x/mod/sumdb/note, which the witness ecosystem uses:
//   verifier key  <name>+<8 hex key ID>+base64(type ‖ public key)
//   signer key    PRIVATE+KEY+<name>+<8 hex key ID>+base64(type ‖ Ed25519 seed)

/** Signature type bytes (signed-note §Signature types). */
export const SIG_ED25519 = 0x01;
export const SIG_COSIGNATURE_V1 = 0x04;

const PKCS8_ED25519 = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_ED25519 = Buffer.from("302a300506032b6570032100", "hex");

export class NoteError extends Error {}

export function isKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && !/[\u0000-\u001f]/.test(name);
}

/** key ID = SHA-256(key name ‖ 0x0A ‖ type ‖ public key)[:4] */
export function keyId(name: string, type: number, publicKey: Uint8Array): Buffer {
  return sha256(Buffer.concat([Buffer.from(`${name}\n`, "utf8"), Buffer.from([type]), publicKey])).subarray(0, 4);
}

export interface VerifierKey {
  name: string;
  type: number;
  id: Buffer;
  publicKey: Buffer;
  key: KeyObject;
}

export interface SignerKey extends VerifierKey {
  seed: Buffer;
  private: KeyObject;
}

function publicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: "der", type: "spki" });
}

function fromSeed(name: string, type: number, seed: Buffer): SignerKey {
  const priv = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: "der", type: "pkcs8" });
  const pub = createPublicKey(priv).export({ format: "der", type: "spki" }).subarray(SPKI_ED25519.length);
  return { name, type, id: keyId(name, type, pub), publicKey: pub, key: createPublicKey(priv), seed, private: priv };
}

const canonicalBase64 = (s: string) => {
  const b = Buffer.from(s, "base64");
  return b.toString("base64") === s ? b : null;
};

/** Splits at the first `count` plus signs only: base64 keys contain + too. */
function chop(s: string, count: number): string[] | null {
  const parts: string[] = [];
  let rest = s;
  for (let i = 0; i < count; i++) {
    const at = rest.indexOf("+");
    if (at < 0) return null;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  return [...parts, rest];
}

export function parseVerifierKey(vkey: string): VerifierKey {
  const parts = chop(vkey.trim(), 2);
  if (!parts) throw new NoteError("a verifier key is <name>+<key ID>+<key>");
  const [name, hex, b64] = parts as [string, string, string];
  if (!isKeyName(name)) throw new NoteError("malformed key name");
  if (!/^[0-9a-f]{8}$/.test(hex)) throw new NoteError("malformed key ID");
  const bytes = canonicalBase64(b64);
  if (!bytes || bytes.length !== 33) throw new NoteError("malformed key");
  const type = bytes[0]!;
  if (type !== SIG_ED25519 && type !== SIG_COSIGNATURE_V1) throw new NoteError(`unsupported key type ${type}`);
  const publicKey = bytes.subarray(1);
  const id = keyId(name, type, publicKey);
  if (id.toString("hex") !== hex) throw new NoteError("key ID does not match the key");
  return { name, type, id, publicKey, key: publicKeyObject(publicKey) };
}

export function parseSignerKey(skey: string): SignerKey {
  const parts = chop(skey.trim(), 4);
  if (!parts || parts[0] !== "PRIVATE" || parts[1] !== "KEY")
    throw new NoteError("a signer key is PRIVATE+KEY+<name>+<key ID>+<key>");
  const [, , name, hex, b64] = parts as [string, string, string, string, string];
  if (!isKeyName(name)) throw new NoteError("malformed key name");
  const bytes = canonicalBase64(b64);
  if (!bytes || bytes.length !== 33) throw new NoteError("malformed key");
  const type = bytes[0]!;
  if (type !== SIG_ED25519 && type !== SIG_COSIGNATURE_V1) throw new NoteError(`unsupported key type ${type}`);
  const signer = fromSeed(name, type, bytes.subarray(1));
  if (signer.id.toString("hex") !== hex) throw new NoteError("key ID does not match the key");
  return signer;
}

export function formatVerifierKey(k: Pick<VerifierKey, "name" | "type" | "id" | "publicKey">): string {
  return `${k.name}+${k.id.toString("hex")}+${Buffer.concat([Buffer.from([k.type]), k.publicKey]).toString("base64")}`;
}

export function formatSignerKey(k: SignerKey): string {
  return `PRIVATE+KEY+${k.name}+${k.id.toString("hex")}+${Buffer.concat([Buffer.from([k.type]), k.seed]).toString("base64")}`;
}

/** A fresh Ed25519 key: type 0x01 for a log, 0x04 for a witness's cosignatures. */
export function generateSignerKey(name: string, type = SIG_ED25519): SignerKey {
  if (!isKeyName(name)) throw new NoteError("a key name must be non-empty, without spaces or +");
  const { privateKey } = generateKeyPairSync("ed25519");
  const seed = privateKey.export({ format: "der", type: "pkcs8" }).subarray(PKCS8_ED25519.length);
  return fromSeed(name, type, Buffer.from(seed));
}

export function ed25519Sign(key: SignerKey, message: Uint8Array): Buffer {
  return sign(null, message, key.private);
}

export function ed25519Verify(key: VerifierKey, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return signature.length === 64 && verify(null, message, key.key, signature);
  } catch {
    return false;
  }
}

export interface NoteSignature {
  name: string;
  /** The 4-byte key ID. */
  id: Buffer;
  /** What follows the key ID: the algorithm's signature bytes. */
  signature: Buffer;
  /** The line as it appeared, newline included. */
  line: string;
}

export function signatureLine(name: string, id: Uint8Array, signature: Uint8Array): string {
  return `— ${name} ${Buffer.concat([id, signature]).toString("base64")}\n`;
}

/** The Ed25519 signature line of `key` over `text` (a note text ending in a newline). */
export function signText(text: string, key: SignerKey): string {
  if (key.type !== SIG_ED25519) throw new NoteError("not an Ed25519 note key");
  return signatureLine(key.name, key.id, ed25519Sign(key, Buffer.from(text, "utf8")));
}

export function signNote(text: string, keys: readonly SignerKey[]): string {
  checkText(text);
  return `${text}\n${keys.map((k) => signText(text, k)).join("")}`;
}

function checkText(text: string) {
  if (!text.endsWith("\n")) throw new NoteError("note text must end in a newline");
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) throw new NoteError("note text has control characters");
}

/** Splits a signed note into its text and signature lines; refuses anything malformed. */
export function parseNote(note: string): { text: string; signatures: NoteSignature[] } {
  if (note.length > 1_000_000) throw new NoteError("note too large");
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note) || note.includes("\uFFFD")) throw new NoteError("malformed note");
  if (!note.endsWith("\n")) throw new NoteError("malformed note");
  const split = note.lastIndexOf("\n\n");
  if (split < 0) throw new NoteError("malformed note: no signatures");
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split("\n");
  const signatures: NoteSignature[] = [];
  for (const line of lines) {
    const m = /^— (\S+) (\S+)$/u.exec(line);
    if (!m || !isKeyName(m[1]!)) throw new NoteError("malformed signature line");
    const bytes = canonicalBase64(m[2]!);
    if (!bytes || bytes.length < 5) throw new NoteError("malformed signature");
    signatures.push({ name: m[1]!, id: bytes.subarray(0, 4), signature: bytes.subarray(4), line: `${line}\n` });
  }
  if (!signatures.length) throw new NoteError("malformed note: no signatures");
  if (signatures.length > 100) throw new NoteError("too many signatures");
  return { text, signatures };
}

/** The signatures in `note` by `key` (same name and key ID). */
export function signaturesBy(signatures: readonly NoteSignature[], key: Pick<VerifierKey, "name" | "id">) {
  return signatures.filter((s) => s.name === key.name && s.id.equals(key.id));
}

/**
 * Opens a note signed by an Ed25519 note key: the text, if a signature by a known key verifies.
 * Unknown keys are ignored; a known key's failing signature rejects the note (signed-note §Signatures).
 */
export function openNote(note: string, verifiers: readonly VerifierKey[]) {
  const parsed = parseNote(note);
  const message = Buffer.from(parsed.text, "utf8");
  let verified = 0;
  for (const v of verifiers.filter((k) => k.type === SIG_ED25519)) {
    for (const s of signaturesBy(parsed.signatures, v)) {
      if (!ed25519Verify(v, message, s.signature)) throw new NoteError(`invalid signature by ${v.name}`);
      verified += 1;
    }
  }
  if (!verified) throw new NoteError("no signature by a known key");
  return parsed;
}
