import { ConfigurationError } from "../errors.ts";

/**
 * How often and how patiently a failed delivery (or a failed transform) is tried again.
 *
 * The delay after failed attempt `n` (1-based) is drawn uniformly ("full jitter") between
 * `minDelayMs` and `min(maxDelayMs, minDelayMs × factor^n)`, unless the destination sent a
 * `Retry-After`, which is honoured exactly (up to `maxRetryAfterMs`). See
 * {@link computeRetryDelayMs}.
 * @see docs/concepts/dispatch-and-retries.md
 * @category Dispatch
 */
export interface RetryPolicy {
  /**
   * Attempts per round, the first one included; after the last one the delivery is dead-lettered.
   * @default 15
   */
  readonly maxAttempts: number;
  /**
   * Shortest delay between two attempts, in milliseconds.
   * @default 1000
   */
  readonly minDelayMs: number;
  /**
   * Longest delay between two attempts, in milliseconds (a `Retry-After` may exceed it, up to
   * `maxRetryAfterMs`).
   * @default 3_600_000
   */
  readonly maxDelayMs: number;
  /**
   * Growth of the delay ceiling per attempt. `1` keeps a constant ceiling.
   * @default 2
   */
  readonly factor: number;
  /**
   * Cap on a destination's `Retry-After`, in milliseconds: a longer wait is shortened to this.
   * @default 3_600_000
   */
  readonly maxRetryAfterMs: number;
}

/**
 * The retry policy used when none is given: 15 attempts, 1 s to 1 h between them, the ceiling
 * doubling: about two hours of retries on average (four at most) before a delivery is
 * dead-lettered, enough to ride out a typical partner outage.
 * @category Dispatch
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 15,
  minDelayMs: 1_000,
  maxDelayMs: 3_600_000,
  factor: 2,
  maxRetryAfterMs: 3_600_000,
});

/**
 * Fills the gaps of a partial policy from `base` and validates the result.
 * @param partial - Options given by the user (e.g. a destination's `retry`).
 * @param base - Where missing fields come from. @default DEFAULT_RETRY_POLICY
 * @throws ConfigurationError naming the offending option.
 * @category Dispatch
 */
export function resolveRetryPolicy(
  partial: Partial<RetryPolicy> = {},
  base: RetryPolicy = DEFAULT_RETRY_POLICY,
): RetryPolicy {
  const policy: RetryPolicy = Object.freeze({
    maxAttempts: partial.maxAttempts ?? base.maxAttempts,
    minDelayMs: partial.minDelayMs ?? base.minDelayMs,
    maxDelayMs: partial.maxDelayMs ?? base.maxDelayMs,
    factor: partial.factor ?? base.factor,
    maxRetryAfterMs: partial.maxRetryAfterMs ?? base.maxRetryAfterMs,
  });
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw invalid("maxAttempts", "an integer of at least 1", policy.maxAttempts);
  }
  for (const key of ["minDelayMs", "maxDelayMs", "maxRetryAfterMs"] as const) {
    if (!Number.isFinite(policy[key]) || policy[key] < 0) {
      throw invalid(key, "a finite number of milliseconds, at least 0", policy[key]);
    }
  }
  // The backoff grows from minDelayMs: from 0 it would stay 0 whatever maxDelayMs allows.
  if (policy.minDelayMs === 0 && policy.maxDelayMs > 0) {
    throw invalid("minDelayMs", "at least 1 when `retry.maxDelayMs` is above 0", policy.minDelayMs);
  }
  if (policy.maxDelayMs < policy.minDelayMs) {
    throw invalid("maxDelayMs", "at least `retry.minDelayMs`", policy.maxDelayMs);
  }
  if (!Number.isFinite(policy.factor) || policy.factor < 1) {
    throw invalid("factor", "a finite number of at least 1", policy.factor);
  }
  return policy;
}

/**
 * Milliseconds to wait after failed attempt `attemptNumber` (1-based) before the next one.
 *
 * - With `retryAfterSeconds` (the destination's `Retry-After`): exactly that, capped at
 *   `maxRetryAfterMs`.
 * - Otherwise full jitter with a floor: `ceiling = min(maxDelayMs, minDelayMs × factor^attemptNumber)`
 *   and `delay = round(minDelayMs + random() × (ceiling − minDelayMs))`. The delay is uniform
 *   between the floor and the ceiling, so even first retries of many failed deliveries spread out
 *   instead of arriving together, and no delay is shorter than `minDelayMs`.
 * @param random - Returns a number in [0, 1), like `Math.random` (inject for tests).
 * @example
 * // minDelayMs 1000, factor 2, random() = 0.5: attempt 1 → 1500, attempt 2 → 2500, attempt 3 → 4500
 * computeRetryDelayMs(DEFAULT_RETRY_POLICY, 1, () => 0.5); // 1500
 * @category Dispatch
 */
export function computeRetryDelayMs(
  policy: RetryPolicy,
  attemptNumber: number,
  random: () => number,
  retryAfterSeconds?: number,
): number {
  if (retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds)) {
    return Math.min(Math.max(0, Math.round(retryAfterSeconds * 1000)), policy.maxRetryAfterMs);
  }
  const exponent = Math.max(1, attemptNumber);
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * policy.factor ** exponent);
  const spread = Math.max(0, ceiling - policy.minDelayMs);
  const unit = Math.min(Math.max(random(), 0), 1);
  return Math.round(policy.minDelayMs + unit * spread);
}

/**
 * Whether an HTTP status is worth another attempt: 408, 425, 429 and every 5xx. Any other non-2xx
 * status (400, 401, 404, 422, ...) will not change by trying again.
 * @category Dispatch
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * Seconds to wait from a `Retry-After` value: delta-seconds, or an HTTP date measured against
 * `now` (epoch ms). `undefined` when absent or unreadable, and for a date that is not in the future:
 * the receiver's clock is behind ours, so its date says nothing, and the policy's backoff applies
 * (taken as 0, every attempt would follow the last at once and the delivery would be dead-lettered
 * within a second, in the middle of the receiver's outage).
 * @category Dispatch
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  if (/^[+-]?\d/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date) || date <= now) return undefined;
  return (date - now) / 1000;
}

function invalid(option: string, allowed: string, value: number): ConfigurationError {
  return new ConfigurationError(
    `\`retry.${option}\` must be ${allowed} (got ${String(value)}). See docs/concepts/dispatch-and-retries.md.`,
  );
}
