/**
 * Every non-2xx answer hookwise gives maps to exactly one error class and code here. Errors carry
 * their own HTTP status (and headers such as `Retry-After`), so `ingest/http-result.ts` is the one
 * place that turns them into responses and glue packages never pick a status.
 *
 * Messages say what went wrong and what to do. They never contain a secret, a signature or a
 * payload value (design invariant 5).
 */

/** Stable machine-readable error codes. Part of the public contract: never renamed. */
export const ErrorCode = {
  CONFIG_INVALID: "CONFIG_INVALID",
  RAW_BODY_UNAVAILABLE: "RAW_BODY_UNAVAILABLE",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  PAYLOAD_TOO_DEEP: "PAYLOAD_TOO_DEEP",
  PAYLOAD_TOO_COMPLEX: "PAYLOAD_TOO_COMPLEX",
  REQUEST_TIMEOUT: "REQUEST_TIMEOUT",
  CLIENT_ABORTED: "CLIENT_ABORTED",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  METHOD_NOT_ALLOWED: "METHOD_NOT_ALLOWED",
  SOURCE_NOT_FOUND: "SOURCE_NOT_FOUND",
  SIGNATURE_MISSING: "SIGNATURE_MISSING",
  SIGNATURE_MALFORMED: "SIGNATURE_MALFORMED",
  SIGNATURE_MISMATCH: "SIGNATURE_MISMATCH",
  TIMESTAMP_INVALID: "TIMESTAMP_INVALID",
  TIMESTAMP_OUT_OF_TOLERANCE: "TIMESTAMP_OUT_OF_TOLERANCE",
  PAYLOAD_MALFORMED: "PAYLOAD_MALFORMED",
  PAYLOAD_INVALID: "PAYLOAD_INVALID",
  UNKNOWN_EVENT_TYPE: "UNKNOWN_EVENT_TYPE",
  IDEMPOTENCY_CONFLICT: "IDEMPOTENCY_CONFLICT",
  IDEMPOTENCY_IN_FLIGHT: "IDEMPOTENCY_IN_FLIGHT",
  BACKEND_UNAVAILABLE: "BACKEND_UNAVAILABLE",
  EVENT_NOT_FOUND: "EVENT_NOT_FOUND",
  EVENT_EXISTS: "EVENT_EXISTS",
  CLOSED: "CLOSED",
  DELIVERY_FAILED: "DELIVERY_FAILED",
  DELIVERY_NON_RETRYABLE: "DELIVERY_NON_RETRYABLE",
  ENDPOINT_NOT_FOUND: "ENDPOINT_NOT_FOUND",
  ENDPOINT_EXISTS: "ENDPOINT_EXISTS",
  ENDPOINT_CHANGED: "ENDPOINT_CHANGED",
  ENDPOINT_URL_REFUSED: "ENDPOINT_URL_REFUSED",
  MESSAGE_NOT_FOUND: "MESSAGE_NOT_FOUND",
} as const;

/** One of the {@link ErrorCode} values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes a {@link SignatureVerificationError} may carry. */
export type SignatureErrorCode =
  | typeof ErrorCode.SIGNATURE_MISSING
  | typeof ErrorCode.SIGNATURE_MALFORMED
  | typeof ErrorCode.SIGNATURE_MISMATCH
  | typeof ErrorCode.TIMESTAMP_INVALID
  | typeof ErrorCode.TIMESTAMP_OUT_OF_TOLERANCE;

/** Shared by every copy of core (ESM, CJS, duplicated installs): `Symbol.for` is global. */
const BRAND: symbol = Symbol.for("hookwise.error");

