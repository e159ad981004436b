import { ConfigurationError } from "@hookwise/core";
import { literalAddress, type AddressPolicy } from "./address-policy.ts";
import {
  TransportError,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from "./transport.ts";

/** Default bytes of a response body kept in {@link TransportResponse.body}. @category Delivery */
export const DEFAULT_RESPONSE_BODY_LIMIT = 4096;

/**
 * Default `user-agent` of outbound requests. A constant rather than the package version, which a
 * build would have to inline.
 * @category Delivery
 */
export const DEFAULT_USER_AGENT = "hookwise-outbound/0.1";

/**
 * Options of {@link createFetchTransport}.
 * @category Delivery
 */
export interface FetchTransportOptions {
  /** The `fetch` to call. @default globalThis.fetch, looked up on every request (so msw sees it) */
  readonly fetch?: typeof globalThis.fetch;
  /** Bytes of the response body kept; the rest is cancelled unread. @default 4096 */
  readonly responseBodyLimit?: number;
  /**
   * Refuses URLs whose host is a literal IP address the policy refuses. Host names cannot be
   * checked: `fetch` resolves them out of sight.
   * @default undefined (no check)
   */
  readonly addressPolicy?: AddressPolicy;
  /** Sent unless the request has its own `user-agent`. @default "hookwise-outbound/0.1" */
  readonly userAgent?: string;
}

/**
 * A {@link Transport} over `fetch`, for tests (msw intercepts it) and runtimes without Node sockets.
 * Redirects are not followed (`redirect: "manual"`: a 3xx comes back as the status), the whole
 * exchange ends within `timeoutMs`, and at most `responseBodyLimit` bytes of the body are read.
 *
 * It cannot protect against server-side request forgery: `fetch` resolves host names itself, so
 * only literal IP addresses are checked (when `addressPolicy` is given). Use
 * `createUndiciTransport` in production on Node.
 * @example
 * const transport = createFetchTransport({ addressPolicy: createAddressPolicy() });
 * const response = await transport.send({
 *   url: new URL("https://partner.example.com/hooks"),
 *   method: "POST",
 *   headers: { "content-type": "application/json" },
 *   body: new TextEncoder().encode("{}"),
 *   timeoutMs: 10_000,
 * });
 * @category Delivery
 */
export function createFetchTransport(options: FetchTransportOptions = {}): Transport {
  const { addressPolicy } = options;
  const limit = checkBodyLimit(options.responseBodyLimit ?? DEFAULT_RESPONSE_BODY_LIMIT);
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  return {
    async send(request: TransportRequest): Promise<TransportResponse> {
      const host = request.url.hostname;
      if (addressPolicy !== undefined) refuseLiteralHost(request.url, addressPolicy);
      const deadline = startDeadline(request);
      try {
        const fetch = options.fetch ?? globalThis.fetch;
        const response = await fetch(request.url, {
          method: request.method,
          headers: withUserAgent(request.headers, userAgent),
          body: request.body as Uint8Array<ArrayBuffer>,
          redirect: "manual",
          signal: deadline.signal,
        });
        const body = await readWebBody(response.body, limit, deadline.signal);
        return { status: response.status, headers: joinHeaders(response.headers), body };
      } catch (error) {
        throw deadline.failure(host) ?? networkError(host, error);
      } finally {
        deadline.clear();
      }
    },
    close: () => Promise.resolve(),
  };
}

/**
 * The deadline of one exchange: `signal` aborts at `timeoutMs` or when the caller's signal does,
 * whichever comes first; `failure` says which, once it happened.
 * @internal
 */
export interface Deadline {
  readonly signal: AbortSignal;
  failure(host: string): TransportError | undefined;
  clear(): void;
}

/** Starts the deadline; throws `aborted` (before anything is sent) if the signal already is. @internal */
export function startDeadline(request: TransportRequest): Deadline {
  if (request.signal?.aborted === true)
    throw new TransportError(
      "aborted",
      `Request to ${request.url.hostname} aborted before sending.`,
    );
  const controller = new AbortController();
  let cause: "timeout" | "aborted" | undefined;
  const stop = (why: "timeout" | "aborted"): void => {
    cause ??= why;
    controller.abort(new Error(why === "timeout" ? "deadline passed" : "aborted by caller"));
  };
  const onAbort = (): void => stop("aborted");
  const timer = setTimeout(() => stop("timeout"), request.timeoutMs);
  request.signal?.addEventListener("abort", onAbort, { once: true });
  return {
    signal: controller.signal,
    failure(host) {
      if (cause === "aborted") return new TransportError("aborted", `Request to ${host} aborted.`);
      if (cause === "timeout")
        return new TransportError(
          "timeout",
          `Request to ${host} got no complete answer within ${request.timeoutMs} ms.`,
        );
      return undefined;
    },
    clear() {
      clearTimeout(timer);
      request.signal?.removeEventListener("abort", onAbort);
    },
  };
}

/**
 * Throws `blocked_address` when the URL's host is a literal IP address the policy refuses.
 * @internal
 */
export function refuseLiteralHost(url: URL, policy: AddressPolicy): void {
  const address = literalAddress(url.hostname);
  if (address === undefined) return;
  const verdict = policy.check(address);
  if (!verdict.allowed) throw blockedAddress(url.hostname, verdict.reason);
}

/** @internal */
export function blockedAddress(host: string, reason: string): TransportError {
  return new TransportError(
    "blocked_address",
    `Request to ${host} refused: ${reason}; nothing was sent.`,
  );
}

/** The request headers plus `user-agent` unless they have one. @internal */
export function withUserAgent(
  headers: Readonly<Record<string, string>>,
  userAgent: string,
): Record<string, string> {
  const has = Object.keys(headers).some((name) => name.toLowerCase() === "user-agent");
  return has ? { ...headers } : { ...headers, "user-agent": userAgent };
}

/** Collects at most `limit` bytes of a body and decodes them as UTF-8. @internal */
export interface BodyCapture {
  /** Keeps what fits; `false` once the limit is reached (stop reading). */
  add(chunk: Uint8Array): boolean;
  text(): string;
}

/** @internal */
export function createBodyCapture(limit: number): BodyCapture {
  const chunks: Uint8Array[] = [];
  let size = 0;
  return {
    add(chunk) {
      const room = limit - size;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(room, chunk.length);
      return size < limit;
    },
    text() {
      const bytes = new Uint8Array(size);
      let at = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, at);
        at += chunk.length;
      }
      // At the limit a character may be cut in two: `stream` drops its first half.
      return new TextDecoder().decode(bytes, { stream: size >= limit });
    },
  };
}

