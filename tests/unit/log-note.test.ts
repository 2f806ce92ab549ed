import { describe, expect, it } from "vitest";
import {
  formatSignerKey,
  formatVerifierKey,
  generateSignerKey,
  NoteError,
  openNote,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  SIG_COSIGNATURE_V1,
  SIG_ED25519,
} from "#app/log/note.ts";
import {
  addCheckpointBody,
  checkpointText,
  cosignatureLine,
  parseAddCheckpointBody,
  parseCheckpointText,
  verifiedCosignature,
} from "#app/log/checkpoint.ts";
import { leafHash } from "#app/log/hash.ts";

// The example key pair and note of the reference implementation, golang.org/x/mod/sumdb/note
// (note_test.go). Ed25519 is deterministic, so our signature must equal theirs byte for byte.
const VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const SIGNED = `${TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

describe("C2SP signed notes", () => {
  it("reads the reference keys and signs the reference note byte for byte", () => {
    const signer = parseSignerKey(SKEY);
    const verifier = parseVerifierKey(VKEY);
    expect(signer.id.toString("hex")).toBe("c74f20a3");
    expect(verifier.publicKey.equals(signer.publicKey)).toBe(true);
    expect(formatVerifierKey(signer)).toBe(VKEY);
    expect(formatSignerKey(signer)).toBe(SKEY);
    expect(signNote(TEXT, [signer])).toBe(SIGNED);
    expect(openNote(SIGNED, [verifier]).text).toBe(TEXT);
  });

  it("refuses a changed text, a wrong key, a mangled key and a note without a known signature", () => {
    const verifier = parseVerifierKey(VKEY);
    expect(() => openNote(SIGNED.replace("cryptography", "cryptographY"), [verifier])).toThrow(NoteError);
    const other = generateSignerKey("PeterNeumann");
    expect(() => openNote(SIGNED, [parseVerifierKey(formatVerifierKey(other))])).toThrow(/no signature by a known key/);
    for (const bad of [
      VKEY.replace("c74f20a3", "c74f20a4"),
      VKEY.slice(0, -2),
      `${VKEY}+x`,
      VKEY.replace("PeterNeumann", "Peter Neumann"),
    ])
      expect(() => parseVerifierKey(bad)).toThrow(NoteError);
    expect(() => parseNote(TEXT)).toThrow(NoteError);
    expect(() => parseNote(`${TEXT}\n— PeterNeumann !!!\n`)).toThrow(NoteError);
  });

  it("keeps unknown signatures out of the decision and keeps every line", () => {
    const log = generateSignerKey("example.com/log");
    const stranger = generateSignerKey("example.com/other");
    const note = signNote(TEXT, [stranger, log]);
    const opened = openNote(note, [parseVerifierKey(formatVerifierKey(log))]);
    expect(opened.signatures).toHaveLength(2);
  });
});

describe("checkpoints and cosignatures", () => {
  it("formats the tlog-checkpoint body and reads it back", () => {
    const root = leafHash(Buffer.from("x"));
    const text = checkpointText({ origin: "example.com/behind-the-sofa", size: 20852163, root });
    expect(text).toBe(`example.com/behind-the-sofa\n20852163\n${root.toString("base64")}\n`);
    expect(parseCheckpointText(text)).toMatchObject({ origin: "example.com/behind-the-sofa", size: 20852163 });
    expect(() => parseCheckpointText(text.replace("20852163", "020852163"))).toThrow(NoteError);
    expect(() => parseCheckpointText("origin\n1\n")).toThrow(NoteError);
  });

  it("cosigns with a timestamped type-0x04 signature that only the witness key verifies", () => {
    const log = generateSignerKey("example.com/log", SIG_ED25519);
    const witness = generateSignerKey("witness.example/w1", SIG_COSIGNATURE_V1);
    const text = checkpointText({ origin: "example.com/log", size: 3, root: leafHash(Buffer.from("r")) });
    const note = signNote(text, [log]) + cosignatureLine(text, witness, 1679315147);
    const { signatures } = parseNote(note);
    const wkey = parseVerifierKey(formatVerifierKey(witness));
    expect(wkey.id.toString("hex")).not.toBe(log.id.toString("hex"));
    expect(verifiedCosignature(text, signatures, wkey)?.timestamp).toBe(1679315147);
    expect(verifiedCosignature(text.replace("\n3\n", "\n4\n"), signatures, wkey)).toBeNull();
    // The log's own key does not pass for a witness's.
    expect(verifiedCosignature(text, signatures, parseVerifierKey(formatVerifierKey(log)))).toBeNull();
  });

  it("writes and reads the add-checkpoint request body", () => {
    const proof = [leafHash(Buffer.from("a")), leafHash(Buffer.from("b"))];
    const body = addCheckpointBody(20852014, proof, "example.com/log\n5\nAAAA\n\n— x y\n");
    expect(body.startsWith("old 20852014\n")).toBe(true);
    const parsed = parseAddCheckpointBody(body);
    expect(parsed.oldSize).toBe(20852014);
    expect(parsed.proof.map((p) => p.toString("hex"))).toEqual(proof.map((p) => p.toString("hex")));
    expect(parsed.note).toBe("example.com/log\n5\nAAAA\n\n— x y\n");
    expect(() => parseAddCheckpointBody("old 01\n\nx")).toThrow(NoteError);
    expect(() => parseAddCheckpointBody("old 1\nnot-a-hash\n\nx")).toThrow(NoteError);
  });
});
