import { createHash, randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { draw, newSeed, sampleSizeOf } from "#app/inspection/draw.server.ts";

const population = Array.from({ length: 40 }, () => randomUUID()).sort();
const pool = Array.from({ length: 6 }, () => randomUUID()).sort();

it("draws the same sample and inspectors from the same seed, and a different one from another seed", () => {
  const seed = newSeed();
  const first = draw(seed, population, pool, 8, 2);
  expect(draw(seed, [...population].reverse(), [...pool].reverse(), 8, 2)).toEqual(first);
  expect(first.targets).toHaveLength(8);
  expect(new Set(first.targets.map((t) => t.authorizationId)).size).toBe(8);
  for (const t of first.targets) {
    expect(t.inspectorIds).toHaveLength(2);
    expect(new Set(t.inspectorIds).size).toBe(2);
    expect(pool).toEqual(expect.arrayContaining(t.inspectorIds));
  }
  expect(draw(newSeed(), population, pool, 8, 2)).not.toEqual(first);
});

it("is the documented rule: smallest SHA-256 keys, computed by anyone with a SHA-256 tool", () => {
  const seed = "2026-lottery-08731";
  const sha = (s: string) => createHash("sha256").update(s).digest("hex");
  const expectedTargets = [...population]
    .sort((a, b) => (sha(`${seed}|target|${a}`) < sha(`${seed}|target|${b}`) ? -1 : 1))
    .slice(0, 3);
  const result = draw(seed, population, pool, 3, 1);
  expect(result.targets.map((t) => t.authorizationId)).toEqual(expectedTargets);
  const firstTarget = expectedTargets[0]!;
  const expectedInspector = [...pool].sort((a, b) =>
    sha(`${seed}|inspector|${firstTarget}|${a}`) < sha(`${seed}|inspector|${firstTarget}|${b}`) ? -1 : 1,
  )[0];
  expect(result.targets[0]!.inspectorIds).toEqual([expectedInspector]);
});

it("sizes the sample by number or by ratio, never more than the population and at least one", () => {
  expect(sampleSizeOf(40, { size: 5 })).toBe(5);
  expect(sampleSizeOf(3, { size: 5 })).toBe(3);
  expect(sampleSizeOf(40, { ratio: 0.1 })).toBe(4);
  expect(sampleSizeOf(41, { ratio: 0.1 })).toBe(5);
  expect(sampleSizeOf(5, { ratio: 0.01 })).toBe(1);
  expect(sampleSizeOf(0, { ratio: 0.5 })).toBe(0);
});

it("spreads the work: with 9 targets, 2 inspectors each and a pool of 6, everyone inspects exactly 3", () => {
  for (let round = 0; round < 20; round++) {
    const result = draw(newSeed(), population, pool, 9, 2);
    const load = new Map<string, number>();
    for (const t of result.targets) for (const i of t.inspectorIds) load.set(i, (load.get(i) ?? 0) + 1);
    expect([...load.values()]).toEqual([3, 3, 3, 3, 3, 3]);
    for (const t of result.targets) expect(new Set(t.inspectorIds).size).toBe(2);
  }
  // Uneven: 7 targets × 2 over 6 inspectors is 14: loads of 2 and 3, never 1 and 4.
  const loads = new Map<string, number>();
  for (const t of draw("uneven", population, pool, 7, 2).targets)
    for (const i of t.inspectorIds) loads.set(i, (loads.get(i) ?? 0) + 1);
  expect([...loads.values()].sort()).toEqual([2, 2, 2, 2, 3, 3]);
});

it("re-runs a campaign drawn before balancing by its own rule: each target's smallest keys", () => {
  const seed = "before-balancing";
  const sha = (s: string) => createHash("sha256").update(s).digest("hex");
  for (const t of draw(seed, population, pool, 12, 2, "independent").targets) {
    const expected = [...pool]
      .sort((a, b) =>
        sha(`${seed}|inspector|${t.authorizationId}|${a}`) < sha(`${seed}|inspector|${t.authorizationId}|${b}`)
          ? -1
          : 1,
      )
      .slice(0, 2);
    expect(t.inspectorIds).toEqual(expected);
  }
});
