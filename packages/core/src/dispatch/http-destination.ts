import { ConfigurationError, DeliveryError, NonRetryableError } from "../errors.ts";
import { utf8 } from "../util/bytes.ts";
import { systemClock, type Clock } from "../util/clock.ts";
import type { Signer } from "../verify/signature-scheme.ts";
import { startAttemptTimeout } from "./attempt-timeout.ts";
import {
  assertName,
  assertTimeoutMs,
  type DeliveryContext,
  type DeliveryResult,
  type Destination,
} from "./destination.ts";
import {
  isRetryableStatus,
  parseRetryAfter,
  resolveRetryPolicy,
  type RetryPolicy,
} from "./retry-policy.ts";

/** Default time one HTTP attempt may take, in milliseconds. @category Dispatch */
export const DEFAULT_HTTP_TIMEOUT_MS = 10_000;

/** Default header that carries the delivery id so the receiver can drop repeats. @category Dispatch */
export const DEFAULT_IDEMPOTENCY_KEY_HEADER = "idempotency-key";

/** Options of {@link createHttpDestination}. @category Dispatch */
export interface HttpDestinationOptions {
  /** Name that transformers list in `to`. */
  readonly name: string;
  /** Endpoint the output is sent to. */
  readonly url: string | URL;
  /** HTTP method. @default "POST" */
  readonly method?: "POST" | "PUT" | "PATCH";
  /** Extra request headers (e.g. an API key). Signature and idempotency headers win over these. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Time one attempt may take, in milliseconds; then the request is aborted and retried.
   * @default 10_000
   */
  readonly timeoutMs?: number;
  /** Signs each request (e.g. Standard Webhooks); the signer's headers are added. */
  readonly signer?: Signer;
  /** Header carrying the idempotency key (the delivery id). @default "idempotency-key" */
  readonly idempotencyKeyHeader?: string;
  /** `fetch` implementation (keep-alive agents, proxies, tests). @default globalThis.fetch */
  readonly fetch?: typeof globalThis.fetch;
  /** Overrides of the worker's retry policy for this destination. @default the worker's policy */
  readonly retry?: Partial<RetryPolicy>;
  /** Time source for timeouts, signing and `Retry-After` dates. @default systemClock */
  readonly clock?: Clock;
}

/**
 * A destination that sends each output as JSON to an HTTP endpoint.
 *
 * 2xx succeeds. 408, 425, 429, 5xx, network errors and timeouts are retried, honouring
 * `Retry-After` (seconds or an HTTP date). Any other status (including a redirect, which is not
 * followed) fails for good. The delivery id goes in the idempotency-key header on every attempt.
 * @example
 * const partner = createHttpDestination({
 *   name: "partner",
 *   url: "https://partner.example.com/hooks",
 *   signer: createStandardWebhooksSigner({ secret: process.env.PARTNER_SECRET! }),
 * });
 * @category Dispatch
 */
export function createHttpDestination(options: HttpDestinationOptions): Destination {
  const resolved = resolveOptions(options);
  const { name, method, timeoutMs, clock } = resolved;

  async function deliver(context: DeliveryContext): Promise<DeliveryResult> {
    const body = serialise(name, context.output);
    const headers = await buildHeaders(resolved, context, body);
    const timeout = startAttemptTimeout(
      context.signal,
      timeoutMs,
      clock,
      () => new DeliveryError(`Request to destination "${name}" timed out after ${timeoutMs} ms.`),
    );
    try {
      const init = {
        method,
        headers,
        body: body as Uint8Array<ArrayBuffer>,
        signal: timeout.signal,
      };
      const response = await send(resolved, init);
      // The body is never read (it could hold anything); release the connection without waiting.
      void response.body?.cancel().catch(() => undefined);
      if (response.status >= 200 && response.status < 300)
        return { responseStatus: response.status };
      throw statusError(name, response, clock.now());
    } catch (error) {
      if (timeout.timedOut()) throw timeout.signal.reason as Error;
      if (context.signal.aborted) {
        throw new DeliveryError(`Request to destination "${name}" was aborted.`, { cause: error });
      }
      throw error;
    } finally {
      timeout.dispose();
    }
  }

  return Object.freeze({ name, ...(options.retry && { retry: options.retry }), deliver });
}

