import { ConfigurationError } from "@hookwise/core";

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

/** A whole number of at least `min`. @internal */
export function integerAtLeast(name: string, value: number, min: number): number {
  if (Number.isInteger(value) && value >= min) return value;
  throw new ConfigurationError(`\`${name}\` must be an integer of at least ${min}.`);
}

/** A TTL as Lua scripts take it: whole milliseconds, 0 for none (`Infinity`). @internal */
export function ttlArg(ms: number): number {
  return Number.isFinite(ms) ? Math.max(1, Math.ceil(ms)) : 0;
}
