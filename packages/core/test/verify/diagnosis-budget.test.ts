import { describe, expect, it } from "vitest";
import {
  DIAGNOSIS_BYTES_PER_SECOND,
  DIAGNOSIS_MAX_BODY_BYTES,
  diagnoseSignatureMismatch,
} from "../../src/verify/diagnose.ts";

// Its own file: the budget is per process (per module instance), and this test spends it all.
describe("the diagnosis budget", () => {
  it("diagnoses at most DIAGNOSIS_BYTES_PER_SECOND of bodies per second, then answers undiagnosed", async () => {
    const body = new Uint8Array(DIAGNOSIS_MAX_BODY_BYTES).fill(0x20);
    let diagnosed = 0;
    const input = {
      body,
      keys: [Uint8Array.of(1)],
      matches: () => Promise.resolve(false),
      secrets: { values: [" padded "], encoding: "utf8" as const },
    };
    const countingInput = {
      ...input,
      matches: () => {
        diagnosed += 1;
        return Promise.resolve(false);
      },
    };
    const runs = 4 * (DIAGNOSIS_BYTES_PER_SECOND / DIAGNOSIS_MAX_BODY_BYTES);
    const before = diagnosed;
    let ran = 0;
    for (let i = 0; i < runs; i++) {
      const calls = diagnosed;
      await diagnoseSignatureMismatch(countingInput);
      if (diagnosed > calls) ran += 1;
    }
    expect(diagnosed).toBeGreaterThan(before);
    // One second's budget plus whatever refilled while the loop ran (well under a second).
    expect(ran).toBeLessThan(2 * (DIAGNOSIS_BYTES_PER_SECOND / DIAGNOSIS_MAX_BODY_BYTES));
    await expect(diagnoseSignatureMismatch(input)).resolves.toBeUndefined();
  });

  it("never throws, whatever the check trips on", async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const deep = new TextEncoder().encode("[".repeat(5_000) + "]".repeat(5_000));
    await expect(
      diagnoseSignatureMismatch({
        body: deep,
        keys: [Uint8Array.of(1)],
        matches: () => Promise.resolve(false),
      }),
    ).resolves.toBeUndefined();
    await expect(
      diagnoseSignatureMismatch({
        body: Uint8Array.of(0x7b, 0x7d),
        keys: [Uint8Array.of(1)],
        matches: () => Promise.reject(new Error("boom")),
      }),
    ).resolves.toBeUndefined();
  });
});
