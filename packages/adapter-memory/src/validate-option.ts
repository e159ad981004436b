import { ConfigurationError } from "@hookwise/core";

/**
 * A count limit: a positive integer, or `Infinity` to lift it on purpose (never 0 for "off").
 * @internal
 */
export function positiveLimit(name: string, value: number): number {
  if (value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && value > 0)) return value;
  throw new ConfigurationError(`\`${name}\` must be a positive integer or Infinity.`);
}

/**
 * A duration in milliseconds: finite and at least `min`, or `Infinity` when `allowInfinity`.
 * @internal
 */
export function durationMs(
  name: string,
  value: number,
  min: number,
  allowInfinity = false,
): number {
  if (allowInfinity && value === Number.POSITIVE_INFINITY) return value;
  if (typeof value === "number" && Number.isFinite(value) && value >= min) return value;
  const range = min > 0 ? `at least ${min}` : "zero or more";
  throw new ConfigurationError(
    `\`${name}\` must be ${range} milliseconds${allowInfinity ? " or Infinity" : ""}.`,
  );
}

/**
 * Runs synchronous store logic as a promise: a throw becomes a rejection, never a synchronous throw.
 * @internal
 */
export function promised<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
