import type { Adapter } from "./adapter.ts";
import type { Destination } from "./dispatch/destination.ts";
import type { RetryPolicy } from "./dispatch/retry-policy.ts";
import { ClosedError, ConfigurationError } from "./errors.ts";
import type { EventPage, ListEventsOptions } from "./events/event-store.ts";
import type { EventRecord } from "./events/event-record.ts";
import {
  createLifecycle,
  type HookwiseEventName,
  type HookwiseListener,
} from "./lifecycle/hookwise-events.ts";
import type { Source } from "./sources/source.ts";
import { createSourceRegistry } from "./sources/source-registry.ts";
import type { Transformer } from "./transform/transformer.ts";
import { handlerParts, type EventHandler } from "./transform/on.ts";
import {
  createTransformerRegistry,
  type UnknownEventTypePolicy,
} from "./transform/transformer-registry.ts";
import { systemClock, type Clock } from "./util/clock.ts";
import { consoleLogger, type Logger } from "./util/logger.ts";
import { createPayloadHandoff } from "./validate/payload-handoff.ts";
import {
  buildWorker,
  DEFAULT_DRAIN_TIMEOUT_MS,
  DEFAULT_WORKER_CONCURRENCY,
  type ReplayResult,
} from "./worker/create-worker.ts";
import { replayEvent } from "./worker/replay-event.ts";
import { errorResponse } from "./ingest/http-result.ts";
import type { IncomingWebhook, WebhookResponse } from "./ingest/incoming-webhook.ts";
import { ingestRequest, rejectRequest, type IngestContext } from "./ingest/ingest-request.ts";
import { requestToIncoming, toWebResponse } from "./ingest/fetch-handler.ts";
import { DEFAULT_MAX_BODY_BYTES } from "./ingest/limits.ts";
import { resolvePayloadLimits } from "./ingest/payload-limits.ts";
import { DEFAULT_BODY_TIMEOUT_MS } from "./ingest/read-body.ts";
import type { ConflictPolicy } from "./ingest/accept-event.ts";
import { eventIdFor } from "./util/ids.ts";

/** How long an accepted event's key is remembered: 3 days, the longest common provider retry window (Stripe). */
export const DEFAULT_IDEMPOTENCY_TTL_MS = 259_200_000;
/** How long a claim may stay in flight before another request may take it over (the first one died). */
export const DEFAULT_CLAIM_STALE_AFTER_MS = 30_000;

