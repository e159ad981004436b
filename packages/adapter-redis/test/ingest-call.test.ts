import { describe, expect, it } from "vitest";
import { ConfigurationError } from "@hookwise/core";
import { ingestCall } from "../src/ingest-call.ts";
import type { RedisConnections } from "../src/redis-connections.ts";

// The ack path's call policy, with the connection taken out: what is retried, how often, and the
// deadline that turns everything into BACKEND_UNAVAILABLE (503 with Retry-After).
function connections(): RedisConnections & { recycled: unknown[] } {
  const recycled: unknown[] = [];
  return {
    recycled,
    ready: () => Promise.resolve(),
    recycle: (error: unknown) => recycled.push(error),
  } as unknown as RedisConnections & { recycled: unknown[] };
}

function failingTimes<T>(
  failures: number,
  value: T,
): { tries: () => number; attempt: () => Promise<T> } {
  let tries = 0;
  return {
    tries: () => tries,
    attempt: () => {
      tries += 1;
      return tries <= failures
        ? Promise.reject(new Error("Connection is closed."))
        : Promise.resolve(value);
    },
  };
}

describe("ingestCall", () => {
  it("answers from the first try when Redis is healthy", async () => {
    const call = failingTimes(0, "stored");
    expect(await ingestCall(connections(), { timeoutMs: 1_000, retries: 2 }, call.attempt)).toBe(
      "stored",
    );
    expect(call.tries()).toBe(1);
  });

  it("retries a dropped connection in-request and answers from the next try", async () => {
    const call = failingTimes(1, "stored");
    const links = connections();
    expect(await ingestCall(links, { timeoutMs: 1_000, retries: 2 }, call.attempt)).toBe("stored");
    expect(call.tries()).toBe(2);
    expect(links.recycled).toHaveLength(1);
  });

  it("gives up after `retries` further tries with BACKEND_UNAVAILABLE", async () => {
    const call = failingTimes(10, "stored");
    await expect(
      ingestCall(connections(), { timeoutMs: 1_000, retries: 2 }, call.attempt),
    ).rejects.toMatchObject({ code: "BACKEND_UNAVAILABLE" });
    expect(call.tries()).toBe(3);
  });

  it("does not retry with no retries allowed", async () => {
    const call = failingTimes(1, "stored");
    await expect(
      ingestCall(connections(), { timeoutMs: 1_000, retries: 0 }, call.attempt),
    ).rejects.toMatchObject({ code: "BACKEND_UNAVAILABLE" });
    expect(call.tries()).toBe(1);
  });

  it("never retries a hookwise error, and passes it on as it is", async () => {
    let tries = 0;
    const error = new ConfigurationError("`limit` must be an integer of at least 1.");
    await expect(
      ingestCall(connections(), { timeoutMs: 1_000, retries: 2 }, () => {
        tries += 1;
        return Promise.reject(error);
      }),
    ).rejects.toBe(error);
    expect(tries).toBe(1);
  });

  it("rejects with BACKEND_UNAVAILABLE at the deadline while a try still hangs", async () => {
    const hanging = new Promise<never>(() => undefined);
    const call = ingestCall(connections(), { timeoutMs: 50, retries: 2 }, () => hanging);
    await expect(call).rejects.toMatchObject({ code: "BACKEND_UNAVAILABLE" });
    await expect(call).rejects.toThrow(/within 50 ms/);
  });
});
