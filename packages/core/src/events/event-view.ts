import { encodeBase64 } from "../verify/encoding.ts";
import type { AttemptRecord, DeliveryRecord, EventRecord, EventStatus } from "./event-record.ts";

/** What a masked header value reads as in an {@link EventView}. @category Events */
export const MASKED_HEADER_VALUE = "[masked]";

/**
 * One delivery attempt in an {@link EventView}. Times are ISO 8601.
 * @category Events
 */
export interface AttemptView {
  readonly attempt: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly ok: boolean;
  readonly responseStatus: number | null;
  /** What went wrong: a code and a message. */
  readonly error: { readonly code: string; readonly message: string } | null;
  /** When this attempt failed and will be retried: the delay before the next one, in ms. */
  readonly nextAttemptInMs: number | null;
  /** The attempt after which the delivery was dead-lettered. */
  readonly final: boolean;
}

/**
 * One delivery (one output to one destination) in an {@link EventView}.
 * @category Events
 */
export interface DeliveryView {
  readonly id: string;
  readonly destination: string;
  /** `name@version` of the transformer (or handler) that produced the output. */
  readonly transformer: string;
  readonly status: DeliveryRecord["status"];
  /** The delivered output; left out with `{ payload: false }`. */
  readonly output?: unknown;
  readonly attempts: readonly AttemptView[];
}

/**
 * A stored event as plain JSON for status endpoints and logs of your own: times as ISO 8601, the
 * body as text (base64 when it is not UTF-8), the provider's event id beside hookwise's, and every
 * header that may carry a credential masked. Built by {@link toEventView}.
 * @category Events
 */
export interface EventView {
  /** hookwise's event id (`hw_…`). */
  readonly id: string;
  /** The provider's event id, as the source read it (Stripe's `evt_…`, GitHub's delivery id). */
  readonly providerEventId: string;
  readonly source: string;
  readonly type: string;
  readonly status: EventStatus;
  readonly receivedAt: string;
  readonly occurredAt: string | null;
  readonly updatedAt: string;
  /** Request headers (lower-case names); signature, token, cookie and auth headers masked. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body, as `bodyEncoding` says; left out with `{ payload: false }`. */
  readonly body?: string;
  /** `utf8` when the body is valid UTF-8 text, else `base64`. */
  readonly bodyEncoding?: "utf8" | "base64";
  /** Why the event was dead-lettered before any delivery was planned. */
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly deliveries: readonly DeliveryView[];
}

/** Options of {@link toEventView}. @category Events */
export interface EventViewOptions {
  /**
   * Include what the sender sent and what was delivered: the body and each delivery's output.
   * Turn it off for an endpoint that must not show customer data.
   * @default true
   */
  readonly payload?: boolean;
}

/**
 * A serialisable view of a stored event (from `getEvent`, `findEvent` or `listEvents`) that is safe
 * to answer from a status endpoint: `res.json(toEventView(record))`. The body is text, never a
 * `{"0":123,…}` byte object; `authorization`, `cookie` and every header whose name contains
 * `signature`, `token`, `secret`, `auth`, `hmac` or `api-key` read `[masked]`.
 * @example
 * const record = await ingestor.getEvent(id);
 * const view = record === undefined ? undefined : toEventView(record, { payload: false });
 * @category Events
 */
export function toEventView(record: EventRecord, options: EventViewOptions = {}): EventView {
  const payload = options.payload ?? true;
  return {
    id: record.id,
    providerEventId: record.idempotencyKey,
    source: record.source,
    type: record.type,
    status: record.status,
    receivedAt: iso(record.receivedAt),
    occurredAt: record.occurredAt === undefined ? null : iso(record.occurredAt),
    updatedAt: iso(record.updatedAt),
    headers: maskHeaders(record.headers),
    ...(payload && bodyView(record.body)),
    error: record.error === undefined ? null : { ...record.error },
    deliveries: record.deliveries.map((delivery) => ({
      id: delivery.id,
      destination: delivery.destination,
      transformer: delivery.transformer,
      status: delivery.status,
      ...(payload && { output: delivery.output }),
      attempts: delivery.attempts.map(toAttemptView),
    })),
  };
}

const SENSITIVE_NAMES = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie"]);
const SENSITIVE_PARTS = ["signature", "token", "secret", "auth", "hmac", "api-key", "apikey"];

/**
 * Whether a header may carry a credential and is masked in an {@link EventView}.
 * @category Events
 */
export function isSensitiveHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return SENSITIVE_NAMES.has(lower) || SENSITIVE_PARTS.some((part) => lower.includes(part));
}

function maskHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const masked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    masked[name] = isSensitiveHeader(name) ? MASKED_HEADER_VALUE : value;
  }
  return masked;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function bodyView(body: Uint8Array): Pick<EventView, "body" | "bodyEncoding"> {
  try {
    return { body: strictUtf8.decode(body), bodyEncoding: "utf8" };
  } catch {
    return { body: encodeBase64(body), bodyEncoding: "base64" };
  }
}

function toAttemptView(attempt: AttemptRecord): AttemptView {
  return {
    attempt: attempt.attempt,
    startedAt: iso(attempt.startedAt),
    finishedAt: iso(attempt.finishedAt),
    ok: attempt.ok,
    responseStatus: attempt.responseStatus ?? null,
    error: attempt.error === undefined ? null : { ...attempt.error },
    nextAttemptInMs: attempt.nextAttemptInMs ?? null,
    final: attempt.final ?? false,
  };
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