async function send(options: ResolvedOptions, init: RequestInit): Promise<Response> {
  try {
    return await options.fetch(options.url, { ...init, redirect: "manual" });
  } catch (error) {
    const message = `Request to destination "${options.name}" failed: ${describe(error)}.`;
    throw new DeliveryError(message, { cause: error });
  }
}

type ResolvedOptions = ReturnType<typeof resolveOptions>;

function resolveOptions(options: HttpDestinationOptions) {
  assertName("name", options.name);
  const url = URL.canParse(options.url) ? new URL(options.url) : undefined;
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new ConfigurationError("`url` must be an absolute http(s) URL.");
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  assertTimeoutMs("timeoutMs", timeoutMs);
  if (options.retry !== undefined) resolveRetryPolicy(options.retry);
  const headers = options.headers ?? {};
  const idempotencyKeyHeader = options.idempotencyKeyHeader ?? DEFAULT_IDEMPOTENCY_KEY_HEADER;
  checkHeaders(headers, idempotencyKeyHeader);
  return Object.freeze({
    name: options.name,
    url,
    method: options.method ?? "POST",
    headers,
    timeoutMs,
    signer: options.signer,
    idempotencyKeyHeader,
    // Resolved per call, so a fetch patched after creation (instrumentation, msw) is used.
    fetch:
      options.fetch ??
      ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init)),
    clock: options.clock ?? systemClock,
  });
}

/** An HTTP token (RFC 9110 §5.6.2): what a header name may be. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What a header value may not hold: controls other than tab (a newline would split the header). */
// eslint-disable-next-line no-control-regex -- the control characters are what is looked for
const INVALID_HEADER_VALUE = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/**
 * Checks the configured headers once, at creation, so a bad one is a `ConfigurationError` that
 * names the header (never its value, which may be a token) instead of a failure on every attempt.
 */
function checkHeaders(
  headers: Readonly<Record<string, string>>,
  idempotencyKeyHeader: string,
): void {
  if (!HEADER_NAME.test(idempotencyKeyHeader))
    throw new ConfigurationError("`idempotencyKeyHeader` is not a valid HTTP header name.");
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name))
      throw new ConfigurationError(
        `\`headers\` has a name that is not a valid HTTP header name: "${name.slice(0, 64)}".`,
      );
    if (typeof value !== "string" || INVALID_HEADER_VALUE.test(value))
      throw new ConfigurationError(
        `\`headers["${name}"]\` is not a valid header value (a newline or another control character?); its value is not shown.`,
      );
  }
}

async function buildHeaders(
  options: ResolvedOptions,
  context: DeliveryContext,
  body: Uint8Array,
): Promise<Headers> {
  const headers = new Headers(options.headers);
  headers.set("content-type", "application/json");
  headers.set(options.idempotencyKeyHeader, context.idempotencyKey);
  if (options.signer !== undefined) {
    const signed = await options.signer.sign({
      body,
      id: context.deliveryId,
      now: options.clock.now(),
      url: options.url.href,
      method: options.method,
    });
    for (const [key, value] of Object.entries(signed)) headers.set(key, value);
  }
  return headers;
}

function serialise(name: string, output: unknown): Uint8Array {
  let json: string | undefined;
  try {
    json = JSON.stringify(output);
  } catch {
    json = undefined;
  }
  if (json === undefined) {
    throw new NonRetryableError(`Output for destination "${name}" cannot be serialised as JSON.`);
  }
  return utf8(json);
}

function statusError(name: string, response: Response, now: number): DeliveryError {
  const status = response.status;
  const retryable = isRetryableStatus(status);
  const retryAfterSeconds = retryable
    ? parseRetryAfter(response.headers.get("retry-after"), now)
    : undefined;
  const hint = status >= 300 && status < 400 ? " (redirects are not followed; update the URL)" : "";
  return new DeliveryError(`Destination "${name}" answered HTTP ${status}${hint}.`, {
    responseStatus: status,
    retryable,
    ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
  });
}

/** A network error described by its class and system code only: never a URL with credentials. */
function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === "string" && /^[A-Z0-9_]+$/.test(cause.code) ? cause.code : "";
  const kind = error instanceof Error ? error.name : "unknown error";
  return code === "" ? `network error (${kind})` : `network error (${kind}: ${code})`;
}
