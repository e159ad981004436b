import type { Adapter, Clock, EndpointRetry, EndpointStore, Logger } from "@hookwise/core";
import type { CircuitBreakerSettings } from "./circuit-breaker.ts";
import type { OutboxEmitter } from "./outbox-events.ts";
import type { RateLimiter } from "./rate-limiter.ts";
import type { MessageSigner } from "./sign-message.ts";
import type { Transport } from "./transport.ts";

/** Everything the outbox's parts share, resolved once by `createOutbox`. */
export interface OutboxContext {
  readonly adapter: Adapter;
  readonly endpoints: EndpointStore;
  readonly transport: Transport;
  readonly clock: Clock;
  readonly random: () => number;
  readonly logger: Logger;
  readonly emitter: OutboxEmitter;
  /** The retry schedule of endpoints that set none. */
  readonly retry: EndpointRetry;
  /** Time one attempt may take, in ms. */
  readonly timeoutMs: number;
  /** `undefined` when the breaker is off. */
  readonly circuitBreaker: CircuitBreakerSettings | undefined;
  readonly rateLimiter: RateLimiter;
  readonly signer: MessageSigner;
  /** Aborted when the outbox closes, so running attempts stop. */
  readonly signal: AbortSignal;
  readonly allowPrivateNetworks: boolean;
  /** How long a previous secret keeps signing after a rotation, in ms. */
  readonly secretOverlapMs: number;
}
