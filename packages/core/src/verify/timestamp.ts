/**
 * Replay protection for schemes that sign a timestamp: parse it strictly and check it against the
 * injected clock, with the past and future windows set separately.
 */
import { ConfigurationError, ErrorCode, SignatureVerificationError } from "../errors.ts";

/**
 * How far a signed timestamp may be from now, in each direction. `Infinity` turns a direction off;
 * there is no "0 means off".
 * @category Verification
 */
export interface TimestampTolerance {
  /** Oldest accepted age, seconds. A request exactly this old is still accepted. */
  readonly pastSeconds: number;
  /** Furthest accepted lead of the sender's clock over ours, seconds (inclusive). */
  readonly futureSeconds: number;
}

/**
 * Default window of the Standard Webhooks spec and most providers: five minutes either way.
 * @category Verification
 */
export const DEFAULT_TOLERANCE: TimestampTolerance = Object.freeze({
  pastSeconds: 300,
  futureSeconds: 300,
});

/**
 * Fills a user's tolerance option from a scheme's defaults: a number sets both directions, an
 * object overrides only the directions it names. Throws `ConfigurationError` on negative or NaN.
 * @example
 * resolveTolerance({ futureSeconds: 60 }, DEFAULT_TOLERANCE); // { pastSeconds: 300, futureSeconds: 60 }
 * @category Verification
 */
export function resolveTolerance(
  option: Partial<TimestampTolerance> | number | undefined,
  defaults: TimestampTolerance,
): TimestampTolerance {
  const given =
    typeof option === "number" ? { pastSeconds: option, futureSeconds: option } : (option ?? {});
  const resolved = {
    pastSeconds: given.pastSeconds ?? defaults.pastSeconds,
    futureSeconds: given.futureSeconds ?? defaults.futureSeconds,
  };
  for (const [key, value] of Object.entries(resolved)) {
    if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
      throw new ConfigurationError(
        `\`tolerance.${key}\` must be a number of seconds >= 0 (or Infinity to disable).`,
      );
    }
  }
  return Object.freeze(resolved);
}

const CANONICAL_INTEGER = /^(?:0|[1-9][0-9]{0,14})$/;

/**
 * Parses a signed unix timestamp in seconds. Only canonical decimal digits are accepted (no sign,
 * leading zero, space, fraction or exponent): SDKs that `parseInt` the header but sign the text
 * would otherwise disagree with us about what was signed.
 * @throws SignatureVerificationError `TIMESTAMP_INVALID` when missing or not canonical.
 * @category Verification
 */
export function parseUnixSeconds(text: string | null): number {
  return parseCanonicalInteger(text, "seconds");
}

/**
 * Like {@link parseUnixSeconds} for schemes that sign epoch milliseconds.
 * @category Verification
 */
export function parseUnixMilliseconds(text: string | null): number {
  return parseCanonicalInteger(text, "milliseconds");
}

/**
 * Throws unless `timestampSeconds` lies within `tolerance` of `nowMs` (bounds inclusive; now is
 * floored to whole seconds, as the reference SDKs do).
 * @throws SignatureVerificationError `TIMESTAMP_OUT_OF_TOLERANCE`
 * @category Verification
 */
export function assertWithinTolerance(
  timestampSeconds: number,
  nowMs: number,
  tolerance: TimestampTolerance,
): void {
  checkAge(
    Math.floor(nowMs / 1000) - timestampSeconds,
    tolerance.pastSeconds,
    tolerance.futureSeconds,
  );
}

/**
 * Like {@link assertWithinTolerance} for a timestamp in epoch milliseconds (the tolerance stays in seconds).
 * @category Verification
 */
export function assertWithinToleranceMs(
  timestampMs: number,
  nowMs: number,
  tolerance: TimestampTolerance,
): void {
  checkAge((nowMs - timestampMs) / 1000, tolerance.pastSeconds, tolerance.futureSeconds);
}

function checkAge(ageSeconds: number, pastSeconds: number, futureSeconds: number): void {
  if (ageSeconds > pastSeconds) {
    throw new SignatureVerificationError(
      ErrorCode.TIMESTAMP_OUT_OF_TOLERANCE,
      `The signed timestamp is older than the ${pastSeconds} s tolerance: a replayed or long-delayed request, or a receiver clock running ahead.`,
    );
  }
  if (-ageSeconds > futureSeconds) {
    throw new SignatureVerificationError(
      ErrorCode.TIMESTAMP_OUT_OF_TOLERANCE,
      `The signed timestamp is more than ${futureSeconds} s in the future: check the clocks of sender and receiver.`,
    );
  }
}

function parseCanonicalInteger(text: string | null, unit: string): number {
  if (text === null) {
    throw new SignatureVerificationError(
      ErrorCode.TIMESTAMP_INVALID,
      "The signature timestamp is missing.",
    );
  }
  if (!CANONICAL_INTEGER.test(text)) {
    throw new SignatureVerificationError(
      ErrorCode.TIMESTAMP_INVALID,
      `The signature timestamp is not a plain integer number of ${unit} since the epoch.`,
    );
  }
  return Number(text);
}
