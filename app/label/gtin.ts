/**
 * GTINs (GS1 General Specifications §7.9): 8, 12, 13 or 14 digits, the last a mod-10 check digit
 * (weights 3 and 1 from the right). Stored and written in Digital Link URIs as 14 digits.
 */
export type GtinParse = { ok: true; gtin: string } | { ok: false; problem: "length" | "digits" | "check" };

export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

export function parseGtin(input: string): GtinParse {
  const text = input.normalize("NFKC").replace(/[\s-]/g, "");
  if (!/^\d+$/.test(text)) return { ok: false, problem: "digits" };
  if (![8, 12, 13, 14].includes(text.length)) return { ok: false, problem: "length" };
  const gtin = text.padStart(14, "0");
  if (gtinCheckDigit(gtin.slice(0, 13)) !== Number(gtin[13])) return { ok: false, problem: "check" };
  return { ok: true, gtin };
}
