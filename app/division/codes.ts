import type { DivisionLevel } from "#db/schema.ts";

/**
 * The code prefix shared by a division and every division below it (GB/T 2260 codes nest:
 * 43 → 4309 → 430923 → 430923100).
 */
export function divisionPrefix(code: string): string {
  if (code.length === 9) return code;
  if (code.endsWith("0000")) return code.slice(0, 2);
  if (code.endsWith("00")) return code.slice(0, 4);
  return code;
}

export function levelOfCode(code: string): DivisionLevel {
  if (code.length === 9) return "township";
  if (code.endsWith("0000")) return "province";
  if (code.endsWith("00")) return "city";
  return "county";
}
