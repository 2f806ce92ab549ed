import { createHash, randomBytes } from "node:crypto";

/**
 * The double-random draw (双随机), written so anyone can repeat it with a SHA-256 tool:
 *
 *   1. Each candidate (an authorization id) gets the key SHA-256("<seed>|target|<id>") in hex;
 *      the candidates with the smallest keys are drawn, in that order.
 *   2. For each drawn authorization, each inspector gets SHA-256("<seed>|inspector|<authorization
 *      id>|<inspector id>"); the inspectors with the smallest keys are assigned.
 *
 * The seed, the candidates and the inspector pool are recorded with the campaign, so the same
 * inputs give the same draw whenever it is re-run.
 */
export function drawKey(seed: string, ...parts: string[]): string {
  return createHash("sha256").update([seed, ...parts].join("|"), "utf8").digest("hex");
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

export function draw(seed: string, population: readonly string[], pool: readonly string[], sampleSize: number, inspectorsPerTarget: number): Draw {
  const drawn = byKey((id) => drawKey(seed, "target", id))(population).slice(0, sampleSize);
  return {
    targets: drawn.map((authorizationId) => ({
      authorizationId,
      inspectorIds: byKey((inspector) => drawKey(seed, "inspector", authorizationId, inspector))(pool).slice(0, inspectorsPerTarget),
    })),
  };
}

/** A fresh public seed: 128 random bits in hex. */
export function newSeed(): string {
  return randomBytes(16).toString("hex");
}
