/**
 * The seam between the delivery engine and the network. The engine decides what a status means
 * (retry, disable, give up); a transport only sends one request and reports what came back.
 */

/** One request to send. */
export interface TransportRequest {
  /** Absolute http(s) URL. */
  readonly url: URL;
  readonly method: "POST";
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  /** The whole exchange (connect, send, response head and the captured body) must end within this. */
  readonly timeoutMs: number;
  /** Aborted when the worker shuts down. */
  readonly signal?: AbortSignal;
}

/** What the receiver answered. */
export interface TransportResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The start of the response body as UTF-8 text (invalid bytes replaced), at most `responseBodyLimit`
   * bytes; the rest is discarded without being read into memory.
   */
  readonly body: string;
}

/**
 * Why a request got no answer. `blocked_address`: the host resolved to an address the policy refuses
 * (nothing was sent). `connect_timeout`, `timeout`: no connection, or no complete answer, in time.
 * `network`: refused, reset, DNS failure and the like. `aborted`: the caller's signal.
 */
export type TransportFailureKind =
  "blocked_address" | "connect_timeout" | "timeout" | "network" | "aborted";

/**
 * Thrown by a transport when there is no HTTP answer. Its message names the host and a system code at
 * most: never a URL's path, query or credentials, never a header.
 */
export class TransportError extends Error {
  override name = "TransportError";
  readonly kind: TransportFailureKind;
  /** A system error code such as `ECONNREFUSED`, when there is one. */
  readonly systemCode: string | undefined;
  constructor(
    kind: TransportFailureKind,
    message: string,
    options: { cause?: unknown; systemCode?: string } = {},
  ) {
    super(message, { cause: options.cause });
    this.kind = kind;
    this.systemCode = options.systemCode;
  }
}

/** Sends one request. Implementations: `createUndiciTransport` (default), `createFetchTransport`. */
export interface Transport {
  send(request: TransportRequest): Promise<TransportResponse>;
  /** Release pooled connections. Idempotent. */
  close(): Promise<void>;
}
