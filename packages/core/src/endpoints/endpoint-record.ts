import type { RetryPolicy } from "../dispatch/retry-policy.ts";
import type { EventError } from "../events/event-record.ts";

/**
 * One signing secret of an endpoint. While a secret is rotated, the old one keeps signing (beside the
 * new one) until `expiresAt`, so a receiver can switch at its own pace.
 */
export interface EndpointSecret {
  /** `whsec_` followed by base64: a Standard Webhooks secret. Never logged, never listed. */
  readonly secret: string;
  readonly createdAt: number;
  /** When it stops signing (epoch ms); absent on the current secret. */
  readonly expiresAt?: number;
}

/**
 * How deliveries to one endpoint are retried, when it overrides the outbox's default:
 * - `schedule`: fixed delays after each failed attempt (the Standard Webhooks schedule is one), so
 *   there are `delaysMs.length + 1` attempts;
 * - `exponential`: full jitter between `minDelayMs` and a ceiling that grows by `factor`.
 */
export type EndpointRetry =
  | { readonly kind: "schedule"; readonly delaysMs: readonly number[] }
  | { readonly kind: "exponential"; readonly policy: Partial<RetryPolicy> };

/** Why an endpoint is disabled. `gone`: it answered 410 Gone. `manual`: someone disabled it. */
export type EndpointDisabledReason = "manual" | "gone";

/**
 * A receiver's webhook endpoint, registered for one tenant (your client). Times are epoch ms. The
 * record holds its secrets, because signing needs them: views built for people never do.
 */
export interface EndpointRecord {
  /** `ep_…`, unique across tenants. */
  readonly id: string;
  /** The tenant (client) it belongs to. */
  readonly tenant: string;
  /** Absolute http(s) URL. */
  readonly url: string;
  readonly description: string;
  /** Event types it is sent; empty means every type. */
  readonly eventTypes: readonly string[];
  readonly enabled: boolean;
  /** Set while `enabled` is false. */
  readonly disabledReason?: EndpointDisabledReason;
  /** Newest first; the first one has no `expiresAt`. */
  readonly secrets: readonly EndpointSecret[];
  /** Overrides the outbox's retry schedule. */
  readonly retry?: EndpointRetry;
  /** Retry 4xx answers other than 408, 409, 425, 429 and 410 (by default they fail at once). */
  readonly retryClientErrors?: boolean;
  /** At most this many deliveries a second to it, per worker process. */
  readonly rateLimitPerSecond?: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/**
 * How an endpoint has been answering lately, kept apart from its record so that counting a result is
 * one atomic step on any backend. The circuit breaker reads it.
 */
export interface EndpointHealth {
  /** Failed attempts in a row since the last success. */
  readonly failureStreak: number;
  readonly lastFailureAt?: number;
  readonly lastSuccessAt?: number;
  /** The last failure's code and message. */
  readonly lastError?: EventError;
}
