import { describe, expect, it } from "vitest";
import { createFakeClock } from "@hookwise/core/testing";
import { createMemoryIdempotencyStore } from "@hookwise/adapter-memory";

const CLAIM = { ttlMs: 60_000, staleAfterMs: 30_000 } as const;

describe("createMemoryIdempotencyStore", () => {
  it("never holds more than maxKeys, forgetting the oldest claims first", async () => {
    const store = createMemoryIdempotencyStore({ clock: createFakeClock(), maxKeys: 3 });
    for (const key of ["k1", "k2", "k3", "k4", "k5"]) await store.claim(key, "fp", CLAIM);
    expect(store.size).toBe(3);
    expect((await store.claim("k5", "fp", CLAIM)).outcome).toBe("in_flight");
    expect((await store.claim("k3", "fp", CLAIM)).outcome).toBe("in_flight");
    expect((await store.claim("k1", "fp", CLAIM)).outcome).toBe("new");
  });

  it("drops expired claims before live ones when full", async () => {
    const clock = createFakeClock();
    const store = createMemoryIdempotencyStore({ clock, maxKeys: 3 });
    const first = await store.claim("old-but-live", "fp", {
      ttlMs: 600_000,
      staleAfterMs: 600_000,
    });
    const second = await store.claim("expiring", "fp", { ttlMs: 1_000, staleAfterMs: 600_000 });
    if (first.outcome !== "new" || second.outcome !== "new")
      throw new Error("Expected new claims.");
    await store.settle("expiring", second.token, "done");
    await store.claim("k3", "fp", CLAIM);
    await clock.advance(1_000);
    await store.claim("k4", "fp", CLAIM);
    expect(store.size).toBe(3);
    expect((await store.claim("old-but-live", "fp", CLAIM)).outcome).toBe("in_flight");
  });

  it("rejects a claim whose ttlMs or staleAfterMs is not a positive duration", async () => {
    const store = createMemoryIdempotencyStore();
    const zeroTtl = store.claim("k", "fp", { ttlMs: 0, staleAfterMs: 1 });
    await expect(zeroTtl).rejects.toMatchObject({ code: "CONFIG_INVALID" });
    await expect(zeroTtl).rejects.toThrow("`ttlMs`");
    const notANumber = store.claim("k", "fp", { ttlMs: 1, staleAfterMs: Number.NaN });
    await expect(notANumber).rejects.toThrow("`staleAfterMs`");
  });
});
