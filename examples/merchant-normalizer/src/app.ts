import { fastifyHookwise } from "@hookwise/fastify-plugin";
import {
  consoleLogger,
  createIngestor,
  type EndpointRetry,
  type Ingestor,
  type Logger,
  type RetryPolicy,
} from "@hookwise/core";
import {
  createOutbox,
  scheduleRetry,
  STANDARD_WEBHOOKS_RETRY,
  type Outbox,
} from "@hookwise/outbound";
import Fastify, { type FastifyInstance } from "fastify";
import { createBackend, type Backend } from "./backend.ts";
import type { AppConfig } from "./config.ts";
import { createNormalizeHandler } from "./delivery/normalize-handler.ts";
import { createNormalizeSource, NORMALIZE_SOURCE } from "./intake/normalize-source.ts";
import {
  createMerchantHeuristic,
  type MerchantHeuristic,
} from "./normalizer/normalize-merchant.ts";
import { registerEndpointsRoute } from "./routes/endpoints-route.ts";
import { registerErrorHandler } from "./routes/http-errors.ts";
import { registerRequestRoute } from "./routes/request-route.ts";

/** The intake route. */
export const NORMALIZE_PATH = "/normalize_merchant";

/**
 * Retries of a heuristic attempt that failed for a passing reason (the outbox's store briefly
 * unreachable, an attempt past its timeout): 5 attempts, 1 s to 30 s apart.
 */
export const DEFAULT_HEURISTIC_RETRY: Partial<RetryPolicy> = Object.freeze({
  maxAttempts: 5,
  minDelayMs: 1_000,
  maxDelayMs: 30_000,
});

/** Time one heuristic attempt may take beyond `HEURISTIC_DELAY_MS` before it is aborted, in ms. */
const HEURISTIC_TIMEOUT_MARGIN_MS = 30_000;

/** Options of {@link createNormalizerApp}. */
export interface NormalizerAppOptions {
  readonly config: AppConfig;
  /** @default createBackend(config): Redis when `config.redisUrl` is set, memory otherwise */
  readonly backend?: Backend;
  /** Where hookwise logs. @default hookwise's console logger */
  readonly logger?: Logger;
  /** The heuristic (tests make it fail or hang). @default the rules after `heuristicDelayMs` */
  readonly heuristic?: MerchantHeuristic;
  /** Retries of a heuristic attempt. @default DEFAULT_HEURISTIC_RETRY */
  readonly heuristicRetry?: Partial<RetryPolicy>;
  /**
   * Retries of a delivery to a client's endpoint.
   * @default `config.deliveryRetryDelaysMs` as a schedule, else the Standard Webhooks schedule
   */
  readonly deliveryRetry?: EndpointRetry;
  /** Time one delivery attempt may take, in ms. @default the outbox's 15 s */
  readonly deliveryTimeoutMs?: number;
}

/** The service: the Fastify app, the ingestor and outbox behind it, and their backend. */
export interface NormalizerApp {
  readonly app: FastifyInstance;
  /** Stores requests before the 202; its worker runs the heuristic. */
  readonly ingestor: Ingestor;
  /** Client endpoints; signs and delivers results. */
  readonly outbox: Outbox;
  readonly backend: Backend;
  /** Start this process's workers: the heuristic and the deliveries. */
  start(): void;
  /** Close the app, the ingestor (finishing attempts in flight), the outbox and the backend. Idempotent. */
  close(): Promise<void>;
}

/**
 * The merchant normalizer on hookwise and Fastify:
 * - `POST /webhooks/endpoints {"client_id","url"}`: register or update a client's webhook URL;
 *   answers its signing secret (201 created, 200 updated and rotated, 422 refused URL).
 * - `POST /normalize_merchant` with `client-id`: validate, store and queue the transaction, answer
 *   `202 {"request_id"}` at once (401 unknown client, 422 invalid transaction).
 * - the ingestor's worker runs the slow heuristic and hands `merchant.normalized` to the outbox,
 *   which signs it (Standard Webhooks) and delivers it to the client's URL with retries.
 * - `GET /requests/:id`: status, result and delivery attempts (404 if unknown).
 * - `GET /`: health, with the backend's.
 */
export function createNormalizerApp(options: NormalizerAppOptions): NormalizerApp {
  const { config } = options;
  const backend = options.backend ?? createBackend(config, options.logger);
  const logging = options.logger === undefined ? {} : { logger: options.logger };
  const outbox = createOutbox({
    adapter: backend.outbox,
    allowPrivateNetworks: config.allowPrivateEndpoints,
    retry: options.deliveryRetry ?? deliveryRetryOf(config),
    ...(options.deliveryTimeoutMs === undefined ? {} : { timeoutMs: options.deliveryTimeoutMs }),
    ...logging,
  });
  const source = createNormalizeSource(outbox.endpoints);
  const handler = createNormalizeHandler({
    source,
    outbox,
    heuristic: options.heuristic ?? createMerchantHeuristic(config.heuristicDelayMs),
    readHeaders: async (id) => (await backend.requests.events.get(id))?.headers,
    timeoutMs: config.heuristicDelayMs + HEURISTIC_TIMEOUT_MARGIN_MS,
    logger: options.logger ?? consoleLogger,
  });
  const ingestor = createIngestor({
    adapter: backend.requests,
    sources: [source],
    handlers: [handler],
    retry: options.heuristicRetry ?? DEFAULT_HEURISTIC_RETRY,
    ...logging,
  });

  const app = Fastify({ logger: false });
  registerErrorHandler(app);
  // JSON only: a text/plain body would reach the routes as a string and be refused as a missing
  // field, when the real mistake is the content type (415).
  app.removeContentTypeParser("text/plain");
  void app.register(fastifyHookwise, { ingestor, path: NORMALIZE_PATH, source: NORMALIZE_SOURCE });
  registerEndpointsRoute(app, outbox);
  registerRequestRoute(app, ingestor, outbox);
  app.get("/", async (_request, reply) => {
    const health = await backend.health();
    const ok = health.status === "ok";
    return reply
      .code(ok ? 200 : 503)
      .header("cache-control", "no-store")
      .send({ status: ok ? "ok" : "unavailable", service: "merchant-normalizer", backend: health });
  });

  let closing: Promise<void> | undefined;
  return {
    app,
    ingestor,
    outbox,
    backend,
    start() {
      ingestor.start();
      outbox.start();
    },
    close() {
      closing ??= (async () => {
        await app.close();
        // The ingestor first: an attempt finishing now still hands its result to the outbox.
        await ingestor.close();
        await outbox.close();
        await backend.close();
      })();
      return closing;
    },
  };
}

function deliveryRetryOf(config: AppConfig): EndpointRetry {
  return config.deliveryRetryDelaysMs === undefined
    ? STANDARD_WEBHOOKS_RETRY
    : scheduleRetry(config.deliveryRetryDelaysMs);
}
