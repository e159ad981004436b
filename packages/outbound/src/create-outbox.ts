import { setMaxListeners } from "node:events";
import {
  ClosedError,
  ConfigurationError,
  consoleLogger,
  systemClock,
  type Adapter,
  type AttemptRecord,
  type Clock,
  type Consumer,
  type EndpointRetry,
  type JobContext,
  type JobOutcome,
  type Logger,
  type QueueJob,
  type TimerHandle,
} from "@hookwise/core";
import { createAddressPolicy } from "./address-policy.ts";
import { resolveCircuitBreaker, type CircuitBreakerOptions } from "./circuit-breaker.ts";
import { deliverMessage } from "./deliver-message.ts";
import { createEndpointRegistry, type EndpointRegistry } from "./endpoint-registry.ts";
import type { FailingEndpoint } from "./endpoint-view.ts";
import { fanoutMessage } from "./fanout-message.ts";
import type { MessageView } from "./message-view.ts";
import {
  createOperations,
  type DeadLetter,
  type DeadLetterFilter,
  type OutboundReplayResult,
} from "./operations.ts";
import { messageIdFor } from "./ids.ts";
import { fanoutJob, OutboundJobKind, type FanoutJob, type SendJob } from "./outbound-jobs.ts";
import type { OutboxContext } from "./outbox-context.ts";
import {
  createOutboxEmitter,
  guardedListener,
  type OutboxEventName,
  type OutboxEvents,
} from "./outbox-events.ts";
import { createRateLimiter } from "./rate-limiter.ts";
import { checkRetry, STANDARD_WEBHOOKS_RETRY } from "./retry-schedule.ts";
import { sendMessage, type SendMessage, type SendResult } from "./send-message.ts";
import { createMessageSigner } from "./sign-message.ts";
import type { Transport } from "./transport.ts";
import { createUndiciTransport } from "./undici-transport.ts";

/** Default {@link OutboxOptions.timeoutMs}. @category Delivery */
export const DEFAULT_OUTBOUND_TIMEOUT_MS = 15_000;
/** Default {@link OutboxOptions.concurrency}. @category Delivery */
export const DEFAULT_OUTBOUND_CONCURRENCY = 50;
/** Default {@link OutboxOptions.secretOverlapMs}: a day. @category Endpoints */
export const DEFAULT_SECRET_OVERLAP_MS: number = 24 * 60 * 60 * 1000;
/** Default {@link OutboxOptions.idempotencyTtlMs}: a day. @category Messages */
export const DEFAULT_SEND_IDEMPOTENCY_TTL_MS: number = 24 * 60 * 60 * 1000;
/** Default {@link OutboxOptions.maxPayloadBytes}: 256 KiB. @category Messages */
export const DEFAULT_MAX_OUTBOUND_PAYLOAD_BYTES: number = 256 * 1024;
/** Default {@link OutboxOptions.sweepIntervalMs}: a minute. @category Delivery */
export const DEFAULT_OUTBOUND_SWEEP_INTERVAL_MS = 60_000;
/** Default {@link OutboxOptions.drainTimeoutMs}. @category Delivery */
export const DEFAULT_OUTBOUND_DRAIN_TIMEOUT_MS = 30_000;

/**
 * Options of {@link createOutbox}.
 * @category Delivery
 */
