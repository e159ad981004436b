import { createMemoryAdapter } from "@hookwise/adapter-memory";
import {
  createIngestor,
  toEventView,
  type Adapter,
  type Ingestor,
  type Logger,
  type RetryPolicy,
} from "@hookwise/core";
import { createExpressMiddleware } from "@hookwise/express-middleware";
import express, { type Express } from "express";
import type { AppConfig } from "./config.ts";
import { createHailDestination } from "./hail/hail-destination.ts";
import { createOrderToHailTransformer } from "./hail/order-to-hail-transformer.ts";
import { createNewstoreSource } from "./newstore/newstore-source.ts";

/** Options of {@link createNewstoreHailApp}. */
export interface NewstoreHailAppOptions {
  readonly config: AppConfig;
  /** Where events, claims and jobs live; the ingestor closes it. @default createMemoryAdapter() */
  readonly adapter?: Adapter;
  /** Retry policy for Hail. @default hookwise's DEFAULT_RETRY_POLICY (8 attempts, 1 s to 5 min, doubling, full jitter) */
  readonly retry?: Partial<RetryPolicy>;
  /** Time one call to Hail may take, in milliseconds. @default 10_000 */
  readonly hailTimeoutMs?: number;
  /** Where hookwise logs. @default hookwise's console logger */
  readonly logger?: Logger;
}

/** The integration: an Express app and the ingestor behind it (call `ingestor.start()` to deliver). */
export interface NewstoreHailApp {
  readonly app: Express;
  readonly ingestor: Ingestor;
}

/**
 * NewStore → Hail on hookwise:
 * - `POST /webhooks/newstore`: verify, deduplicate by event id, store and enqueue, then 202;
 *   event types other than `order.completed` are stored and answered 200 `ignored`.
 * - `GET /webhooks/events/:id`: the event's status and delivery attempts, by hookwise's id or by
 *   NewStore's own event id.
 * - `GET /healthz`: liveness.
 */
export function createNewstoreHailApp(options: NewstoreHailAppOptions): NewstoreHailApp {
  const { config } = options;
  const source = createNewstoreSource(config.newstoreWebhookSecrets);
  const ingestor = createIngestor({
    adapter:
      options.adapter ??
      createMemoryAdapter(options.logger === undefined ? {} : { logger: options.logger }),
    sources: [source],
    transformers: [createOrderToHailTransformer(source)],
    destinations: [
      createHailDestination({
        baseUrl: config.hailApiUrl,
        ...(config.hailApiKey === undefined ? {} : { apiKey: config.hailApiKey }),
        ...(options.hailTimeoutMs === undefined ? {} : { timeoutMs: options.hailTimeoutMs }),
      }),
    ],
    unknownEventTypes: "store",
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });

  const app = express();
  app.disable("x-powered-by");
  // Mounted before any body parser: hookwise must see the exact bytes NewStore signed.
  app.post("/webhooks/:source", createExpressMiddleware(ingestor));
  app.get("/webhooks/events/:id", async (request, response) => {
    const { id } = request.params;
    const record =
      (await ingestor.getEvent(id)) ?? (await ingestor.findEvent({ source: source.name, key: id }));
    if (record === undefined) {
      response
        .status(404)
        .json({ error: { code: "EVENT_NOT_FOUND", message: "No event with this id." } });
      return;
    }
    // Core's safe view (credential headers masked), without the body and outputs: they hold customer data.
    response.set("cache-control", "no-store").json(toEventView(record, { payload: false }));
  });
  app.get("/healthz", (_request, response) => {
    response.json({ status: "ok" });
  });
  return { app, ingestor };
}
