import { createHash, randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { fastifyHookwise } from "@hookwise/fastify-plugin";
import {
  BackendUnavailableError,
  createIngestor,
  isHookwiseError,
  type Ingestor,
  type Logger,
  type RetryPolicy,
} from "@hookwise/core";
import Fastify, { type FastifyInstance } from "fastify";
import { createBackend, type Backend } from "./backend.ts";
import type { AppConfig } from "./config.ts";
import { createProcessing, type ProcessingWork } from "./processing/process-transaction.ts";
import { transactionSchema, type Transaction } from "./transactions/transaction.ts";
import {
  createTransactionsSource,
  TRANSACTIONS_SOURCE,
} from "./transactions/transactions-source.ts";
import { toTransactionView } from "./transaction-view.ts";

/** The webhook route. */
export const WEBHOOK_PATH = "/v1/webhooks/transactions";

/** Options of {@link createPaymentsApp}. */
export interface PaymentsAppOptions {
  readonly config: AppConfig;
  /** @default createBackend(config): Redis when `config.redisUrl` is set, memory otherwise */
  readonly backend?: Backend;
  /** Where hookwise logs. @default hookwise's console logger */
  readonly logger?: Logger;
  /** Processing retries. @default DEFAULT_PROCESSING_RETRY */
  readonly retry?: Partial<RetryPolicy>;
  /** The processing work (tests make it hang). @default wait `processingDelayMs`, then decide */
  readonly work?: ProcessingWork;
}

/** The service: a Fastify app, the ingestor behind it (call `ingestor.start()` to process) and its backend. */
export interface PaymentsApp {
  readonly app: FastifyInstance;
  readonly ingestor: Ingestor;
  readonly backend: Backend;
  /** Close the app, the ingestor (finishing attempts in flight) and the backend. Idempotent. */
  close(): Promise<void>;
}

/** Internal header that ties a conflict answer to the write recording it; never sent. */
const PENDING_CONFLICT_HEADER = "x-pending-conflict";

/**
 * Payments transactions on hookwise and Fastify:
 * - `POST /v1/webhooks/transactions`: verify (when `WEBHOOK_SECRET` is set), validate (422), claim
 *   the transaction id, store and enqueue, then `202 {"acknowledged":true,"transaction_id"}`; a
 *   duplicate is acknowledged the same way and not processed again; another payload under a known
 *   id is acknowledged and recorded as a conflict.
 * - `GET /v1/transactions/:id`: status, received and processed times, conflicts (404 if unknown).
 * - `GET /`: health, with the backend's.
 */
export function createPaymentsApp(options: PaymentsAppOptions): PaymentsApp {
  const { config } = options;
  const backend = options.backend ?? createBackend(config, options.logger);
  const { state } = backend;
  const pending = new Map<string, Promise<void>>();

  const recordConflict = async (transaction: Transaction): Promise<void> => {
    const receivedAt = Date.now();
    const id = transaction.transaction_id;
    const original = await ingestor.findEvent({ source: TRANSACTIONS_SOURCE, key: id });
    // hookwise compares bytes; the same values sent with other spacing or key order are a duplicate.
    if (original !== undefined && digest(readStored(original.body)) === digest(transaction)) return;
    await state.addConflict(id, { receivedAt, payload: transaction }, digest(transaction));
  };
  const source = createTransactionsSource({
    secret: config.webhookSecret,
    onConflict(transaction) {
      const token = randomUUID();
      const write = recordConflict(transaction);
      write.catch(() => undefined); // Awaited (and reported) in onSend below.
      pending.set(token, write);
      return { [PENDING_CONFLICT_HEADER]: token };
    },
  });
  const processing = createProcessing({
    delayMs: config.processingDelayMs,
    staleTimeoutMs: config.processingStaleTimeoutMs,
    state,
    runner: `${hostname()}:${process.pid}`,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.work === undefined ? {} : { work: options.work }),
  });
  const ingestor = createIngestor({
    adapter: backend.adapter,
    sources: [source],
    transformers: [processing.transformer],
    destinations: [processing.destination],
    conflicts: "record",
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });

  // Transaction ids may be up to 200 characters (the schema); Fastify's default param limit is 100.
  const app = Fastify({ logger: false, routerOptions: { maxParamLength: 256 } });
  // Before the plugin, so its scope inherits it: a conflict is acknowledged only once recorded.
  app.addHook("onSend", async (_request, reply, payload) => {
    const token = reply.getHeader(PENDING_CONFLICT_HEADER);
    if (typeof token !== "string") return payload;
    reply.removeHeader(PENDING_CONFLICT_HEADER);
    const write = pending.get(token);
    pending.delete(token);
    try {
      await write;
      return payload;
    } catch {
      // Not recorded: the sender retries, and the retry records it.
      reply.code(503).header("retry-after", "1");
      return JSON.stringify({
        error: { code: "BACKEND_UNAVAILABLE", message: "Could not record the conflict; retry." },
      });
    }
  });
  // The service's own routes answer in the same `{ error: { code, message } }` shape as
  // everything else. A request Fastify refused keeps its 4xx; any other failure of a lookup is the
  // backend's (the adapter's, or the state store's own Redis client): 503 with Retry-After, never
  // a bare 500 that a caller would not retry.
  app.setErrorHandler((error, _request, reply) => {
    const status = (error as { statusCode?: unknown }).statusCode;
    if (!isHookwiseError(error) && typeof status === "number" && status < 500)
      return reply.send(error);
    const backend = isHookwiseError(error)
      ? error
      : new BackendUnavailableError("The backend is unavailable; retry later.");
    if (!isHookwiseError(error))
      options.logger?.warn("A lookup failed; answered 503", {
        error: error instanceof Error ? error.name : typeof error,
      });
    return reply
      .code(backend.status)
      .headers(backend.headers)
      .send({ error: { code: backend.code, message: backend.message } });
  });
  void app.register(fastifyHookwise, { ingestor, path: WEBHOOK_PATH, source: TRANSACTIONS_SOURCE });
  registerRoutes(app, ingestor, backend);

  let closing: Promise<void> | undefined;
  return {
    app,
    ingestor,
    backend,
    close() {
      closing ??= (async () => {
        await app.close();
        await ingestor.close();
        await state.close();
      })();
      return closing;
    },
  };
}

