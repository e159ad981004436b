import { describe, expect, it } from "vitest";
import { createRateLimiter } from "../src/rate-limiter.ts";

describe("rate limiter", () => {
  it("lets a second's worth through at once, then gives the others successive slots, one token apart", () => {
    const limiter = createRateLimiter();
    const now = 1_000_000;
    const delays = Array.from({ length: 6 }, () => limiter.take("ep_1", 2, now));
    expect(delays).toEqual([0, 0, 500, 1_000, 1_500, 2_000]);
    // Another endpoint has its own bucket.
    expect(limiter.take("ep_2", 2, now)).toBe(0);
  });

  it("serves the sends that come back at their slot, one token each, at the configured rate", () => {
    const limiter = createRateLimiter();
    const start = 1_000_000;
    const waits = Array.from({ length: 5 }, () => limiter.take("ep_1", 1, start));
    expect(waits).toEqual([0, 1_000, 2_000, 3_000, 4_000]);
    // Each comes back at its slot and finds the token that accrued meanwhile.
    for (const wait of waits.slice(1)) expect(limiter.take("ep_1", 1, start + wait)).toBe(0);
  });

  it("sends at a rate below one per second: the bucket always holds the token one send takes", () => {
    const limiter = createRateLimiter();
    const start = 1_000_000;
    expect(limiter.take("ep_1", 0.5, start)).toBe(0);
    const wait = limiter.take("ep_1", 0.5, start);
    expect(wait).toBe(2_000);
    expect(limiter.take("ep_1", 0.5, start + wait)).toBe(0);
  });
});