/** Options shared by every hookwise error. */
export interface HookwiseErrorOptions extends ErrorOptions {
  /** Extra response headers, e.g. `Retry-After`. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * Base class of every hookwise error: a code, an HTTP status and optional response headers.
 * Recognise one with {@link isHookwiseError}, not `instanceof` (several copies of core may be loaded).
 * @category Errors
 */
export class HookwiseError extends Error {
  override name = "HookwiseError";
  /** Stable machine-readable code. */
  readonly code: ErrorCode;
  /** The HTTP status this error answers with. */
  readonly status: number;
  /** Extra response headers. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: ErrorCode,
    status: number,
    message: string,
    options: HookwiseErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = status;
    this.headers = options.headers ?? {};
    // Non-enumerable brand, so JSON and logs of the error stay clean.
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * True for any hookwise error, from this or any other copy of `@hookwise/core`.
 * @category Errors
 */
export function isHookwiseError(value: unknown): value is HookwiseError {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[BRAND] === true
  );
}

/**
 * A setup mistake: thrown by factories when an option is wrong. Never sent to a webhook sender.
 * @category Errors
 */
export class ConfigurationError extends HookwiseError {
  override name = "ConfigurationError";
  constructor(
    message: string,
    options?: HookwiseErrorOptions,
    code: ErrorCode = ErrorCode.CONFIG_INVALID,
  ) {
    super(code, 500, message, options);
  }
}

/**
 * The host framework consumed or parsed the body before hookwise saw it, so the exact bytes the
 * sender signed are gone (design invariant 4). The message says how to fix the mounting.
 * @category Errors
 */
export class RawBodyUnavailableError extends ConfigurationError {
  override name = "RawBodyUnavailableError";
  constructor(message: string, options?: HookwiseErrorOptions) {
    super(message, options, ErrorCode.RAW_BODY_UNAVAILABLE);
  }
}

/** 413: the body is larger than `maxBodyBytes`. @category Errors */
export class PayloadTooLargeError extends HookwiseError {
  override name = "PayloadTooLargeError";
  /** The limit that was exceeded, in bytes. */
  readonly limitBytes: number;
  constructor(limitBytes: number, options?: HookwiseErrorOptions) {
    super(
      ErrorCode.PAYLOAD_TOO_LARGE,
      413,
      `Request body exceeds the limit of ${limitBytes} bytes.`,
      options,
    );
    this.limitBytes = limitBytes;
  }
}

/** Codes a {@link PayloadTooComplexError} may carry. */
export type PayloadShapeErrorCode =
  typeof ErrorCode.PAYLOAD_TOO_DEEP | typeof ErrorCode.PAYLOAD_TOO_COMPLEX;

/**
 * 413: the parsed payload is beyond the shape limits (`maxPayloadDepth` gives `PAYLOAD_TOO_DEEP`;
 * `maxPayloadItems` or `maxPayloadStringLength` gives `PAYLOAD_TOO_COMPLEX`). Checked once on the
 * ack path, so nothing is accepted that the worker, the adapter or a destination could choke on.
 * @category Errors
 */
export class PayloadTooComplexError extends HookwiseError {
  override name = "PayloadTooComplexError";
  declare readonly code: PayloadShapeErrorCode;
  constructor(code: PayloadShapeErrorCode, message: string, options?: HookwiseErrorOptions) {
    super(code, 413, message, options);
  }
}

/**
 * 408: the body did not arrive within `bodyTimeoutMs` (a slow or stalled sender). Answered with
 * `Connection: close`, so the rest of a dribbled body is not waited for.
 * @category Errors
 */
export class RequestTimeoutError extends HookwiseError {
  override name = "RequestTimeoutError";
  /** The deadline that passed, in ms. */
  readonly timeoutMs: number;
  constructor(timeoutMs: number, options?: HookwiseErrorOptions) {
    super(
      ErrorCode.REQUEST_TIMEOUT,
      408,
      `The request body did not arrive within ${timeoutMs} ms.`,
      { ...options, headers: { ...options?.headers, connection: "close" } },
    );
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The sender hung up (or its stream failed) before the body was complete. Nobody is left to read an
 * answer: hookwise logs it at debug level only and counts it as a `rejected` event with this code.
 * Its 400 is what a glue writes if the socket still takes it.
 * @category Errors
 */
export class ClientAbortedError extends HookwiseError {
  override name = "ClientAbortedError";
  constructor(
    message = "The sender closed the connection before the body was complete.",
    options?: HookwiseErrorOptions,
  ) {
    super(ErrorCode.CLIENT_ABORTED, 400, message, options);
  }
}

/** 415: the source does not accept this media type. @category Errors */
export class UnsupportedMediaTypeError extends HookwiseError {
  override name = "UnsupportedMediaTypeError";
  constructor(message: string, options?: HookwiseErrorOptions) {
    super(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 415, message, options);
  }
}

/** 405: webhooks are delivered with POST (or the methods a source allows). @category Errors */
export class MethodNotAllowedError extends HookwiseError {
  override name = "MethodNotAllowedError";
  constructor(allowed: readonly string[]) {
    super(ErrorCode.METHOD_NOT_ALLOWED, 405, `Method not allowed; use ${allowed.join(" or ")}.`, {
      headers: { allow: allowed.join(", ") },
    });
  }
}

/** 404: no source is registered under that name. @category Errors */
export class UnknownSourceError extends HookwiseError {
  override name = "UnknownSourceError";
  constructor(message = "No webhook source is registered for this route.") {
    super(ErrorCode.SOURCE_NOT_FOUND, 404, message);
  }
}

/**
 * 401: the signature is missing, malformed or wrong, or its timestamp is outside the tolerance.
 * `diagnosis` adds a likely cause when one can be told (e.g. the host app parsed the body, the
 * secret has a trailing newline). The thrown error's `message` includes it, for your logs; the HTTP
 * answer to the sender carries only {@link SignatureVerificationError.publicMessage}, unless
 * `createIngestor({ exposeSignatureDiagnosis: true })` is set for development.
 * @example
 * try {
 *   await source.verifier.verify({ method: "POST", url: request.url, headers, body, now: Date.now() });
 * } catch (error) {
 *   if (error instanceof SignatureVerificationError) console.warn(error.message); // with the diagnosis
 * }
 * @category Errors
 */
export class SignatureVerificationError extends HookwiseError {
  override name = "SignatureVerificationError";
  declare readonly code: SignatureErrorCode;
  /** A likely cause, when one can be told; it may speak of our configuration, so never answered by default. */
  readonly diagnosis: string | undefined;
  /** What the sender is told: the message without the diagnosis. */
  readonly publicMessage: string;
  constructor(
    code: SignatureErrorCode,
    message: string,
    options: HookwiseErrorOptions & { diagnosis?: string } = {},
  ) {
    super(
      code,
      401,
      options.diagnosis === undefined ? message : `${message} ${options.diagnosis}`,
      options,
    );
    this.diagnosis = options.diagnosis;
    this.publicMessage = message;
  }
}

/** 400: the body is not what the source's media type promises (e.g. invalid JSON). @category Errors */
export class PayloadParseError extends HookwiseError {
  override name = "PayloadParseError";
  constructor(message = "Request body could not be parsed.", options?: HookwiseErrorOptions) {
    super(ErrorCode.PAYLOAD_MALFORMED, 400, message, options);
  }
}

/** One schema problem: where it is and what is wrong, never the offending value. */
export interface ValidationIssue {
  /** Path into the payload, e.g. `["payload", "items", 0, "price"]`. */
  readonly path: readonly (string | number)[];
  /** The schema library's message. */
  readonly message: string;
}

/** 422: the payload does not match the source's schema for its event type. @category Errors */
export class PayloadValidationError extends HookwiseError {
  override name = "PayloadValidationError";
  /** Paths and messages of every issue; never the values. */
  readonly issues: readonly ValidationIssue[];
  constructor(
    issues: readonly ValidationIssue[],
    message = "Payload does not match the schema for its event type.",
  ) {
    super(ErrorCode.PAYLOAD_INVALID, 422, message);
    this.issues = issues;
  }
}

/** 422: the event type has no transformer and the unknown-type policy is `reject`. @category Errors */
export class UnknownEventTypeError extends HookwiseError {
  override name = "UnknownEventTypeError";
  constructor(message = "This event type is not accepted by this endpoint.") {
    super(ErrorCode.UNKNOWN_EVENT_TYPE, 422, message);
  }
}

/** 409: the same idempotency key arrived with a different payload. @category Errors */
export class IdempotencyConflictError extends HookwiseError {
  override name = "IdempotencyConflictError";
  /** The id of the event first accepted under this key. */
  readonly eventId: string | undefined;
  constructor(eventId?: string) {
    super(
      ErrorCode.IDEMPOTENCY_CONFLICT,
      409,
      "An event with the same idempotency key but a different payload was already received.",
    );
    this.eventId = eventId;
  }
}

/** 409: the same event is being accepted by another request right now; retry shortly. @category Errors */
export class EventInFlightError extends HookwiseError {
  override name = "EventInFlightError";
  constructor(retryAfterSeconds = 1) {
    super(
      ErrorCode.IDEMPOTENCY_IN_FLIGHT,
      409,
      "The same event is being processed by another request; retry later.",
      {
        headers: { "retry-after": String(retryAfterSeconds) },
      },
    );
  }
}

/**
 * 503 with `Retry-After`: a store or the queue failed, so the event was NOT accepted and the sender
 * should retry. Adapters wrap their client errors in this class.
 * @category Errors
 */
export class BackendUnavailableError extends HookwiseError {
  override name = "BackendUnavailableError";
  /** Seconds the sender should wait before retrying. */
  readonly retryAfterSeconds: number;
  constructor(
    message = "Storage backend is unavailable; the event was not accepted.",
    options: HookwiseErrorOptions & { retryAfterSeconds?: number } = {},
  ) {
    const retryAfterSeconds = options.retryAfterSeconds ?? 5;
    super(ErrorCode.BACKEND_UNAVAILABLE, 503, message, {
      ...options,
      headers: { ...options.headers, "retry-after": String(retryAfterSeconds) },
    });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** 404: no event with that id. @category Errors */
export class EventNotFoundError extends HookwiseError {
  override name = "EventNotFoundError";
  constructor() {
    super(ErrorCode.EVENT_NOT_FOUND, 404, "No event with that id.");
  }
}

/**
 * An event store was asked to insert a record whose id is taken. Core never answers a sender with
 * it: intake decides duplicates before inserting.
 * @category Errors
 */
export class EventExistsError extends HookwiseError {
  override name = "EventExistsError";
  constructor() {
    super(ErrorCode.EVENT_EXISTS, 409, "An event with that id is already stored.");
  }
}

/** 404: no outbound endpoint has that id. @category Errors */
export class EndpointNotFoundError extends HookwiseError {
  override name = "EndpointNotFoundError";
  constructor() {
    super(ErrorCode.ENDPOINT_NOT_FOUND, 404, "No endpoint with that id.");
  }
}

/** 409: an endpoint store was asked to insert an endpoint whose id is taken. @category Errors */
export class EndpointExistsError extends HookwiseError {
  override name = "EndpointExistsError";
  constructor() {
    super(ErrorCode.ENDPOINT_EXISTS, 409, "An endpoint with that id is already stored.");
  }
}

/**
 * 409: a compare-and-set `replace` of an endpoint found it changed since it was read (another
 * process updated or rotated it): read it again and re-apply the change.
 * @category Errors
 */
export class EndpointChangedError extends HookwiseError {
  override name = "EndpointChangedError";
  constructor() {
    super(
      ErrorCode.ENDPOINT_CHANGED,
      409,
      "The endpoint changed since it was read; read it again and retry the change.",
    );
  }
}

/**
 * 422: an endpoint URL that hookwise will not send to: not absolute http(s), carrying credentials,
 * or a literal loopback, private, link-local or metadata address (see docs/outbound.md).
 * @category Errors
 */
export class EndpointUrlRefusedError extends HookwiseError {
  override name = "EndpointUrlRefusedError";
  constructor(message: string) {
    super(ErrorCode.ENDPOINT_URL_REFUSED, 422, message);
  }
}

/** 404: no outbound message has that id. @category Errors */
export class MessageNotFoundError extends HookwiseError {
  override name = "MessageNotFoundError";
  constructor() {
    super(ErrorCode.MESSAGE_NOT_FOUND, 404, "No message with that id.");
  }
}

/** An operation was attempted after `close()`. @category Errors */
export class ClosedError extends HookwiseError {
  override name = "ClosedError";
  constructor(what: string) {
    super(ErrorCode.CLOSED, 503, `${what} is closed; create a new one.`, {
      headers: { "retry-after": "5" },
    });
  }
}

/**
 * A delivery attempt failed. `retryable` says whether the retry policy may try again.
 * @category Errors
 */
export class DeliveryError extends HookwiseError {
  override name = "DeliveryError";
  /** HTTP status from the destination, when there was a response. */
  readonly responseStatus: number | undefined;
  /** Whether another attempt may succeed. */
  readonly retryable: boolean;
  /** Seconds the destination asked us to wait (its `Retry-After`), if any. */
  readonly retryAfterSeconds: number | undefined;
  constructor(
    message: string,
    options: HookwiseErrorOptions & {
      responseStatus?: number;
      retryable?: boolean;
      retryAfterSeconds?: number;
    } = {},
  ) {
    super(ErrorCode.DELIVERY_FAILED, 502, message, options);
    this.responseStatus = options.responseStatus;
    this.retryable = options.retryable ?? true;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/**
 * Throw from a handler destination or transformer to stop retrying: the delivery is dead-lettered
 * at once (like p-retry's `AbortError` or BullMQ's `UnrecoverableError`).
 * @category Errors
 */
export class NonRetryableError extends HookwiseError {
  override name = "NonRetryableError";
  constructor(message: string, options?: HookwiseErrorOptions) {
    super(ErrorCode.DELIVERY_NON_RETRYABLE, 502, message, options);
  }
}
