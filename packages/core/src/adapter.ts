import type { EventStore } from "./events/event-store.ts";
import type { IdempotencyStore } from "./idempotency/idempotency-store.ts";
import type { Queue } from "./queue/queue.ts";

/** What an adapter can promise; core warns when a non-shared adapter runs in production. */
export interface AdapterCapabilities {
  /** Survives a process restart. */
  readonly durable: boolean;
  /** Several processes may share it. */
  readonly sharedAcrossProcesses: boolean;
}

/**
 * Everything stateful hookwise needs, as one bundle: idempotency claims, event records and the work
 * queue. `@hookwise/adapter-memory` and `@hookwise/adapter-redis` implement it; a custom adapter
 * proves itself with `testAdapter` from `@hookwise/core/testing`.
 * @category Adapters
 */
export interface Adapter {
  /** Short name for logs, e.g. `memory`. */
  readonly name: string;
  readonly capabilities: AdapterCapabilities;
  readonly idempotency: IdempotencyStore;
  readonly events: EventStore;
  readonly queue: Queue;
  /** Close the queue (draining running jobs) and release every resource. Idempotent. */
  close(): Promise<void>;
}