function registerRoutes(app: FastifyInstance, ingestor: Ingestor, backend: Backend): void {
  app.get<{ Params: { id: string } }>("/v1/transactions/:id", async (request, reply) => {
    const { id } = request.params;
    const [record, facts] = await Promise.all([
      ingestor.findEvent({ source: TRANSACTIONS_SOURCE, key: id }),
      backend.state.read(id),
    ]);
    reply.header("cache-control", "no-store");
    if (record === undefined) {
      return reply.code(404).send({
        error: { code: "TRANSACTION_NOT_FOUND", message: "No transaction with this id." },
      });
    }
    return toTransactionView(id, record, facts);
  });
  app.get("/", async (_request, reply) => {
    const health = await backend.health();
    const ok = health.status === "ok";
    return reply
      .code(ok ? 200 : 503)
      .header("cache-control", "no-store")
      .send({
        status: ok ? "ok" : "unavailable",
        service: "payments-transactions",
        backend: health,
      });
  });
}

/** The stored original, validated as the schema sees it (unknown fields dropped). */
function readStored(body: Uint8Array): unknown {
  try {
    return transactionSchema.parse(JSON.parse(new TextDecoder().decode(body)));
  } catch {
    return undefined;
  }
}

/** SHA-256 of the value as JSON with sorted keys: equal values, equal digests. */
function digest(value: unknown): string {
  return createHash("sha256").update(canonical(value)).digest("hex").slice(0, 32);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
