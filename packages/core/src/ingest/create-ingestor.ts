import type { Adapter } from "../adapter.ts";
import type { Destination } from "../dispatch/destination.ts";
import type { RetryPolicy } from "../dispatch/retry-policy.ts";
import { ClosedError, ConfigurationError } from "../errors.ts";
import type { EventPage, ListEventsOptions } from "../events/event-store.ts";
import type { EventRecord } from "../events/event-record.ts";
import {
  createLifecycle,
  type HookwiseEventName,
  type HookwiseListener,
} from "../lifecycle/hookwise-events.ts";
import type { Source } from "../sources/source.ts";
import { createSourceRegistry } from "../sources/source-registry.ts";
import type { Transformer } from "../transform/transformer.ts";
import {
  createTransformerRegistry,
  type UnknownEventTypePolicy,
} from "../transform/transformer-registry.ts";
import { systemClock, type Clock } from "../util/clock.ts";
import { consoleLogger, type Logger } from "../util/logger.ts";
import { createWorker, type ReplayResult } from "../worker/create-worker.ts";
import { errorResponse } from "./http-result.ts";
import type { IncomingWebhook, WebhookResponse } from "./incoming-webhook.ts";
import { ingestRequest, rejectRequest, type IngestContext } from "./ingest-request.ts";
import { requestToIncoming, toWebResponse } from "./fetch-handler.ts";
import { DEFAULT_MAX_BODY_BYTES } from "./limits.ts";
import { DEFAULT_DRAIN_TIMEOUT_MS, drainQueue } from "./drain-queue.ts";

/** How long an accepted event's key is remembered: 3 days, the longest common provider retry window (Stripe). */
export const DEFAULT_IDEMPOTENCY_TTL_MS = 259_200_000;
/** How long a claim may stay in flight before another request may take it over (the first one died). */
export const DEFAULT_CLAIM_STALE_AFTER_MS = 30_000;
/** How many jobs the worker runs at once. */
export const DEFAULT_CONCURRENCY = 10;

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
   * What to do with an event type no transformer handles: `store` it with status `ignored`
   * (answer 200), `ignore` it without storing (200), or `reject` it (422).
   * @default "store"
   */
  readonly unknownEventTypes?: UnknownEventTypePolicy;
  /** Retry policy for every destination (a destination's own `retry` overrides it). @default DEFAULT_RETRY_POLICY */
  readonly retry?: Partial<RetryPolicy>;
  /** Jobs the worker runs at once. @default 10 */
  readonly concurrency?: number;
  /** Body limit in bytes (413 above it); a source may set its own. @default 1 MiB */
  readonly maxBodyBytes?: number;
  /** How long an accepted key answers `duplicate`, in ms. @default 3 days */
  readonly idempotencyTtlMs?: number;
  /** After this many ms an unsettled claim may be taken over. @default 30 000 */
  readonly claimStaleAfterMs?: number;
  /**
   * On `close()`, how long to keep processing events already accepted (jobs ready or running) before
   * closing the queue anyway, in ms. Delayed retries are not waited for.
   * @default 30 000
   */
  readonly drainTimeoutMs?: number;
  /** Time source. @default systemClock */
  readonly clock?: Clock;
  /** Randomness for backoff jitter, in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Where hookwise logs. Never receives secrets, signatures or payloads. @default consoleLogger */
  readonly logger?: Logger;
}

/**
 * Receives webhooks (`handle`, `fetch`) and, once started, processes them in the background.
 * @category Ingest
 */
export interface Ingestor {
  /** Ingest one request: verify, validate, deduplicate, store, enqueue, then answer. Never throws. */
  handle(incoming: IncomingWebhook): Promise<WebhookResponse>;
  /** The web-standard entry: `Request` in, `Response` out (Hono, Bun, Deno, Workers, Next). */
  fetch(request: Request, options?: { readonly source?: string }): Promise<Response>;
  /** The answer for an error raised before `handle` (e.g. glue finding the body already parsed). */
  respondWithError(error: unknown, source?: string): WebhookResponse;
  /** Start the worker: transform and deliver queued events. */
  start(): void;
  /**
   * Stop accepting (new requests answer 503), finish requests in flight, keep the worker running until
   * every accepted event ready to run has been handled (up to `drainTimeoutMs`), then close the worker
   * and the adapter. Idempotent.
   */
  close(): Promise<void>;
  /** An event with its status, deliveries and attempts; `undefined` if unknown. */
  getEvent(id: string): Promise<EventRecord | undefined>;
  /** Page through events, optionally by status (e.g. `dead_lettered`). */
  listEvents(options: ListEventsOptions): Promise<EventPage>;
  /** Deliver a dead-lettered event again. */
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
 *   destinations: [createHttpDestination({ name: "hail", url: process.env.HAIL_API_URL })],
 * });
 * ingestor.start();
 * @category Ingest
 */
export function createIngestor(options: IngestorOptions): Ingestor {
  const logger = options.logger ?? consoleLogger;
  const clock = options.clock ?? systemClock;
  const lifecycle = createLifecycle(logger);
  const transformers = createTransformerRegistry(options.transformers ?? [], {
    unknownEventTypes: options.unknownEventTypes ?? "store",
  });
  const context: IngestContext = {
    adapter: requireAdapter(options.adapter),
    sources: createSourceRegistry(options.sources),
    transformers,
    lifecycle,
    logger,
    clock,
    maxBodyBytes: positive(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, "maxBodyBytes"),
    idempotencyTtlMs: positive(
      options.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS,
      "idempotencyTtlMs",
    ),
    claimStaleAfterMs: positive(
      options.claimStaleAfterMs ?? DEFAULT_CLAIM_STALE_AFTER_MS,
      "claimStaleAfterMs",
    ),
  };
  const worker = createWorker({
    adapter: context.adapter,
    sources: options.sources,
    transformers,
    destinations: options.destinations ?? [],
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    concurrency: positive(options.concurrency ?? DEFAULT_CONCURRENCY, "concurrency"),
    clock,
    random: options.random ?? Math.random,
    logger,
    lifecycle,
  });

  const inFlight = new Set<Promise<WebhookResponse>>();
  let closing: Promise<void> | undefined;
  let started = false;
  const drainTimeoutMs = positive(
    options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS,
    "drainTimeoutMs",
  );

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
        if (started && !(await drainQueue(context.adapter.queue, drainTimeoutMs))) {
          logger.warn("Closing before every accepted event was handled", { drainTimeoutMs });
        }
        await worker.close();
        await context.adapter.close();
      })();
      return closing;
    },
    getEvent: (id) => context.adapter.events.get(id),
    listEvents: (listOptions) => context.adapter.events.list(listOptions),
    replay: (id) => worker.replay(id),
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
    adapter?.idempotency === undefined ||
    adapter.events === undefined ||
    adapter.queue === undefined
  ) {
    throw new ConfigurationError(
      "`adapter` is required: pass `createMemoryAdapter()` from @hookwise/adapter-memory.",
    );
  }
  return adapter;
}

function positive(value: number, name: string): number {
  if (!(value > 0)) throw new ConfigurationError(`\`${name}\` must be a positive number.`);
  return value;
}
