/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015, and the organisation code
 * (组织机构代码), GB 11714-1997, embedded in its characters 9–17. Pure: used on both sides.
 */

const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"; // 31 characters: no I, O, S, V, Z
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export type UsccProblem = "empty" | "length" | "characters" | "letterO" | "division" | "checkCharacter";

export type UsccResult =
  | { ok: true; code: string; divisionCode: string; orgCodeValid: boolean }
  | { ok: false; code: string; problem: UsccProblem; position?: number };

/** Full-width → half-width (NFKC), upper case, spaces and hyphens removed. */
export function normalizeUscc(input: string): string {
  return input
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\u3000\-–—_]/g, "");
}

export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17[i]!);
    sum += value * USCC_WEIGHTS[i]!;
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

function orgCharValue(ch: string): number {
  if (ch >= "0" && ch <= "9") return ch.charCodeAt(0) - 48;
  return ch.charCodeAt(0) - 55; // A=10 … Z=35
}

export function orgCodeCheckCharacter(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgCharValue(first8[i]!) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? "X" : c === 11 ? "0" : String(c);
}

export function isValidOrgCode(code9: string): boolean {
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(code9)) return false;
  return orgCodeCheckCharacter(code9.slice(0, 8)) === code9[8];
}

export function parseUscc(input: string): UsccResult {
  const code = normalizeUscc(input);
  if (code.length === 0) return { ok: false, code, problem: "empty" };
  const badIndex = [...code].findIndex((ch) => !USCC_ALPHABET.includes(ch));
  if (badIndex >= 0) {
    const problem = code[badIndex] === "O" ? "letterO" : "characters";
    return { ok: false, code, problem, position: badIndex + 1 };
  }
  if (code.length !== 18) return { ok: false, code, problem: "length" };
  const divisionCode = code.slice(2, 8);
  if (!/^[0-9]{6}$/.test(divisionCode)) return { ok: false, code, problem: "division", position: 3 };
  if (usccCheckCharacter(code.slice(0, 17)) !== code[17]) {
    return { ok: false, code, problem: "checkCharacter", position: 18 };
  }
  return { ok: true, code, divisionCode, orgCodeValid: isValidOrgCode(code.slice(8, 17)) };
}

/** Builds a valid code from its parts — for fixtures and demo data only. */
export function makeUscc(prefix2: string, divisionCode: string, orgBody8: string): string {
  if (![...(prefix2 + orgBody8)].every((c) => USCC_ALPHABET.includes(c))) {
    throw new Error(`makeUscc: "${prefix2}…${orgBody8}" uses characters credit codes never contain`);
  }
  const org = orgBody8 + orgCodeCheckCharacter(orgBody8);
  const first17 = prefix2 + divisionCode + org;
  return first17 + usccCheckCharacter(first17);
}
