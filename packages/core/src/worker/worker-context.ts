import type { Adapter } from "../adapter.ts";
import type { Destination } from "../dispatch/destination.ts";
import type { RetryPolicy } from "../dispatch/retry-policy.ts";
import type { DeliveryState } from "../events/event-store.ts";
import type { Lifecycle } from "../lifecycle/hookwise-events.ts";
import type { Source } from "../sources/source.ts";
import type { TransformerRegistry } from "../transform/transformer-registry.ts";
import type { Clock } from "../util/clock.ts";
import type { Logger } from "../util/logger.ts";
import type { PayloadHandoff } from "../validate/payload-handoff.ts";

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
  /** Payloads the ack path of this process validated already. */
  readonly handoff: PayloadHandoff | undefined;
  /** Passed to every delivery attempt; aborted when the worker closes past its grace period. */
  readonly signal: AbortSignal;
}

/**
 * When no delivery is pending any more, gives the event its final status: `dead_lettered` if any
 * delivery is, `delivered` otherwise. Concurrent finishers may both do it; they agree.
 * @internal
 */
export async function settleEvent(
  eventId: string,
  deliveries: readonly DeliveryState[],
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
