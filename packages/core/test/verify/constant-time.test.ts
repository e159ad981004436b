import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { timingSafeEqual } from "../../src/verify/constant-time.ts";

describe("timingSafeEqual", () => {
  it("agrees with node:crypto's timingSafeEqual on equal-length inputs", async () => {
    const { timingSafeEqual: nodeEqual } = await import("node:crypto");
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.nat(), (a, seed) => {
        const b = Uint8Array.from(a);
        if (seed % 2 === 1) b[seed % b.length] = (b[seed % b.length] ?? 0) ^ (1 << (seed % 8));
        expect(timingSafeEqual(a, b)).toBe(nodeEqual(a, b));
      }),
    );
  });

  it("returns false for different lengths, even when one is a prefix of the other", () => {
    expect(timingSafeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3))).toBe(false);
    expect(timingSafeEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });
});
