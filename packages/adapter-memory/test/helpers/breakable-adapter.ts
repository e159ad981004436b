import { BackendUnavailableError, type Adapter } from "@hookwise/core";

/** A switch that makes every store and queue call of {@link breakable} adapters reject. */
export interface BackendSwitch {
  broken: boolean;
}

/**
 * Wraps an adapter so that, while `backend.broken`, every call rejects with
 * `BackendUnavailableError` before reaching the adapter: what a client does when Redis is down.
 */
export function breakable(adapter: Adapter, backend: BackendSwitch): Adapter {
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      backend.broken ? Promise.reject(new BackendUnavailableError()) : fn(...args);
  const { intake, idempotency, events, queue } = adapter;
  return {
    name: adapter.name,
    capabilities: adapter.capabilities,
    intake: { accept: guard(intake.accept) },
    idempotency: { claim: guard(idempotency.claim), settle: guard(idempotency.settle) },
    events: {
      insert: guard(events.insert),
      get: guard(events.get),
      getForProcessing: guard(events.getForProcessing),
      getDelivery: guard(events.getDelivery),
      delete: guard(events.delete),
      list: guard(events.list),
      listSummaries: guard(events.listSummaries),
      setStatus: guard(events.setStatus),
      addDeliveries: guard(events.addDeliveries),
      recordAttempt: guard(events.recordAttempt),
      resetDeliveries: guard(events.resetDeliveries),
    },
    queue: {
      enqueue: guard(queue.enqueue),
      counts: guard(queue.counts),
      consume: (handler, options) => queue.consume(handler, options),
      close: () => queue.close(),
    },
    close: () => adapter.close(),
  };
}
