import { isRetryableStatus, parseRetryAfter, type EventError } from "@hookwise/core";
import { TransportError, type TransportResponse } from "./transport.ts";

/**
 * What one attempt came to, decided from the receiver's answer or the transport's failure:
 * - 2xx delivers;
 * - 410 Gone disables the endpoint and ends the delivery;
 * - 408, 425, 429, 5xx, timeouts and network errors are retried (honouring `Retry-After`);
 * - any other status (3xx: redirects are not followed; 4xx) ends the delivery, unless the endpoint
 *   asked for client errors to be retried;
 * - a refused address ends it at once: nothing was sent.
 */
export type AttemptOutcome =
  | { readonly ok: true; readonly responseStatus: number; readonly responseBody: string }
  | {
      readonly ok: false;
      readonly error: EventError;
      readonly retryable: boolean;
      /** The endpoint's fault (counts toward its circuit breaker). */
      readonly countsAgainstEndpoint: boolean;
      readonly gone: boolean;
      readonly responseStatus?: number;
      readonly responseBody?: string;
      readonly retryAfterSeconds?: number;
    };

/** The outcome of an answer. */
export function outcomeOfResponse(
  response: TransportResponse,
  retryClientErrors: boolean,
  now: number,
): AttemptOutcome {
  const { status, body } = response;
  if (status >= 200 && status < 300)
    return { ok: true, responseStatus: status, responseBody: body };
  const gone = status === 410;
  const retryable =
    !gone && (isRetryableStatus(status) || (retryClientErrors && status >= 400 && status < 500));
  const retryAfterSeconds = retryable
    ? parseRetryAfter(response.headers["retry-after"], now)
    : undefined;
  const hint = status >= 300 && status < 400 ? " (redirects are not followed; update the URL)" : "";
  return {
    ok: false,
    error: {
      code: gone ? "ENDPOINT_GONE" : "HTTP_STATUS",
      message: gone
        ? "The endpoint answered 410 Gone; it was disabled."
        : `The endpoint answered HTTP ${String(status)}${hint}.`,
    },
    retryable,
    countsAgainstEndpoint: retryable,
    gone,
    responseStatus: status,
    responseBody: body,
    ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
  };
}

const FAILURE_CODES = {
  blocked_address: "ADDRESS_BLOCKED",
  connect_timeout: "CONNECT_TIMEOUT",
  timeout: "TIMEOUT",
  network: "NETWORK_ERROR",
  aborted: "ABORTED",
} as const;

/** The outcome of a request that got no answer. */
export function outcomeOfFailure(error: unknown): AttemptOutcome {
  if (error instanceof TransportError) {
    const blocked = error.kind === "blocked_address";
    return {
      ok: false,
      error: { code: FAILURE_CODES[error.kind], message: error.message },
      retryable: !blocked,
      countsAgainstEndpoint: !blocked && error.kind !== "aborted",
      gone: false,
    };
  }
  // A transport that broke its contract: retried, described by class only (the message may hold a URL).
  return {
    ok: false,
    error: {
      code: "NETWORK_ERROR",
      message: `The request failed (${error instanceof Error ? error.name : typeof error}).`,
    },
    retryable: true,
    countsAgainstEndpoint: true,
    gone: false,
  };
}
