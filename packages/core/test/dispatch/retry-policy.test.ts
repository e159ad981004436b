import { describe, expect, it } from "vitest";
import {
  ConfigurationError,
  computeRetryDelayMs,
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  resolveRetryPolicy,
} from "@hookwise/core";

// An explicit policy, so the formula's tests do not move when the defaults are tuned.
const policy = resolveRetryPolicy({
  maxAttempts: 8,
  minDelayMs: 1_000,
  maxDelayMs: 300_000,
  factor: 2,
});

describe("computeRetryDelayMs", () => {
  it("draws the delay uniformly between minDelayMs and the exponential ceiling", () => {
    // ceiling(n) = min(300_000, 1000 × 2^n)
    expect(computeRetryDelayMs(policy, 1, () => 0)).toBe(1_000);
    expect(computeRetryDelayMs(policy, 1, () => 0.5)).toBe(1_500);
    expect(computeRetryDelayMs(policy, 2, () => 0.5)).toBe(2_500);
    expect(computeRetryDelayMs(policy, 3, () => 0.25)).toBe(2_750);
    expect(computeRetryDelayMs(policy, 7, () => 0.999)).toBe(127_873);
  });

  it("never waits longer than maxDelayMs, however many attempts failed", () => {
    expect(computeRetryDelayMs(policy, 9, () => 0.999_999)).toBe(300_000);
    expect(computeRetryDelayMs(policy, 50, () => 0.5)).toBe(150_500);
  });

  it("never waits less than minDelayMs, even with a random source out of range", () => {
    expect(computeRetryDelayMs(policy, 4, () => -3)).toBe(1_000);
    expect(computeRetryDelayMs(policy, 1, () => 7)).toBe(2_000);
  });

  it("follows a custom factor", () => {
    const tripling = resolveRetryPolicy({ minDelayMs: 100, factor: 3, maxDelayMs: 10_000 });
    expect(computeRetryDelayMs(tripling, 2, () => 1)).toBe(900);
    expect(computeRetryDelayMs(tripling, 5, () => 1)).toBe(10_000);
  });

  it("honours Retry-After exactly, in seconds, even below minDelayMs", () => {
    expect(computeRetryDelayMs(policy, 1, () => 0.9, 120)).toBe(120_000);
    expect(computeRetryDelayMs(policy, 3, () => 0.9, 0)).toBe(0);
    expect(computeRetryDelayMs(policy, 3, () => 0.9, 0.25)).toBe(250);
  });

  it("caps Retry-After at maxRetryAfterMs", () => {
    expect(computeRetryDelayMs(policy, 1, () => 0, 86_400)).toBe(3_600_000);
    const short = resolveRetryPolicy({ maxRetryAfterMs: 5_000 });
    expect(computeRetryDelayMs(short, 1, () => 0, 60)).toBe(5_000);
  });
});

describe("isRetryableStatus", () => {
  it.each([408, 425, 429, 500, 502, 503, 504, 599])("retries HTTP %i", (status) => {
    expect(isRetryableStatus(status)).toBe(true);
  });

  it.each([200, 301, 400, 401, 403, 404, 409, 410, 413, 422, 600])(
    "does not retry HTTP %i",
    (status) => {
      expect(isRetryableStatus(status)).toBe(false);
    },
  );
});

describe("DEFAULT_RETRY_POLICY", () => {
  it("rides out a partner outage of an hour or more before dead-lettering", () => {
    const { maxAttempts } = DEFAULT_RETRY_POLICY;
    let unluckiest = 0;
    let luckiest = 0;
    for (let attempt = 1; attempt < maxAttempts; attempt++) {
      unluckiest += computeRetryDelayMs(DEFAULT_RETRY_POLICY, attempt, () => 0.999_999);
      luckiest += computeRetryDelayMs(DEFAULT_RETRY_POLICY, attempt, () => 0.5);
    }
    expect(luckiest).toBeGreaterThan(3_600_000);
    expect(unluckiest).toBeLessThan(6 * 3_600_000);
  });
});

describe("resolveRetryPolicy", () => {
  it("fills missing fields from the defaults", () => {
    expect(resolveRetryPolicy()).toEqual(DEFAULT_RETRY_POLICY);
    expect(resolveRetryPolicy({ maxAttempts: 3 })).toEqual({
      ...DEFAULT_RETRY_POLICY,
      maxAttempts: 3,
    });
  });

  it("fills missing fields from a base policy (a destination over the worker's policy)", () => {
    const worker = resolveRetryPolicy({ maxAttempts: 3, minDelayMs: 10 });
    expect(resolveRetryPolicy({ minDelayMs: 50 }, worker)).toMatchObject({
      maxAttempts: 3,
      minDelayMs: 50,
    });
  });

  it.each([
    [{ maxAttempts: 0 }, "retry.maxAttempts"],
    [{ maxAttempts: 1.5 }, "retry.maxAttempts"],
    [{ minDelayMs: -1 }, "retry.minDelayMs"],
    // A backoff that grows from 0 stays 0: every retry at once, whatever maxDelayMs says.
    [{ minDelayMs: 0, maxDelayMs: 60_000 }, "retry.minDelayMs"],
    [{ maxDelayMs: Number.POSITIVE_INFINITY }, "retry.maxDelayMs"],
    [{ minDelayMs: 5_000, maxDelayMs: 1_000 }, "retry.maxDelayMs"],
    [{ factor: 0.5 }, "retry.factor"],
    [{ maxRetryAfterMs: Number.NaN }, "retry.maxRetryAfterMs"],
  ])("rejects %o naming the option", (partial, option) => {
    expect(() => resolveRetryPolicy(partial)).toThrow(ConfigurationError);
    expect(() => resolveRetryPolicy(partial)).toThrow(`\`${option}\``);
  });
});
