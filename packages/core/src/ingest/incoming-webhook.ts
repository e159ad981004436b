/**
 * A Node readable stream (an `http.IncomingMessage`), as far as core reads one: by its events, which
 * costs a fraction of async iteration. Typed structurally so core imports nothing from Node.
 */
export interface NodeReadableLike {
  on(event: "data", listener: (chunk: Uint8Array | string) => void): unknown;
  on(event: "end" | "aborted" | "close", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
  pause(): unknown;
  /** True once the stream has ended (Node's `readable.readableEnded`). */
  readonly readableEnded: boolean;
  /** True once the stream was destroyed (Node's `readable.destroyed`), e.g. the sender hung up. */
  readonly destroyed?: boolean;
}

/**
 * Raw request bytes in any shape a host hands them over: a buffer, a web stream, an async iterable
 * or a Node readable stream (read by its events).
 */
export type RawBody =
  Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | NodeReadableLike;

/**
 * A request as received, before anything has looked at it. Glue packages build one from their
 * framework's request; `ingestor.fetch` builds one from a web `Request`.
 * @category Ingest
 */
export interface IncomingWebhook {
  /** HTTP method. */
  readonly method: string;
  /** The URL as the sender addressed it: absolute, or a path with query. */
  readonly url: string;
  /** Request headers; array values (Node) are joined with `, `. */
  readonly headers: Headers | Readonly<Record<string, string | readonly string[] | undefined>>;
  /**
   * The exact raw bytes, or a function returning them. The function form lets glue defer reading
   * until the source and limits are known, and report a body the host app already parsed by
   * throwing `RawBodyUnavailableError`.
   */
  readonly body: RawBody | (() => RawBody);
  /** Source name, usually from the route (`/webhooks/:source`). Defaults to the only source, or the URL's last path segment. */
  readonly source?: string;
}

/**
 * What to send back: core decides every status, header and body; glue writes it as is.
 * @category Ingest
 */
export interface WebhookResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** JSON text (or a provider handshake's body). */
  readonly body: string;
}
