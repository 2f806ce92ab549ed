import { describe, expect, it } from "vitest";
import { Backoff, RateLimiter } from "#app/rate-limit/rate-counters.server.ts";

describe("rate counters", () => {
  it("a sliding window lets no burst of twice the limit through across a window edge", () => {
    let now = 0;
    const limiter = new RateLimiter(10, 60_000, () => now);
    const allowed = () => {
      if (limiter.retryAfter("net")) return false;
      limiter.hit("net");
      return true;
    };
    now = 59_000;
    const before = Array.from({ length: 15 }, allowed).filter(Boolean).length;
    now = 61_000;
    const after = Array.from({ length: 15 }, allowed).filter(Boolean).length;
    expect(before).toBe(10);
    // A fixed window would let ten more through two seconds later.
    expect(after).toBe(0);
    // The previous minute's share shrinks: by the end of the next minute the network may go again.
    now = 120_000;
    expect(allowed()).toBe(true);
  });

  it("says how long to wait, and the wait it names is enough", () => {
    let now = 0;
    const limiter = new RateLimiter(5, 60_000, () => now);
    for (let i = 0; i < 5; i++) limiter.hit("k");
    const wait = limiter.retryAfter("k");
    expect(wait).toBeGreaterThan(0);
    now += wait * 1000;
    expect(limiter.retryAfter("k")).toBe(0);
  });

  it("a backoff doubles each delay after the free failures, caps it, and forgets after a quiet spell", () => {
    let now = 0;
    const backoff = new Backoff(
      { failuresBeforeDelay: 3, firstDelayMs: 10_000, maxDelayMs: 60_000, forgetAfterMs: 3_600_000 },
      () => now,
    );
    expect([backoff.fail("k"), backoff.fail("k")]).toEqual([0, 0]);
    const delays = [];
    for (let i = 0; i < 5; i++) {
      delays.push(backoff.fail("k"));
      now += delays.at(-1)! * 1000;
    }
    expect(delays).toEqual([10, 20, 40, 60, 60]);
    expect(backoff.retryAfter("other")).toBe(0);
    now += 3_600_000;
    expect(backoff.fail("k")).toBe(0);
  });
});
