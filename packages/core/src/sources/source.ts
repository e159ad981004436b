import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { SignatureVerifier, Verification } from "../verify/signature-scheme.ts";
import type { EventTypeMap } from "./event-types.ts";

/** What a source's extractors see: the parsed payload plus the request. */
export interface SourceContext {
  /** The body as parsed by the source (JSON by default). */
  readonly payload: unknown;
  readonly headers: Headers;
  readonly body: Uint8Array;
}

/**
 * What {@link Source.handshake} sees: the source context plus what the verifier learned. It runs
 * only after the verifier accepted these exact bytes, so an answer built from it is never given to
 * an unsigned or wrongly signed request.
 */
export interface HandshakeContext extends SourceContext {
  /** The verifier's result, e.g. which of several rotating secrets signed (Zoom keys its answer with it). Empty when a custom verifier resolved `undefined`. */
  readonly verification: Verification;
}

/** A provider-specific answer given right after verification instead of accepting an event (Slack's `url_verification`, Zoom's URL validation). */
export interface HandshakeResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * What {@link Source.challenge} sees of a GET request. Nothing in it is verified: the hook must
 * check the provider's proof (a verify token) before answering.
 */
export interface ChallengeRequest {
  /** The URL as the sender addressed it, query string included. */
  readonly url: string;
  readonly headers: Headers;
  /** The URL's query parameters (`hub.challenge`, `challenge`, …). */
  readonly query: URLSearchParams;
}

/**
 * How ingesting ended: `accepted` (stored and enqueued), `duplicate` (seen before), `ignored` (stored,
 * unknown type) or `conflict` (the key came before with other bytes; only with the ingestor's
 * `conflicts: "record"`, else the answer is 409).
 */
export type IngestOutcome = "accepted" | "duplicate" | "ignored" | "conflict";

/** What {@link Source.acknowledge} sees: how ingestion ended and which event it was. */
export interface AcknowledgeContext {
  /** `accepted` (stored and enqueued), `duplicate` (seen before) or `ignored` (stored, unknown type). */
  readonly outcome: IngestOutcome;
  readonly eventId: string;
  /** The event type the source read. */
  readonly type: string;
  /** The validated payload. */
  readonly payload: unknown;
}

/** Per-event-type schemas of a source: event type → Standard Schema (zod, valibot, arktype...). */
export type SourceSchemas = Readonly<Record<string, StandardSchemaV1>>;

/**
 * Where webhooks come from and how to read them: the verifier, how to find the event id (the
 * idempotency key), type and time, and optional per-type schemas.
 * @category Ingest
 */
export interface Source<
  TSchemas extends SourceSchemas = SourceSchemas,
  // eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- meant: no event types
  TEvents extends EventTypeMap = Record<never, never>,
> {
  /** Route name, e.g. `stripe` for `POST /webhooks/stripe`. Letters, digits, `-` and `_`. */
  readonly name: string;
  /** Checks the signature on the raw bytes. Always required: an unsigned source is a bug. */
  readonly verifier: SignatureVerifier;
  /**
   * Media types accepted (415 otherwise). Parameters such as `charset` are ignored.
   * @default ["application/json"]
   */
  readonly mediaTypes?: readonly string[];
  /**
   * Turns the verified raw bytes into a payload. Throw to answer 400.
   * @default JSON.parse of the UTF-8 body
   */
  readonly parse?: (body: Uint8Array, contentType: string | undefined) => unknown;
  /**
   * The provider's event id: the idempotency key. Return `undefined` when absent (answers 400), or
   * throw a `PayloadParseError` that names where it looked (its message is the 400's).
   */
  readonly id: (context: SourceContext) => string | undefined;
  /** The event type used for schemas and routing (e.g. `order.completed`). */
  readonly type: (context: SourceContext) => string | undefined;
  /** When the event happened, epoch milliseconds, if the provider says. */
  readonly occurredAt?: (context: SourceContext) => number | undefined;
  /** Schemas by event type; a type without one is not validated. */
  readonly schemas?: TSchemas;
  /**
   * Type only, never set at run time: the provider's payload types by event type, which type the
   * handlers of `on(source, type, …)` (a preset's type parameter, e.g. `stripeSource<Stripe.Event>`).
   */
  readonly "~events"?: TEvents;
  /** A body larger than this answers 413. @default the ingestor's `maxBodyBytes` */
  readonly maxBodyBytes?: number;
  /** How long the body may take to arrive, in ms (408 after). @default the ingestor's `bodyTimeoutMs` */
  readonly bodyTimeoutMs?: number;
  /** Most nesting levels of the parsed payload (413 `PAYLOAD_TOO_DEEP`). @default the ingestor's `maxPayloadDepth` */
  readonly maxPayloadDepth?: number;
  /** Most object keys plus array items in the parsed payload (413 `PAYLOAD_TOO_COMPLEX`). @default the ingestor's `maxPayloadItems` */
  readonly maxPayloadItems?: number;
  /** Longest string (value or key) in the parsed payload, in characters (413 `PAYLOAD_TOO_COMPLEX`). @default the ingestor's `maxPayloadStringLength` */
  readonly maxPayloadStringLength?: number;
  /**
   * Answer a provider handshake; runs only after verification succeeded, with its result. Return
   * `undefined` for ordinary events.
   */
  readonly handshake?: (
    context: HandshakeContext,
  ) => HandshakeResponse | undefined | Promise<HandshakeResponse | undefined>;
  /**
   * The answer once the event is stored (or recognised as a duplicate), for providers that expect a
   * specific body instead of `202 {"id","status"}`: Discord interactions want an interaction
   * response. Runs only after the event is stored; return `undefined` for the default answer.
   */
  readonly acknowledge?: (context: AcknowledgeContext) => HandshakeResponse | undefined;
  /**
   * Answers a provider's GET challenge (Meta's and Strava's `hub.challenge`, Dropbox's `challenge`).
   * The ingestor accepts GET only for a source that defines this hook; every other GET is 405. The
   * request carries no signature, so the hook must check the provider's proof itself (a verify
   * token, compared in constant time) and throw a `SignatureVerificationError` (401) when it fails:
   * a challenge answered without proof would make the endpoint an oracle. Return `undefined` for a
   * GET that is not a challenge (answered 405). No body is read and nothing is stored.
   */
  readonly challenge?: (
    request: ChallengeRequest,
  ) => HandshakeResponse | undefined | Promise<HandshakeResponse | undefined>;
}

/**
 * Declares a source with its schemas typed, so transformers bound to it infer their payload types.
 * @example
 * const newstore = defineSource({
 *   name: "newstore",
 *   verifier: createHmacVerifier({ secret, header: "x-newstore-signature", prefix: "sha256=" }),
 *   id: ({ payload }) => (payload as { id?: string }).id,
 *   type: ({ payload }) => (payload as { name?: string }).name,
 *   schemas: { "order.completed": orderCompletedSchema },
 * });
 * @category Ingest
 */
export function defineSource<const TSchemas extends SourceSchemas>(
  source: Source<TSchemas>,
): Source<TSchemas> {
  return source;
}
