import { ConfigurationError, type EndpointHealth } from "@hookwise/core";

/**
 * When deliveries to an endpoint pause. After `failureThreshold` failed attempts in a row (across
 * all its messages) the circuit opens: nothing is sent to it for `cooldownMs` after the last failure.
 * Then one probe goes out: a success closes the circuit, a failure opens it for another cooldown.
 * Other endpoints are never affected.
 * @category Delivery
 */
export interface CircuitBreakerOptions {
  /** Failed attempts in a row that open the circuit. @default 10 */
  readonly failureThreshold?: number;
  /** How long an open circuit stays open after the last failure, in ms. @default 60_000 */
  readonly cooldownMs?: number;
}

/** Default {@link CircuitBreakerOptions.failureThreshold}. @category Delivery */
export const DEFAULT_FAILURE_THRESHOLD = 10;
/** Default {@link CircuitBreakerOptions.cooldownMs}. @category Delivery */
export const DEFAULT_COOLDOWN_MS = 60_000;

/** The breaker's settings, resolved. */
export interface CircuitBreakerSettings {
  readonly failureThreshold: number;
  readonly cooldownMs: number;
}

/**
 * Where an endpoint's circuit stands: `closed` (send), `open` (wait until `until`), `half_open` (the
 * cooldown is over: one probe may go).
 */
export type CircuitState =
  | { readonly state: "closed" }
  | { readonly state: "open"; readonly until: number }
  | { readonly state: "half_open" };

/** Resolves and checks the options; `false` turns the breaker off. */
export function resolveCircuitBreaker(
  options: CircuitBreakerOptions | false | undefined,
): CircuitBreakerSettings | undefined {
  if (options === false) return undefined;
  const failureThreshold = options?.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD;
  const cooldownMs = options?.cooldownMs ?? DEFAULT_COOLDOWN_MS;
  if (!Number.isInteger(failureThreshold) || failureThreshold < 1)
    throw new ConfigurationError(
      "`circuitBreaker.failureThreshold` must be an integer of at least 1.",
    );
  if (!Number.isFinite(cooldownMs) || cooldownMs < 0)
    throw new ConfigurationError(
      "`circuitBreaker.cooldownMs` must be a finite number of ms, at least 0.",
    );
  return { failureThreshold, cooldownMs };
}

/** The circuit of an endpoint with this health, at `now`. */
export function circuitState(
  health: EndpointHealth,
  settings: CircuitBreakerSettings | undefined,
  now: number,
): CircuitState {
  if (settings === undefined || health.failureStreak < settings.failureThreshold)
    return { state: "closed" };
  const until = (health.lastFailureAt ?? 0) + settings.cooldownMs;
  return now < until ? { state: "open", until } : { state: "half_open" };
}
