/**
 * How many labels an authorization's declared annual output can carry: one label per package.
 * The declaration is free text from the application ("20 吨", "5000 件", "1.2万盒"). Counted
 * units carry that many labels; a mass is divided by the smallest package the user has recorded
 * on a product batch ("250g"), or by 50 g when none is recorded — a generous upper bound, so an
 * alert means an order far beyond anything the output could use. Anything else: no estimate.
 */
export const DEFAULT_PACK_GRAMS = 50;

const COUNT_UNIT =
  /^(件|个|盒|瓶|袋|罐|包|套|只|条|张|支|箱|份|提|饼|块|枚|幅|副|床|串|桶|听|pcs?|pieces?|units?|items?)$/i;
const KG_PER_UNIT: Record<string, number> = {
  吨: 1000,
  t: 1000,
  tons: 1000,
  ton: 1000,
  公斤: 1,
  千克: 1,
  kg: 1,
  斤: 0.5,
  克: 0.001,
  g: 0.001,
};

interface Quantity {
  value: number;
  unit: string;
}

function firstQuantity(text: string): Quantity | null {
  const m = text.normalize("NFKC").match(/(\d+(?:\.\d+)?)\s*(万)?\s*(公斤|千克|[A-Za-z]+|[\u4e00-\u9fff])?/);
  if (!m) return null;
  const value = Number(m[1]) * (m[2] ? 10_000 : 1);
  if (!Number.isFinite(value) || value <= 0) return null;
  return { value, unit: m[3] ?? "" };
}

/** Grams in one package, from a batch specification such as "250g", "1kg", "500克", "1斤". */
export function packGrams(specification: string | null | undefined): number | null {
  if (!specification) return null;
  const q = firstQuantity(specification);
  if (!q) return null;
  const kg = KG_PER_UNIT[q.unit.toLowerCase()] ?? KG_PER_UNIT[q.unit];
  return kg === undefined ? null : q.value * kg * 1000;
}

/** Labels the declared output can carry, or null when it cannot be told from the text. */
export function labelCapacity(annualOutput: string, specifications: readonly (string | null)[] = []): number | null {
  const q = firstQuantity(annualOutput);
  if (!q) return null;
  if (COUNT_UNIT.test(q.unit)) return Math.round(q.value);
  const kgPerUnit = KG_PER_UNIT[q.unit.toLowerCase()] ?? KG_PER_UNIT[q.unit];
  if (kgPerUnit === undefined) return null;
  const packs = specifications.map(packGrams).filter((g): g is number => g !== null && g > 0);
  const smallest = packs.length ? Math.min(...packs) : DEFAULT_PACK_GRAMS;
  return Math.round((q.value * kgPerUnit * 1000) / smallest);
}