export interface OutboxOptions {
  /**
   * Where endpoints, messages and delivery jobs live: an adapter with an endpoint store
   * (`createMemoryAdapter()`, `createRedisAdapter({ prefix: "outbox" })`). Give the outbox an adapter
   * of its own, not the one an ingestor's worker consumes: each consumes its queue's every job.
   */
  readonly adapter: Adapter;
  /**
   * Let endpoints use loopback and private addresses (`http://localhost:4000/hooks`). For
   * development only; link-local and cloud metadata addresses stay refused whatever this says.
   * @default false
   */
  readonly allowPrivateNetworks?: boolean;
  /** How failed deliveries are retried, unless an endpoint sets its own. @default STANDARD_WEBHOOKS_RETRY */
  readonly retry?: EndpointRetry;
  /** Time one attempt may take (connect, send, answer), in ms. @default 15_000 */
  readonly timeoutMs?: number;
  /** Attempts in flight at once in this process. @default 50 */
  readonly concurrency?: number;
  /** Pause deliveries to an endpoint after repeated failures; `false` turns it off. @default {} */
  readonly circuitBreaker?: CircuitBreakerOptions | false;
  /** How long the previous secret keeps signing after a rotation, in ms. @default a day */
  readonly secretOverlapMs?: number;
  /** How long an idempotency key of `send` answers `duplicate`, in ms. @default a day */
  readonly idempotencyTtlMs?: number;
  /** Largest payload, as JSON bytes. @default 256 KiB */
  readonly maxPayloadBytes?: number;
  /**
   * How to send. @default createUndiciTransport({ addressPolicy }), keep-alive pools per origin, with
   * every resolved address checked against the address policy.
   */
  readonly transport?: Transport;
  /** On durable adapters, how often messages whose jobs were lost are queued again, in ms. @default 60_000 */
  readonly sweepIntervalMs?: number;
  /** How long `close()` waits for running attempts (and, on memory, ready jobs), in ms. @default 30_000 */
  readonly drainTimeoutMs?: number;
  /** @default consoleLogger */
  readonly logger?: Logger;
  /** @default systemClock */
  readonly clock?: Clock;
  /** Jitter source, like `Math.random`. @default Math.random */
  readonly random?: () => number;
}

/**
 * Sends webhooks to your clients' endpoints, as hosted webhook services do: per-tenant endpoints with
 * type filters, Standard Webhooks signatures (two secrets during a rotation), retries on a schedule,
 * `Retry-After`, 410 disabling, a circuit breaker per endpoint, SSRF protection, dead letters, replay.
 * @category Delivery
 */
export interface Outbox {
  /** Store a message and queue one delivery per subscribed endpoint; resolves once it is stored. */
  send(message: SendMessage): Promise<SendResult>;
  /** Register and manage endpoints. */
  readonly endpoints: EndpointRegistry;
  /** A message with its deliveries and attempts, or `undefined`. */
  getMessage(id: string): Promise<MessageView | undefined>;
  /** The message a tenant sent under an idempotency key, or `undefined`. */
  findMessage(tenant: string, idempotencyKey: string): Promise<MessageView | undefined>;
  /** Every attempt of a message (of one endpoint when given). @throws MessageNotFoundError */
  listAttempts(messageId: string, endpointId?: string): Promise<readonly AttemptRecord[]>;
  /** Dead-lettered deliveries, newest messages last. */
  listDeadLetters(filter?: DeadLetterFilter): Promise<readonly DeadLetter[]>;
  /** Endpoints that failed lately or were disabled by a 410, with their circuit. */
  listFailingEndpoints(tenant?: string): Promise<readonly FailingEndpoint[]>;
  /** Send a message's dead-lettered deliveries again (of one endpoint when given). @throws MessageNotFoundError */
  replay(messageId: string, endpointId?: string): Promise<OutboundReplayResult>;
  /** Replay every dead letter of an endpoint (since a time); resolves how many deliveries. */
  replayDeadLetters(filter: DeadLetterFilter & { readonly endpointId: string }): Promise<number>;
  /**
   * Listen to a lifecycle event; returns the unsubscribe function. A listener that throws or
   * rejects is logged, and changes nothing for the delivery that emitted.
   */
  on<K extends OutboxEventName>(
    name: K,
    listener: (payload: OutboxEvents[K]) => unknown,
  ): () => void;
  /** Start delivering in this process. Calling it again does nothing. */
  start(): void;
  /** Stop delivering (waiting for running attempts) and close the transport; not the adapter. Idempotent. */
  close(): Promise<void>;
}

