import { describe, expect, it } from "vitest";
import { countAxis } from "#app/ui/charts.tsx";

describe("the count axis of the dashboard charts", () => {
  it.each([
    [0, [0, 1]],
    [1, [0, 1]],
    [3, [0, 1, 2, 3]],
    [5, [0, 2, 4, 6]],
    [25, [0, 10, 20, 30]],
    [80, [0, 20, 40, 60, 80]],
    [100, [0, 50, 100]],
    [4_999_999, [0, 2_000_000, 4_000_000, 6_000_000]],
  ])("%d → %j: whole numbers, the top at or above the largest bar", (max, axis) => {
    expect(countAxis(max)).toEqual(axis);
  });
});
