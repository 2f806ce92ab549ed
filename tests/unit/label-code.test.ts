import { orderActionInput } from "#app/label/order-action-input.ts";
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import {
  CHECK_ALPHABET,
  CODE_LENGTH,
  decodeScannedSegment,
  DATA_ALPHABET,
  encodeCode,
  formatCode,
  formatSerial,
  issueCodes,
  parseCode,
} from "#app/label-code/code.ts";

const SAMPLE = issueCodes(300).map(encodeCode);

describe("label codes", () => {
  it("are 27 characters that round-trip to the same 16 bytes", () => {
    for (const bytes of issueCodes(500)) {
      const code = encodeCode(bytes);
      expect(code).toHaveLength(CODE_LENGTH);
      const parsed = parseCode(code);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(Buffer.from(parsed.bytes).equals(Buffer.from(bytes))).toBe(true);
    }
    expect(encodeCode(new Uint8Array(16))).toBe("0".repeat(27));
    expect(encodeCode(new Uint8Array(16).fill(255))).toMatch(/^7Z{25}.$/);
  });

  it("catch every single-character substitution (all positions, all symbols)", () => {
    let tried = 0;
    for (const code of SAMPLE) {
      for (let i = 0; i < CODE_LENGTH; i++) {
        const alphabet = i < CODE_LENGTH - 1 ? DATA_ALPHABET : CHECK_ALPHABET;
        for (const ch of alphabet) {
          if (ch === code[i]) continue;
          const typo = code.slice(0, i) + ch + code.slice(i + 1);
          tried += 1;
          if (parseCode(typo).ok) throw new Error(`substitution not caught: ${code} → ${typo}`);
        }
      }
    }
    expect(tried).toBeGreaterThan(250_000);
  });

  it("catch every adjacent transposition, the check character's included", () => {
    for (const code of SAMPLE) {
      for (let i = 0; i < CODE_LENGTH - 1; i++) {
        if (code[i] === code[i + 1]) continue;
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        if (parseCode(swapped).ok) throw new Error(`transposition not caught: ${code} → ${swapped}`);
      }
    }
  });

  it("forgive lowercase, spaces, hyphens, full width and O/I/L for 0/1, in every code", () => {
    for (const code of SAMPLE) {
      const sloppy = formatCode(code).toLowerCase().replace(/0/g, "o").replace(/1/g, "l").replace(/-/g, " - ");
      expect(parseCode(sloppy), sloppy).toMatchObject({ ok: true, code });
      const fullWidth = [...code].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join("");
      expect(parseCode(fullWidth), fullWidth).toMatchObject({ ok: true, code });
    }
    // Check symbols that are not letters or digits survive too.
    for (const check of "*~$=U") {
      const code = SAMPLE.find((c) => c.endsWith(check));
      if (code) expect(parseCode(code.toLowerCase())).toMatchObject({ ok: true, code });
    }
  });

  it("name what is wrong with malformed input", () => {
    expect(parseCode("")).toMatchObject({ ok: false, problem: "empty" });
    expect(parseCode("ABC")).toMatchObject({ ok: false, problem: "length" });
    expect(parseCode(`${"8".repeat(26)}0`)).toMatchObject({ ok: false, problem: "first" }); // over 128 bits: the first character is 0 to 7
    expect(parseCode(`${"0".repeat(25)}U0`)).toMatchObject({ ok: false, problem: "characters" });
  });

  it("draw codes in bulk and never repeat in a large batch", () => {
    const batch = issueCodes(100_000).map((b) => Buffer.from(b).toString("hex"));
    expect(new Set(batch).size).toBe(batch.length);
  });

  it("print a non-secret serial beside the code: the mark's prefix, else its slug's", () => {
    expect(formatSerial({ serial_prefix: "ahhc", slug: "anhua-dark-tea" }, 2026, 42)).toBe("AHHC-2026-00000042");
    // A mark without a prefix of its own: the alert detail once said GI-2026-00000001 here.
    expect(formatSerial({ serial_prefix: null, slug: "anhua-dark-tea" }, 2026, 1)).toBe("ANHUAD-2026-00000001");
  });

  it("no screen, CSV or PDF spells a serial by hand: all ask formatSerial", () => {
    const root = resolve(import.meta.dirname, "../..");
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
      );
    const handMade = files(join(root, "app"))
      .filter((f) => !f.endsWith(join("label-code", "code.ts")))
      .filter((f) => /padStart\(8|"GI-|serial_prefix \?\?/.test(readFileSync(f, "utf8")))
      .map((f) => relative(root, f));
    expect(handMade).toEqual([]);
  });
});

describe("a scanned or pasted line with a broken %-escape", () => {
  it("reads as an invalid code, on the collect-by-scan form as on the scan page", () => {
    expect(decodeScannedSegment("%E0%A4%A")).toBe("%E0%A4%A");
    expect(decodeScannedSegment("62GV%20FGPX")).toBe("62GV FGPX");
    const parsed = orderActionInput.safeParse({
      intent: "collectCodes",
      version: "1",
      batchId: "00000000-0000-4000-8000-000000000000",
      codes: "https://x/v/%E0%A4%A",
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual(["label.badScan|line=1"]);
  });
});
