import { createHash, randomBytes } from "node:crypto";

/**
 * The double-random draw (双随机), written so anyone can repeat it with a SHA-256 tool:
 *
 *   1. Each candidate (an authorization id) gets the key SHA-256("<seed>|target|<id>") in hex;
 *      the candidates with the smallest keys are drawn, in that order.
 *   2. For each drawn authorization, in draw order, each inspector gets SHA-256("<seed>|inspector|
 *      <authorization id>|<inspector id>"). "independent" (campaigns drawn before balancing):
 *      the inspectors with the smallest keys are assigned. "balanced": those with the fewest
 *      targets so far come first, the key breaks ties, so loads differ by at most one.
 *
 * The seed, the candidates and the inspector pool are recorded with the campaign, so the same
 * inputs give the same draw whenever it is re-run.
 */
export function drawKey(seed: string, ...parts: string[]): string {
  return createHash("sha256")
    .update([seed, ...parts].join("|"), "utf8")
    .digest("hex");
}

const byKey = (keyOf: (id: string) => string) => (ids: readonly string[]) =>
  ids
    .map((id) => ({ id, key: keyOf(id) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1))
    .map((x) => x.id);

/** How many to draw: a fixed number (at most everyone) or a ratio rounded up (at least one). */
export function sampleSizeOf(population: number, sample: { size: number } | { ratio: number }): number {
  if (population === 0) return 0;
  if ("size" in sample) return Math.min(sample.size, population);
  return Math.min(population, Math.max(1, Math.ceil(sample.ratio * population - 1e-9)));
}

export interface Draw {
  targets: { authorizationId: string; inspectorIds: string[] }[];
}

export const ASSIGNMENTS = ["independent", "balanced"] as const;
export type Assignment = (typeof ASSIGNMENTS)[number];

export function draw(
  seed: string,
  population: readonly string[],
  pool: readonly string[],
  sampleSize: number,
  inspectorsPerTarget: number,
  assignment: Assignment = "balanced",
): Draw {
  const drawn = byKey((id) => drawKey(seed, "target", id))(population).slice(0, sampleSize);
  const load = new Map(pool.map((inspector) => [inspector, 0]));
  return {
    targets: drawn.map((authorizationId) => {
      const ranked = byKey((inspector) => drawKey(seed, "inspector", authorizationId, inspector))(pool);
      // Array.prototype.sort is stable: equal loads keep the key order.
      const chosen = (assignment === "balanced" ? ranked.sort((a, b) => load.get(a)! - load.get(b)!) : ranked).slice(
        0,
        inspectorsPerTarget,
      );
      for (const inspector of chosen) load.set(inspector, load.get(inspector)! + 1);
      return { authorizationId, inspectorIds: chosen };
    }),
  };
}

/** A fresh public seed: 128 random bits in hex. */
export function newSeed(): string {
  return randomBytes(16).toString("hex");
}