/**
 * Creates an outbox on an adapter. Call `start()` in the processes that deliver; any process may
 * `send`.
 * @example
 * const outbox = createOutbox({ adapter: createMemoryAdapter() });
 * outbox.start();
 * const { endpoint, secret } = await outbox.endpoints.create({
 *   tenant: "client_42",
 *   url: "https://client.example/webhooks",
 * });
 * await outbox.send({ tenant: "client_42", type: "invoice.paid", payload: { id: "inv_1" } });
 * @throws ConfigurationError when an option is invalid or the adapter has no endpoint store.
 * @category Delivery
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const { adapter } = options;
  if (adapter.endpoints === undefined)
    throw new ConfigurationError(
      `The ${adapter.name} adapter has no endpoint store; @hookwise/outbound needs one (memory and Redis have it).`,
    );
  const allowPrivateNetworks = options.allowPrivateNetworks === true;
  const addressPolicy = createAddressPolicy({ allowPrivateNetworks });
  const retry = options.retry ?? STANDARD_WEBHOOKS_RETRY;
  checkRetry(retry, "retry");
  const abort = new AbortController();
  // Every attempt in flight listens to it (and stops listening when done): 50 is not a leak.
  setMaxListeners(0, abort.signal);
  const context: OutboxContext = {
    adapter,
    endpoints: adapter.endpoints,
    transport: options.transport ?? createUndiciTransport({ addressPolicy }),
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
    logger: options.logger ?? consoleLogger,
    emitter: createOutboxEmitter(),
    retry,
    timeoutMs: timerMs(options.timeoutMs ?? DEFAULT_OUTBOUND_TIMEOUT_MS, "timeoutMs", 1),
    circuitBreaker: resolveCircuitBreaker(options.circuitBreaker),
    rateLimiter: createRateLimiter(),
    signer: createMessageSigner(),
    signal: abort.signal,
    allowPrivateNetworks,
    secretOverlapMs: atLeastZero(
      options.secretOverlapMs ?? DEFAULT_SECRET_OVERLAP_MS,
      "secretOverlapMs",
    ),
  };
  const limits = {
    maxPayloadBytes: positive(
      options.maxPayloadBytes ?? DEFAULT_MAX_OUTBOUND_PAYLOAD_BYTES,
      "maxPayloadBytes",
    ),
    idempotencyTtlMs: positive(
      options.idempotencyTtlMs ?? DEFAULT_SEND_IDEMPOTENCY_TTL_MS,
      "idempotencyTtlMs",
    ),
  };
  const concurrency = options.concurrency ?? DEFAULT_OUTBOUND_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new ConfigurationError("`concurrency` must be an integer of at least 1.");
  const sweepIntervalMs = timerMs(
    options.sweepIntervalMs ?? DEFAULT_OUTBOUND_SWEEP_INTERVAL_MS,
    "sweepIntervalMs",
    0,
  );
  const drainTimeoutMs = timerMs(
    options.drainTimeoutMs ?? DEFAULT_OUTBOUND_DRAIN_TIMEOUT_MS,
    "drainTimeoutMs",
    0,
  );
  const operations = createOperations(context);
  const endpoints = createEndpointRegistry(context, addressPolicy);

  let consumer: Consumer | undefined;
  let sweepTimer: TimerHandle | undefined;
  let closing: Promise<void> | undefined;
  let warnedForeign = false;

  async function handle(job: QueueJob, jobContext: JobContext): Promise<JobOutcome> {
    if (job.kind === OutboundJobKind.send)
      return deliverMessage(job as SendJob, context, jobContext.stalls);
    if (job.kind === OutboundJobKind.fanout) return fanoutMessage(job as FanoutJob, context);
    if (!warnedForeign) {
      warnedForeign = true;
      context.logger.error(
        "The outbox received a job it does not run: give the outbox an adapter of its own (another Redis prefix), not the ingestor's.",
        { kind: job.kind },
      );
    }
    return { type: "retry", delayMs: 60_000 };
  }

  /** Messages still `queued` a sweep interval after their last change get their fan-out again. */
  async function sweep(): Promise<void> {
    const before = context.clock.now() - sweepIntervalMs;
    let cursor: string | undefined;
    do {
      // Summaries: a backlog of large bodies must not be read every sweep.
      const page = await adapter.events.listSummaries({
        status: "queued",
        limit: 200,
        ...(cursor !== undefined && { cursor }),
      });
      for (const record of page.records)
        if (record.updatedAt <= before) await adapter.queue.enqueue(fanoutJob(record.id));
      cursor = page.nextCursor;
    } while (cursor !== undefined && consumer !== undefined);
  }
  function scheduleSweep(): void {
    if (!adapter.capabilities.durable || sweepIntervalMs === 0 || closing !== undefined) return;
    sweepTimer = context.clock.setTimeout(() => {
      sweep()
        .catch((error: unknown) => {
          context.logger.warn("The outbox's sweep failed; it runs again later", {
            error: error instanceof Error ? error.name : typeof error,
          });
        })
        .finally(scheduleSweep);
    }, sweepIntervalMs);
  }

  const ensureOpen = (): void => {
    if (closing !== undefined) throw new ClosedError("This outbox");
  };

  return {
    async send(message) {
      ensureOpen();
      return sendMessage(message, limits, context);
    },
    endpoints,
    getMessage: (id) => operations.getMessage(id),
    findMessage: (tenant, idempotencyKey) =>
      operations.getMessage(messageIdFor(tenant, idempotencyKey)),
    listAttempts: (messageId, endpointId) => operations.listAttempts(messageId, endpointId),
    listDeadLetters: (filter) => operations.listDeadLetters(filter),
    listFailingEndpoints: (tenant) => operations.listFailingEndpoints(tenant),
    replay: (messageId, endpointId) => operations.replay(messageId, endpointId),
    replayDeadLetters: (filter) => operations.replayDeadLetters(filter),
    on(name, listener) {
      const guarded = guardedListener(name, listener, context.logger);
      context.emitter.on(name, guarded as never);
      return () => void context.emitter.off(name, guarded as never);
    },
    start() {
      ensureOpen();
      if (consumer !== undefined) return;
      consumer = adapter.queue.consume(handle, { concurrency });
      scheduleSweep();
    },
    close() {
      closing ??= (async () => {
        if (sweepTimer !== undefined) context.clock.clearTimeout(sweepTimer);
        const running = consumer;
        consumer = undefined;
        if (running !== undefined) {
          // Past the grace period, running attempts are aborted (not counted against endpoints).
          const timer = setTimeout(
            () => abort.abort(new ClosedError("This outbox")),
            drainTimeoutMs,
          );
          try {
            if (!(await running.close({ drainTimeoutMs })))
              context.logger.warn("The outbox closed before every ready delivery was attempted", {
                drainTimeoutMs,
              });
          } finally {
            clearTimeout(timer);
          }
        }
        await context.transport.close();
      })();
      return closing;
    },
  };
}

function positive(value: number, option: string): number {
  if (!(value > 0)) throw new ConfigurationError(`\`${option}\` must be a positive number.`);
  return value;
}

function atLeastZero(value: number, option: string): number {
  if (!(value >= 0) || !Number.isFinite(value))
    throw new ConfigurationError(`\`${option}\` must be a finite number, at least 0.`);
  return value;
}

/** The longest delay a runtime timer takes; a longer one (or `Infinity`) would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** A duration a timer waits for: finite, from `min` up to what a timer takes (about 24.8 days). */
function timerMs(value: number, option: string, min: number): number {
  if (!(value >= min) || !(value <= MAX_TIMER_MS))
    throw new ConfigurationError(
      `\`${option}\` must be a number of milliseconds from ${min} to ${MAX_TIMER_MS} (about 24.8 days).`,
    );
  return value;
}
