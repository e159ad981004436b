import { EventEmitter } from "eventemitter3";
import type { Logger } from "../util/logger.ts";

/**
 * Every lifecycle event and its payload. Payloads carry ids, names, codes and counts, never a
 * webhook payload, so they are safe to log and to turn into metrics.
 * @see docs/concepts/lifecycle-events.md
 * @category Lifecycle
 */
export interface HookwiseEvents {
  /** A request reached a source (before verification). */
  received: { readonly source: string };
  /** The signature checked out and the event was read. */
  verified: { readonly source: string; readonly eventId: string; readonly type: string };
  /** The request was refused; `source` is undefined when no source matched. */
  rejected: { readonly source: string | undefined; readonly code: string; readonly status: number };
  /** The same event arrived again and was answered without processing. */
  duplicate: { readonly source: string; readonly eventId: string };
  /** The same idempotency key arrived with a different payload. */
  conflict: { readonly source: string; readonly eventId: string };
  /** The event was stored and enqueued (the 202 can be sent). */
  queued: { readonly source: string; readonly eventId: string; readonly type: string };
  /** The event was kept but not processed (unknown type, or every transformer filtered it out). */
  ignored: { readonly source: string; readonly eventId: string; readonly type: string };
  /** Transformers ran; `deliveries` were planned (fan-out). */
  transformed: { readonly eventId: string; readonly deliveries: number };
  /** An attempt at a delivery is starting. */
  "delivery.attempt": {
    readonly eventId: string;
    readonly deliveryId: string;
    readonly destination: string;
    readonly attempt: number;
  };
  /** A delivery succeeded. */
  "delivery.succeeded": {
    readonly eventId: string;
    readonly deliveryId: string;
    readonly destination: string;
    readonly attempt: number;
    readonly responseStatus?: number;
  };
  /** An attempt failed; `willRetry` tells whether another one is scheduled, and when. */
  "delivery.failed": {
    readonly eventId: string;
    readonly deliveryId: string;
    readonly destination: string;
    readonly attempt: number;
    readonly code: string;
    readonly responseStatus?: number;
    readonly willRetry: boolean;
    readonly nextAttemptInMs?: number;
  };
  /** A delivery ran out of attempts or failed for good; replay the event to try again. */
  "dead-lettered": {
    readonly eventId: string;
    readonly deliveryId: string;
    readonly destination: string;
    readonly attempts: number;
  };
  /** An event was replayed: `deliveries` deliveries were queued again (see `ReplayResult`). */
  replayed: { readonly eventId: string; readonly deliveries: number };
  /** The adapter's backend stopped answering: intake answers 503, workers wait. */
  "backend.unavailable": { readonly adapter: string; readonly error?: string };
  /** The adapter's backend answers again: intake and workers resume by themselves. */
  "backend.restored": { readonly adapter: string };
}

/** A lifecycle event name. @category Lifecycle */
export type HookwiseEventName = keyof HookwiseEvents;

/**
 * A listener. It may be async; a throw or a rejection is logged and never reaches the pipeline.
 * @category Lifecycle
 */
export type HookwiseListener<K extends HookwiseEventName> = (payload: HookwiseEvents[K]) => unknown;

/**
 * Typed lifecycle events, to plug in logs and metrics without touching the core. Listener errors
 * are isolated: they are logged (event name and error class only) and other listeners still run.
 * @example
 * lifecycle.on("dead-lettered", ({ eventId, destination }) => alert(`${eventId} → ${destination}`));
 * @category Lifecycle
 */
export interface Lifecycle {
  on<K extends HookwiseEventName>(event: K, listener: HookwiseListener<K>): Lifecycle;
  once<K extends HookwiseEventName>(event: K, listener: HookwiseListener<K>): Lifecycle;
  /** Remove `listener` (or every listener of `event` when omitted). */
  off<K extends HookwiseEventName>(event: K, listener?: HookwiseListener<K>): Lifecycle;
  /** Call every listener of `event`; never throws. */
  emit<K extends HookwiseEventName>(event: K, payload: HookwiseEvents[K]): void;
  /** Number of listeners of `event`. */
  listenerCount(event: HookwiseEventName): number;
}

type EmitterMap = { [K in HookwiseEventName]: [HookwiseEvents[K]] };
type AnyListener = (payload: unknown) => unknown;
type GuardedListener = (payload: unknown) => void;

/**
 * Creates the lifecycle hub shared by the ingestor and the worker.
 * @param logger - Where listener failures are reported.
 * @category Lifecycle
 */
export function createLifecycle(logger: Logger): Lifecycle {
  const emitter = new EventEmitter<EmitterMap>();
  // Each user listener maps to the guarded wrapper registered for it, per event, so `off` works.
  const wrappers = new Map<HookwiseEventName, Map<AnyListener, GuardedListener>>();

  const guard = (event: HookwiseEventName, listener: AnyListener): GuardedListener => {
    const byListener = wrappers.get(event) ?? new Map<AnyListener, GuardedListener>();
    wrappers.set(event, byListener);
    const wrapped = byListener.get(listener) ?? guarded(event, listener, logger);
    byListener.set(listener, wrapped);
    return wrapped;
  };

  const lifecycle: Lifecycle = {
    on(event, listener) {
      emitter.on(event, guard(event, listener as AnyListener));
      return lifecycle;
    },
    once(event, listener) {
      emitter.once(event, guard(event, listener as AnyListener));
      return lifecycle;
    },
    off(event, listener) {
      if (listener === undefined) {
        emitter.removeAllListeners(event);
        wrappers.delete(event);
        return lifecycle;
      }
      const wrapped = wrappers.get(event)?.get(listener as AnyListener);
      if (wrapped !== undefined) emitter.off(event, wrapped);
      wrappers.get(event)?.delete(listener as AnyListener);
      return lifecycle;
    },
    emit(event, payload) {
      (emitter.emit as (name: HookwiseEventName, value: unknown) => boolean)(event, payload);
    },
    listenerCount: (event) => emitter.listenerCount(event),
  };
  return lifecycle;
}

/** Calls `listener`, reporting a throw or a rejection instead of letting it escape. */
function guarded(event: HookwiseEventName, listener: AnyListener, logger: Logger): GuardedListener {
  const report = (error: unknown): void => {
    const kind = error instanceof Error ? error.name : typeof error;
    logger.error("Lifecycle listener failed", { event, error: kind });
  };
  return (payload) => {
    try {
      const result = listener(payload);
      if (isThenable(result)) result.then(undefined, report);
    } catch (error) {
      report(error);
    }
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}