/** Options of {@link createIngestor}. */
export interface IngestorOptions {
  /** Where claims, events and jobs live: `createMemoryAdapter()` or `createRedisAdapter(...)`. The ingestor closes it on `close()`. */
  readonly adapter: Adapter;
  /** Where webhooks come from. At least one. */
  readonly sources: readonly Source[];
  /** Transformers keyed by (source, event type); their `to` names destinations. @default [] */
  readonly transformers?: readonly Transformer[];
  /** Where transformed events go. @default [] */
  readonly destinations?: readonly Destination[];
  /**
   * Your code for an event: `on(source, "order.completed", handler)`, one delivery per handler
   * (retried, dead-lettered and replayed on its own). Transformers and destinations stay for
   * fan-out to other systems. @default []
   */
  readonly handlers?: readonly EventHandler[];
  /**
   * What to do with an event type no transformer handles: `store` it with status `ignored`
   * (answer 200), `ignore` it without storing (200), or `reject` it (422).
   * @default "store"
   */
  readonly unknownEventTypes?: UnknownEventTypePolicy;
  /**
   * What a reused idempotency key with other bytes gets: `reject` answers 409; `record` stores the
   * conflicting payload (as a `conflict` record, never processed) and answers 200 `conflict`, through
   * the source's `acknowledge` when it has one.
   * @default "reject"
   */
  readonly conflicts?: ConflictPolicy;
  /**
   * Tell the sender why its signature failed (`error.diagnosis` in the 401 answer: "the secret has a
   * trailing newline", "the body was re-serialised"). For development only: by default the
   * diagnosis goes to the logs (a warning) and to the thrown error, never to an unauthenticated
   * sender, who would learn about our configuration. @default false
   */
  readonly exposeSignatureDiagnosis?: boolean;
  /** Retry policy for every destination (a destination's own `retry` overrides it). @default DEFAULT_RETRY_POLICY */
  readonly retry?: Partial<RetryPolicy>;
  /** Jobs the worker runs at once. @default 10 ({@link DEFAULT_WORKER_CONCURRENCY}) */
  readonly concurrency?: number;
  /** Body limit in bytes (413 above it); a source may set its own. @default 1 MiB */
  readonly maxBodyBytes?: number;
  /**
   * How long the whole body may take to arrive, in ms: a slower sender gets 408 with
   * `Connection: close`. A source may set its own. A positive number or `Infinity`.
   * @default 10 000 ({@link DEFAULT_BODY_TIMEOUT_MS})
   */
  readonly bodyTimeoutMs?: number;
  /**
   * Most nesting levels of objects and arrays in a parsed payload (413 `PAYLOAD_TOO_DEEP`); a
   * source may set its own. A positive integer or `Infinity`.
   * @default 64 ({@link DEFAULT_MAX_PAYLOAD_DEPTH})
   */
  readonly maxPayloadDepth?: number;
  /**
   * Most object keys plus array items in a parsed payload, all levels together (413
   * `PAYLOAD_TOO_COMPLEX`); a source may set its own. A positive integer or `Infinity`.
   * @default 10 000 ({@link DEFAULT_MAX_PAYLOAD_ITEMS})
   */
  readonly maxPayloadItems?: number;
  /**
   * Longest string, value or key, in a parsed payload, in characters (413 `PAYLOAD_TOO_COMPLEX`);
   * a source may set its own. A positive integer or `Infinity`.
   * @default 100 000 ({@link DEFAULT_MAX_PAYLOAD_STRING_LENGTH})
   */
  readonly maxPayloadStringLength?: number;
  /** How long an accepted key answers `duplicate`, in ms. @default 3 days */
  readonly idempotencyTtlMs?: number;
  /** After this many ms an unsettled claim may be taken over. @default 30 000 */
  readonly claimStaleAfterMs?: number;
  /**
   * On `close()`, how long this process's worker may finish its running jobs (and, on an adapter
   * that is not durable, the jobs already ready) before their attempts are aborted, in ms. Delayed
   * retries are not waited for.
   * @default 30 000
   */
  readonly drainTimeoutMs?: number;
  /**
   * How often a worker on a durable adapter queues again events stored without a job, in ms.
   * @default 60 000
   */
  readonly sweepIntervalMs?: number;
  /** Time source. @default systemClock */
  readonly clock?: Clock;
  /** Randomness for backoff jitter, in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Where hookwise logs. Never receives secrets, signatures or payloads. @default consoleLogger */
  readonly logger?: Logger;
}

/**
 * Receives webhooks (`handle`, `fetch`) and, once started, processes them in the background. The
 * composition root of a hookwise process: ingest and the worker are siblings over the adapter. A
 * process that never calls `start()` is ingest-only; one that calls `start()` and mounts no route is
 * worker-only; most small services do both.
 * @category Ingest
 */