/** Checks `responseBodyLimit`. @internal */
export function checkBodyLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 0)
    throw new ConfigurationError(
      "`responseBodyLimit` must be a whole number of bytes, at least 0.",
    );
  return limit;
}

/** A system error code (`ECONNREFUSED`, `ENOTFOUND`...) from an error or its causes. @internal */
export function systemCodeOf(error: unknown): string | undefined {
  for (let depth = 0; depth < 5 && error instanceof Error; depth++) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z0-9_]+$/.test(code)) return code;
    error = error.cause;
  }
  return undefined;
}

/** @internal */
export function networkError(host: string, error: unknown): TransportError {
  const systemCode = systemCodeOf(error);
  const message = `Request to ${host} failed${systemCode === undefined ? "" : ` (${systemCode})`}.`;
  return new TransportError("network", message, {
    cause: error,
    ...(systemCode !== undefined && { systemCode }),
  });
}

/** An object without a prototype, so a header named `__proto__` is kept like any other. @internal */
export function nullObject(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}

/**
 * Reads at most `limit` bytes, then cancels the stream. The deadline cancels it too: not every
 * `fetch` (msw's, for one) ties a response body to the request's signal.
 */
async function readWebBody(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
  signal: AbortSignal,
): Promise<string> {
  const capture = createBodyCapture(limit);
  if (body === null) return "";
  const reader = body.getReader();
  const cancel = (): void => void reader.cancel().catch(() => undefined);
  signal.addEventListener("abort", cancel, { once: true });
  try {
    for (let wantMore = limit > 0; wantMore;) {
      const { done, value } = await reader.read();
      signal.throwIfAborted();
      if (done) return capture.text();
      wantMore = capture.add(value);
    }
    cancel();
    return capture.text();
  } finally {
    signal.removeEventListener("abort", cancel);
  }
}

function joinHeaders(headers: Headers): Record<string, string> {
  const joined = nullObject();
  headers.forEach((value, name) => {
    const previous = joined[name];
    joined[name] = previous === undefined ? value : `${previous}, ${value}`;
  });
  return joined;
}
