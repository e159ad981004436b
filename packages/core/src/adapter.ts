import type { EndpointStore } from "./endpoints/endpoint-store.ts";
import type { EventStore } from "./events/event-store.ts";
import type { IdempotencyStore } from "./idempotency/idempotency-store.ts";
import type { IntakeStore } from "./intake/intake-store.ts";
import type { Queue } from "./queue/queue.ts";

/** What an adapter can promise. */
export interface AdapterCapabilities {
  /** Survives a process restart. */
  readonly durable: boolean;
  /** Several processes may share it. */
  readonly sharedAcrossProcesses: boolean;
}

/** Whether an adapter's backend answers, as it reports changes to {@link Adapter.onHealthChange}. */
export interface BackendHealth {
  readonly available: boolean;
  /** The class of the error that made it unavailable (never its message). */
  readonly error?: string;
}

/**
 * Everything stateful hookwise needs, as one bundle: the atomic intake the ack path uses, idempotency
 * claims, event records and the work queue. `@hookwise/adapter-memory` implements it; a custom
 * adapter proves itself with `testAdapter` from `@hookwise/core/testing`.
 * @category Adapters
 */
export interface Adapter {
  /** Short name for logs, e.g. `memory`. */
  readonly name: string;
  readonly capabilities: AdapterCapabilities;
  /** Claim, store and queue as one operation: the only adapter call on the ack path. */
  readonly intake: IntakeStore;
  readonly idempotency: IdempotencyStore;
  readonly events: EventStore;
  readonly queue: Queue;
  /**
   * The registry of outbound endpoints and their health, for `@hookwise/outbound`. Optional: an
   * adapter without it serves inbound webhooks only.
   */
  readonly endpoints?: EndpointStore;
  /**
   * Tell `listener` each time the backend becomes unavailable or available again (once per change),
   * for adapters whose backend can go away (Redis, Postgres); the ingestor turns it into the
   * `backend.unavailable` and `backend.restored` lifecycle events. Returns the unsubscribe function.
   */
  onHealthChange?(listener: (health: BackendHealth) => void): () => void;
  /** Close the queue (waiting for running jobs) and release every resource. Idempotent. */
  close(): Promise<void>;
}
