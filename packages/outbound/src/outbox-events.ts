import type { Logger } from "@hookwise/core";
import { EventEmitter } from "eventemitter3";

/**
 * Everything the outbox announces, by name, with what each listener receives. Payloads hold ids,
 * codes and numbers: never a payload, a URL's path or a secret.
 * @category Lifecycle
 */
export interface OutboxEvents {
  /** A message was stored, with one delivery per subscribed endpoint. */
  "message.accepted": { messageId: string; tenant: string; type: string; deliveries: number };
  /** `send` was called again with an idempotency key already used: nothing new was stored. */
  "message.duplicate": { messageId: string; tenant: string };
  /** One attempt got a 2xx. */
  "attempt.succeeded": AttemptEvent;
  /** One attempt failed; `nextAttemptInMs` is absent when it was the last. */
  "attempt.failed": AttemptEvent & { code: string; nextAttemptInMs?: number };
  /** A delivery ran out of attempts or failed for good. */
  "delivery.dead_lettered": DeliveryEvent & { code: string };
  /** A delivery waits: its endpoint's circuit is open, a probe is out, or its rate limit is reached. */
  "delivery.paused": DeliveryEvent & { reason: "circuit_open" | "rate_limited"; delayMs: number };
  /** Every delivery of a message succeeded. */
  "message.delivered": { messageId: string };
  /** A message has a dead-lettered delivery and none pending. */
  "message.dead_lettered": { messageId: string };
  /** Deliveries to an endpoint paused after repeated failures. */
  "endpoint.circuit_opened": { endpointId: string; failureStreak: number; until: number };
  /** A probe succeeded: deliveries to the endpoint resume. */
  "endpoint.circuit_closed": { endpointId: string };
  /** An endpoint was disabled (by you, or because it answered 410 Gone). */
  "endpoint.disabled": { endpointId: string; tenant: string; reason: "manual" | "gone" };
  /** Dead-lettered deliveries were set to run again. */
  "message.replayed": { messageId: string; deliveries: number };
}

/** What every attempt event carries. */
export interface AttemptEvent extends DeliveryEvent {
  /** 1 for the first attempt of a round. */
  attempt: number;
  /** The receiver's HTTP status, when it answered. */
  responseStatus?: number;
  durationMs: number;
}

/** Names one delivery. */
export interface DeliveryEvent {
  messageId: string;
  deliveryId: string;
  endpointId: string;
}

/** One of the {@link OutboxEvents} names. @category Lifecycle */
export type OutboxEventName = keyof OutboxEvents;

/** A typed emitter of {@link OutboxEvents}. */
export type OutboxEmitter = EventEmitter<{
  [K in OutboxEventName]: (payload: OutboxEvents[K]) => void;
}>;

/** A fresh emitter. */
export function createOutboxEmitter(): OutboxEmitter {
  return new EventEmitter();
}

/**
 * `listener` made harmless to the outbox: a listener that throws, or returns a promise that
 * rejects, is logged and never reaches the attempt that emitted (which would otherwise be retried
 * early, or crash the process with an unhandled rejection).
 */
export function guardedListener<K extends OutboxEventName>(
  name: K,
  listener: (payload: OutboxEvents[K]) => unknown,
  logger: Logger,
): (payload: OutboxEvents[K]) => void {
  const report = (error: unknown): void => {
    logger.error("An outbox listener failed", {
      event: name,
      error: error instanceof Error ? error.name : typeof error,
    });
  };
  return (payload) => {
    try {
      const result = listener(payload);
      if (typeof (result as { then?: unknown } | null)?.then === "function")
        (result as PromiseLike<unknown>).then(undefined, report);
    } catch (error) {
      report(error);
    }
  };
}
