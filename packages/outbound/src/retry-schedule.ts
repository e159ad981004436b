import {
  computeRetryDelayMs,
  ConfigurationError,
  resolveRetryPolicy,
  type EndpointRetry,
  type RetryPolicy,
} from "@hookwise/core";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * The retry schedule Standard Webhooks recommends: immediately, then 5 s, 5 min, 30 min, 2 h, 5 h,
 * 10 h, 14 h, 20 h and 24 h after the previous attempt (ten attempts over about three days). The
 * default of `createOutbox`.
 * @example
 * createOutbox({ adapter, retry: STANDARD_WEBHOOKS_RETRY });
 * @category Retries
 */
export const STANDARD_WEBHOOKS_RETRY: EndpointRetry = Object.freeze({
  kind: "schedule",
  delaysMs: Object.freeze([
    5 * SECOND,
    5 * MINUTE,
    30 * MINUTE,
    2 * HOUR,
    5 * HOUR,
    10 * HOUR,
    14 * HOUR,
    20 * HOUR,
    24 * HOUR,
  ]),
});

/**
 * Exponential backoff with full jitter (core's {@link RetryPolicy}: `maxAttempts`, `minDelayMs`,
 * `maxDelayMs`, `factor`), for `createOutbox({ retry })` or one endpoint's `retry`.
 * @example
 * const quick = exponentialRetry({ maxAttempts: 8, minDelayMs: 500, maxDelayMs: 60_000 });
 * @category Retries
 */
export function exponentialRetry(policy: Partial<RetryPolicy> = {}): EndpointRetry {
  resolveRetryPolicy(policy);
  return Object.freeze({ kind: "exponential", policy: Object.freeze({ ...policy }) });
}

/**
 * A fixed schedule: the delays after each failed attempt, so `delaysMs.length + 1` attempts in all.
 * @example
 * const steady = scheduleRetry([1_000, 10_000, 60_000]); // four attempts
 * @category Retries
 */
export function scheduleRetry(delaysMs: readonly number[]): EndpointRetry {
  const retry: EndpointRetry = Object.freeze({
    kind: "schedule",
    delaysMs: Object.freeze([...delaysMs]),
  });
  checkRetry(retry, "retry");
  return retry;
}

/**
 * Throws a `ConfigurationError` naming `option` when a retry setting is not usable (from code or
 * from a stored endpoint).
 */
export function checkRetry(retry: EndpointRetry, option: string): void {
  if (retry.kind === "schedule") {
    if (!Array.isArray(retry.delaysMs) || retry.delaysMs.length > 100)
      throw new ConfigurationError(
        `\`${option}.delaysMs\` must be an array of at most 100 delays.`,
      );
    for (const delay of retry.delaysMs) {
      if (!Number.isFinite(delay) || delay < 0)
        throw new ConfigurationError(
          `\`${option}.delaysMs\` must hold finite numbers of milliseconds, at least 0.`,
        );
    }
    return;
  }
  if (retry.kind === "exponential") {
    resolveRetryPolicy(retry.policy);
    return;
  }
  throw new ConfigurationError(`\`${option}.kind\` must be "schedule" or "exponential".`);
}

/** Longest `Retry-After` honoured, in ms: a longer one is shortened to this. */
export const MAX_RETRY_AFTER_MS: number = 24 * HOUR;

/**
 * The delay before the next attempt after `failedAttempts` failures in this round (1 after the first),
 * or `undefined` when the round is over and the delivery is dead-lettered. A receiver's
 * `Retry-After` replaces the scheduled delay (capped), but never adds attempts.
 */
export function nextRetryDelayMs(
  retry: EndpointRetry,
  failedAttempts: number,
  random: () => number,
  retryAfterSeconds?: number,
): number | undefined {
  const maxAttempts =
    retry.kind === "schedule"
      ? retry.delaysMs.length + 1
      : resolveRetryPolicy(retry.policy).maxAttempts;
  if (failedAttempts >= maxAttempts) return undefined;
  if (retry.kind === "exponential")
    return computeRetryDelayMs(
      resolveRetryPolicy(retry.policy),
      failedAttempts,
      random,
      retryAfterSeconds,
    );
  if (retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds))
    return Math.min(Math.max(0, Math.round(retryAfterSeconds * 1000)), MAX_RETRY_AFTER_MS);
  return retry.delaysMs[failedAttempts - 1] ?? 0;
}
