/**
 * Label codes (一签一码): 128 random bits, written as 26 Crockford base-32 characters and one
 * mod-37 check character. Pure apart from `issueCodes`, which draws randomness in bulk.
 *
 * The check character c makes 32·V + c ≡ 0 (mod 37), V being the 128-bit value: as if c were
 * one more base-32 digit. Because 37 is prime and divides none of 31, 32 or a digit difference,
 * every single-character substitution and every adjacent transposition (including the check
 * character's) changes the sum, so it is caught (tests/unit/label-code.test.ts proves it).
 */

export const DATA_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford: no I, L, O, U
export const CHECK_ALPHABET = `${DATA_ALPHABET}*~$=U`; // 37 check symbols
export const CODE_BYTES = 16;
export const DATA_LENGTH = 26;
export const CODE_LENGTH = 27;

const ALIASES: Record<string, string> = { O: "0", I: "1", L: "1" };

export function bytesToBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

export function bigIntToBytes(v: bigint): Uint8Array {
  const out = new Uint8Array(CODE_BYTES);
  for (let i = CODE_BYTES - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export function checkSymbol(value: bigint): string {
  const c = (37n - ((32n * value) % 37n)) % 37n;
  return CHECK_ALPHABET[Number(c)]!;
}

/** The 27-character code of 16 bytes. */
export function encodeCode(bytes: Uint8Array): string {
  if (bytes.length !== CODE_BYTES) throw new Error("a label code has 16 bytes");
  const value = bytesToBigInt(bytes);
  let v = value;
  let data = "";
  for (let i = 0; i < DATA_LENGTH; i++) {
    data = DATA_ALPHABET[Number(v & 31n)]! + data;
    v >>= 5n;
  }
  return data + checkSymbol(value);
}

/** For reading aloud or typing: groups of four, hyphenated. */
export function formatCode(code: string): string {
  return code.match(/.{1,4}/g)!.join("-");
}

/** Why typed text is not a label code: one list, read by the scan page's words and the API's schema. */
export const CODE_PROBLEMS = ["empty", "length", "characters", "first", "check"] as const;
export type CodeProblem = (typeof CODE_PROBLEMS)[number];

export type CodeParse =
  { ok: true; code: string; bytes: Uint8Array } | { ok: false; problem: CodeProblem; normalized: string };

/** Forgives lowercase, spaces, hyphens, full-width input and O/I/L typed for 0/1. */
export function normalizeCode(input: string): string {
  // O, I and L are in neither alphabet, so reading them as 0 and 1 is safe in every position.
  return input
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\-‐‑–—_.]/g, "")
    .replace(/[OIL]/g, (c) => ALIASES[c]!);
}

export function parseCode(input: string): CodeParse {
  const normalized = normalizeCode(input.slice(0, 200));
  if (!normalized) return { ok: false, problem: "empty", normalized };
  if (normalized.length !== CODE_LENGTH) return { ok: false, problem: "length", normalized };
  let value = 0n;
  for (let i = 0; i < DATA_LENGTH; i++) {
    const d = DATA_ALPHABET.indexOf(normalized[i]!);
    if (d < 0) return { ok: false, problem: "characters", normalized };
    value = (value << 5n) | BigInt(d);
  }
  const check = CHECK_ALPHABET.indexOf(normalized[DATA_LENGTH]!);
  if (check < 0) return { ok: false, problem: "characters", normalized };
  // 26 × 5 = 130 bits: the first character carries only 3 of them, so it is always 0 to 7.
  if (value >> 128n !== 0n) return { ok: false, problem: "first", normalized };
  if ((32n * value + BigInt(check)) % 37n !== 0n) return { ok: false, problem: "check", normalized };
  return { ok: true, code: normalized, bytes: bigIntToBytes(value) };
}

/**
 * A path segment as a person or a scanner sent it, %-escapes decoded; a broken escape (a stray
 * `%`) is kept as typed, so it reads as an invalid code rather than failing the request.
 */
export function decodeScannedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** n codes drawn in bulk, back to back in one array (16 bytes each). */
export function issueCodeBytes(n: number): Uint8Array {
  const pool = new Uint8Array(n * CODE_BYTES);
  for (let offset = 0; offset < pool.length; offset += 65_536) {
    globalThis.crypto.getRandomValues(pool.subarray(offset, Math.min(pool.length, offset + 65_536)));
  }
  return pool;
}

/**
 * n codes drawn in bulk from the cryptographic source (Web Crypto, in 64 KiB blocks: 4,096 codes
 * per call, never one call per code).
 */
export function issueCodes(n: number): Uint8Array[] {
  const pool = issueCodeBytes(n);
  const codes: Uint8Array[] = [];
  for (let i = 0; i < n; i++) codes.push(pool.subarray(i * CODE_BYTES, (i + 1) * CODE_BYTES));
  return codes;
}

/** What a serial's prefix is taken from: the mark's own prefix, else its slug. */
export interface SerialMark {
  serial_prefix: string | null;
  slug: string;
}

/** The mark's serial prefix: the one set in its settings, else the first six letters of its slug. */
export function serialPrefixOf(mark: SerialMark): string {
  return (
    mark.serial_prefix ??
    mark.slug
      .replace(/[^a-z0-9]/g, "")
      .slice(0, 6)
      .toUpperCase()
  );
}

/**
 * The non-secret serial printed beside the code: mark prefix, year, sequence. The one place a
 * serial is spelled; every screen, CSV and PDF asks it, so a serial reads the same everywhere.
 */
export function formatSerial(mark: SerialMark, year: number, sequence: number): string {
  return `${serialHead(mark, year)}-${String(sequence).padStart(8, "0")}`;
}

/** What every serial of one mark and year starts with ("AHHJ-2026"): a typed serial must carry its own order's. */
export function serialHead(mark: SerialMark, year: number): string {
  return `${serialPrefixOf(mark).toUpperCase()}-${year}`;
}
