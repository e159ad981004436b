import { createHttpDestination, type Destination, type RetryPolicy } from "@hookwise/core";

/** Destination name transformers route to. */
export const HAIL_DESTINATION = "hail";

/** Path of Hail's transaction endpoint, relative to `HAIL_API_URL`. */
export const HAIL_TRANSACTION_PATH = "/events/v2/transaction/";

/** Options of {@link createHailDestination}. */
export interface HailDestinationOptions {
  /** Hail's base URL (`HAIL_API_URL`), e.g. `https://api.hail.example`. A path prefix is kept. */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>` when set. */
  readonly apiKey?: string;
  /** Time one attempt may take, in milliseconds. @default 10_000 */
  readonly timeoutMs?: number;
  /** Retry policy for Hail. @default the ingestor's policy */
  readonly retry?: Partial<RetryPolicy>;
}

/** The transaction endpoint for a base URL: `https://x/api` → `https://x/api/events/v2/transaction/`. */
export function hailTransactionUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "")}${HAIL_TRANSACTION_PATH}`;
}

/**
 * Posts each transaction to Hail with an `Idempotency-Key` header (the delivery id: the same on
 * every retry and replay, so Hail records the sale once). 5xx, 408, 429 (honouring `Retry-After`)
 * and network errors are retried with exponential backoff and full jitter; other 4xx fail for good.
 */
export function createHailDestination(options: HailDestinationOptions): Destination {
  return createHttpDestination({
    name: HAIL_DESTINATION,
    url: hailTransactionUrl(options.baseUrl),
    idempotencyKeyHeader: "Idempotency-Key",
    headers: {
      accept: "application/json",
      ...(options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` }),
    },
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
  });
}
