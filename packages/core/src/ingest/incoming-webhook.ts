/** Raw request bytes in any shape a host hands them over: a buffer, a web stream or a Node stream. */
export type RawBody = Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

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
