import type { Adapter } from "../adapter.ts";
import type { Destination } from "../dispatch/destination.ts";
import type { RetryPolicy } from "../dispatch/retry-policy.ts";
import type { DeliveryRecord } from "../events/event-record.ts";
import type { Lifecycle } from "../lifecycle/hookwise-events.ts";
import type { Source } from "../sources/source.ts";
import type { TransformerRegistry } from "../transform/transformer-registry.ts";
import type { Clock } from "../util/clock.ts";
import type { Logger } from "../util/logger.ts";

/** A destination with its resolved retry policy. @internal */
export interface ResolvedDestination {
  readonly destination: Destination;
  readonly policy: RetryPolicy;
}

/** Everything the worker's job handlers share, resolved once by `createWorker`. @internal */
export interface WorkerContext {
  readonly adapter: Adapter;
  readonly transformers: TransformerRegistry;
  readonly destinations: ReadonlyMap<string, ResolvedDestination>;
  readonly sources: ReadonlyMap<string, Source>;
  /** The worker-wide policy: transform retries, and the base of every destination's policy. */
  readonly policy: RetryPolicy;
  readonly clock: Clock;
  readonly random: () => number;
  readonly logger: Logger;
  readonly lifecycle: Lifecycle;
  /**
   * Failed transform attempts per event id. Process jobs carry no attempt count, so it is kept in
   * memory: after a restart the count starts again (the policy still bounds each process).
   */
  readonly transformFailures: Map<string, number>;
  /** Passed to every delivery attempt. */
  readonly signal: AbortSignal;
}

/** The job that delivers one delivery; its id lets the queue drop a second copy. @internal */
export function deliverJob(
  eventId: string,
  deliveryId: string,
): {
  readonly kind: "deliver";
  readonly id: string;
  readonly eventId: string;
  readonly deliveryId: string;
} {
  return { kind: "deliver", id: `deliver:${deliveryId}`, eventId, deliveryId };
}

/** The job that transforms one event (the ingestor enqueues the same id). @internal */
export function processJob(eventId: string): {
  readonly kind: "process";
  readonly id: string;
  readonly eventId: string;
} {
  return { kind: "process", id: `process:${eventId}`, eventId };
}

/**
 * When no delivery is pending any more, gives the event its final status: `dead_lettered` if any
 * delivery is, `delivered` otherwise. Concurrent finishers may both do it; they agree.
 * @internal
 */
export async function settleEvent(
  eventId: string,
  deliveries: readonly DeliveryRecord[],
  context: WorkerContext,
): Promise<void> {
  if (deliveries.some((delivery) => delivery.status === "pending")) return;
  const dead = deliveries.some((delivery) => delivery.status === "dead_lettered");
  await context.adapter.events.setStatus(
    eventId,
    dead ? "dead_lettered" : "delivered",
    context.clock.now(),
  );
}
