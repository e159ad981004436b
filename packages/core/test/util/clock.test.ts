import { describe, expect, it } from "vitest";
import { systemClock } from "../../src/util/clock.ts";

describe("systemClock", () => {
  it("waits for a delay past what a runtime timer takes (Infinity, 2^31 ms) instead of firing at once", async () => {
    const fired: number[] = [];
    const handles = [Infinity, 2 ** 31, 3e9].map((delayMs) =>
      systemClock.setTimeout(() => fired.push(delayMs), delayMs),
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    for (const handle of handles) systemClock.clearTimeout(handle);
    expect(fired).toEqual([]);
  });
});