export interface Ingestor {
  /** Ingest one request: verify, validate, deduplicate, store, enqueue, then answer. Never throws. */
  handle(incoming: IncomingWebhook): Promise<WebhookResponse>;
  /** The web-standard entry: `Request` in, `Response` out (Hono, Bun, Deno, Workers, Next). */
  fetch(request: Request, options?: { readonly source?: string }): Promise<Response>;
  /** The answer for an error raised before `handle` (e.g. glue finding the body already parsed). */
  respondWithError(error: unknown, source?: string): WebhookResponse;
  /** Start this process's worker: transform and deliver queued events. */
  start(): void;
  /**
   * Stop accepting (new requests answer 503), finish requests in flight, close this process's worker
   * (it finishes its running jobs, and on an adapter that is not durable the ready ones, up to
   * `drainTimeoutMs`), then close the adapter. Other processes sharing the adapter are unaffected.
   * Idempotent.
   */
  close(): Promise<void>;
  /** An event with its status, deliveries and attempts, by hookwise id; `undefined` if unknown. */
  getEvent(id: string): Promise<EventRecord | undefined>;
  /**
   * An event by its source and the provider's id (the idempotency key the source read, e.g. Stripe's
   * `evt_…`); `undefined` if unknown. Works on every adapter: hookwise ids derive from these two.
   */
  findEvent(key: {
    readonly source: string;
    readonly key: string;
  }): Promise<EventRecord | undefined>;
  /** Page through events, optionally by status (e.g. `dead_lettered`). */
  listEvents(options: ListEventsOptions): Promise<EventPage>;
  /**
   * Deliver a dead-lettered event again: its dead-lettered deliveries (each a new round of
   * attempts), or the whole event when it failed in a transformer. Succeeded deliveries are not
   * repeated.
   * @throws EventNotFoundError (code `EVENT_NOT_FOUND`, status 404) when no event has that id:
   * answer it with `errorResponse(error)`, which gives the 404.
   */
  replay(id: string): Promise<ReplayResult>;
  /**
   * Subscribe to a lifecycle event (see {@link HookwiseEvents}). A listener that throws or rejects is
   * logged and never breaks the pipeline or other listeners.
   */
  on<K extends HookwiseEventName>(event: K, listener: HookwiseListener<K>): Ingestor;
  /** Subscribe to the next occurrence only. */
  once<K extends HookwiseEventName>(event: K, listener: HookwiseListener<K>): Ingestor;
  /** Unsubscribe `listener`, or every listener of `event` when omitted. */
  off<K extends HookwiseEventName>(event: K, listener?: HookwiseListener<K>): Ingestor;
}

/**
 * Creates an ingestor.
 * @example
 * const ingestor = createIngestor({
 *   adapter: createMemoryAdapter(),
 *   sources: [newstoreSource],
 *   transformers: [orderToHail],
 *   destinations: [createHttpDestination({ name: "hail", url: "https://hail.example/api/orders" })],
 * });
 * ingestor.start();
 * @category Ingest
 */
