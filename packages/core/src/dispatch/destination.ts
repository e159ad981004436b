import { ConfigurationError } from "../errors.ts";
import type { RetryPolicy } from "./retry-policy.ts";

/**
 * What a destination gets for one attempt. Frozen: a destination cannot change what the worker
 * records.
 * @category Dispatch
 */
export interface DeliveryContext {
  /** The hookwise id of the event the output came from. */
  readonly eventId: string;
  /** Stable id of this delivery (same event, transformer, output and destination → same id). */
  readonly deliveryId: string;
  /**
   * Send this to the receiver so it can drop repeats: it equals `deliveryId`, so every retry and
   * every replay of the same delivery carries the same key.
   */
  readonly idempotencyKey: string;
  /** Destination name. */
  readonly destination: string;
  /** The transformed payload to deliver. */
  readonly output: unknown;
  /** 1 for the first attempt of the current round (a replay starts a new round). */
  readonly attempt: number;
  /** Aborted when the attempt should stop (e.g. the worker gives up on it). */
  readonly signal: AbortSignal;
  /** Where the output came from. */
  readonly event: {
    readonly source: string;
    readonly type: string;
    /** Epoch milliseconds. */
    readonly receivedAt: number;
  };
}

/**
 * What a successful attempt reports. Failure is a throw: a `DeliveryError` (with `retryable`,
 * `responseStatus`, `retryAfterSeconds`), a `NonRetryableError` (stop at once), or anything else
 * (retried, recorded with a generic code).
 * @category Dispatch
 */
export interface DeliveryResult {
  /** HTTP status from the receiver, when there was one. */
  readonly responseStatus?: number;
}

/**
 * Where transformed outputs go: a function ({@link createHandlerDestination}), an HTTP endpoint
 * ({@link createHttpDestination}) or anything implementing `deliver`.
 * @category Dispatch
 */
export interface Destination {
  /** Name that transformers list in `to`. Letters, digits, `.`, `_` and `-`. */
  readonly name: string;
  /** Overrides of the worker's retry policy for this destination. */
  readonly retry?: Partial<RetryPolicy>;
  /** Make one attempt. Resolve when delivered; throw when not. */
  deliver(context: DeliveryContext): Promise<DeliveryResult>;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Throws a {@link ConfigurationError} unless `name` is a valid destination or transformer name.
 * Names end up in delivery ids (`eventId:transformer@version:index:destination`), so `:` and `@`
 * are not allowed.
 * @internal
 */
export function assertName(option: string, name: unknown): void {
  if (typeof name !== "string" || !NAME_PATTERN.test(name)) {
    throw new ConfigurationError(
      `\`${option}\` must be a non-empty string of letters, digits, ".", "_" and "-".`,
    );
  }
}

/**
 * Throws a {@link ConfigurationError} unless `value` is a positive finite number of milliseconds.
 * @internal
 */
export function assertTimeoutMs(option: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigurationError(
      `\`${option}\` must be a positive, finite number of milliseconds (got ${String(value)}).`,
    );
  }
}