export function createIngestor(options: IngestorOptions): Ingestor {
  const logger = options.logger ?? consoleLogger;
  const clock = options.clock ?? systemClock;
  const lifecycle = createLifecycle(logger);
  const handlers = handlerParts(options.handlers ?? []);
  const transformers = createTransformerRegistry(
    [...(options.transformers ?? []), ...handlers.transformers],
    {
      unknownEventTypes: options.unknownEventTypes ?? "store",
    },
  );
  const adapter = requireAdapter(options.adapter);
  const handoff = createPayloadHandoff();
  let started = false;
  let warnedNoWorker = false;
  // An event queued where only this process could ever consume it, and it never started its worker.
  const warnNoWorker = (): void => {
    if (warnedNoWorker || adapter.capabilities.sharedAcrossProcesses) return;
    warnedNoWorker = true;
    logger.warn(
      "Events are accepted but will never run: this ingestor's worker was not started and the " +
        `${adapter.name} adapter's queue is not shared with other processes. Call \`ingestor.start()\`.`,
      { adapter: adapter.name },
    );
  };
  const context: IngestContext = {
    adapter,
    sources: createSourceRegistry(options.sources),
    transformers,
    lifecycle,
    logger,
    clock,
    maxBodyBytes: positive(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, "maxBodyBytes"),
    bodyTimeoutMs: positive(options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS, "bodyTimeoutMs"),
    payloadLimits: sourceLimitsChecked(options.sources, resolvePayloadLimits(options)),
    idempotencyTtlMs: positive(
      options.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS,
      "idempotencyTtlMs",
    ),
    claimStaleAfterMs: positive(
      options.claimStaleAfterMs ?? DEFAULT_CLAIM_STALE_AFTER_MS,
      "claimStaleAfterMs",
    ),
    conflicts: conflictPolicy(options.conflicts),
    exposeSignatureDiagnosis: options.exposeSignatureDiagnosis === true,
    // Only a process whose worker runs hands payloads over; an ingest-only one keeps none.
    handoff: {
      give(eventId, payload) {
        if (started) handoff.give(eventId, payload);
        else warnNoWorker();
      },
      take: (eventId) => handoff.take(eventId),
    },
  };
  const worker = buildWorker(
    {
      adapter,
      sources: options.sources,
      transformers,
      destinations: [...(options.destinations ?? []), ...handlers.destinations],
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      concurrency: positive(options.concurrency ?? DEFAULT_WORKER_CONCURRENCY, "concurrency"),
      drainTimeoutMs: positive(
        options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS,
        "drainTimeoutMs",
      ),
      ...(options.sweepIntervalMs === undefined
        ? {}
        : { sweepIntervalMs: options.sweepIntervalMs }),
      clock,
      random: options.random ?? Math.random,
      logger,
      lifecycle,
    },
    handoff,
  );

  const unsubscribeHealth = adapter.onHealthChange?.((health) => {
    if (health.available) lifecycle.emit("backend.restored", { adapter: adapter.name });
    else
      lifecycle.emit("backend.unavailable", {
        adapter: adapter.name,
        ...(health.error === undefined ? {} : { error: health.error }),
      });
  });
  const inFlight = new Set<Promise<WebhookResponse>>();
  let closing: Promise<void> | undefined;

  const handle = (incoming: IncomingWebhook): Promise<WebhookResponse> => {
    if (closing !== undefined)
      return Promise.resolve(errorResponse(new ClosedError("This ingestor")));
    const pending = ingestRequest(incoming, context);
    inFlight.add(pending);
    void pending.finally(() => inFlight.delete(pending));
    return pending;
  };

  const ingestor: Ingestor = {
    handle,
    fetch: async (request, fetchOptions) =>
      toWebResponse(await handle(requestToIncoming(request, fetchOptions?.source))),
    respondWithError: (error, source) => rejectRequest(error, source, context),
    start() {
      worker.start();
      started = true;
    },
    close() {
      closing ??= (async () => {
        await Promise.allSettled([...inFlight]);
        await worker.close();
        unsubscribeHealth?.();
        await adapter.close();
      })();
      return closing;
    },
    getEvent: (id) => adapter.events.get(id),
    findEvent: async ({ source, key }) => adapter.events.get(await eventIdFor(source, key)),
    listEvents: (listOptions) => adapter.events.list(listOptions),
    replay: (id) => replayEvent(id, { adapter, clock, lifecycle }),
    on(event, listener) {
      lifecycle.on(event, listener);
      return ingestor;
    },
    once(event, listener) {
      lifecycle.once(event, listener);
      return ingestor;
    },
    off(event, listener) {
      lifecycle.off(event, listener);
      return ingestor;
    },
  };
  return ingestor;
}

function requireAdapter(adapter: Adapter | undefined): Adapter {
  if (
    adapter?.intake === undefined ||
    adapter.events === undefined ||
    adapter.queue === undefined
  ) {
    throw new ConfigurationError(
      "`adapter` is required: pass `createMemoryAdapter()` from @hookwise/adapter-memory.",
    );
  }
  return adapter;
}

function conflictPolicy(policy: ConflictPolicy | undefined): ConflictPolicy {
  if (policy === undefined || policy === "reject" || policy === "record") return policy ?? "reject";
  throw new ConfigurationError('`conflicts` must be "reject" or "record".');
}

function positive(value: number, name: string): number {
  if (!(value > 0)) throw new ConfigurationError(`\`${name}\` must be a positive number.`);
  return value;
}

/** The ingestor's payload limits, once every source's own limits are checked too (eagerly, at setup). */
function sourceLimitsChecked(
  sources: readonly Source[] | undefined,
  limits: ReturnType<typeof resolvePayloadLimits>,
): ReturnType<typeof resolvePayloadLimits> {
  for (const source of sources ?? []) {
    resolvePayloadLimits(source, limits);
    if (source.bodyTimeoutMs !== undefined) positive(source.bodyTimeoutMs, "bodyTimeoutMs");
  }
  return limits;
}
