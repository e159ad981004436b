import type { Adapter } from "../adapter.ts";
import {
  MethodNotAllowedError,
  SignatureVerificationError,
  UnknownEventTypeError,
  isHookwiseError,
} from "../errors.ts";
import type { Lifecycle } from "../lifecycle/hookwise-events.ts";
import type { AcknowledgeContext, Source } from "../sources/source.ts";
import type { SourceRegistry } from "../sources/source-registry.ts";
import type { TransformerRegistry } from "../transform/transformer-registry.ts";
import { sha256Hex, sha256HexSync } from "../util/bytes.ts";
import { eventIdFor, eventIdForSync } from "../util/ids.ts";
import type { Clock } from "../util/clock.ts";
import type { Logger } from "../util/logger.ts";
import type { PayloadHandoff } from "../validate/payload-handoff.ts";
import { acceptEvent, type ConflictPolicy } from "./accept-event.ts";
import { answerChallenge } from "./answer-challenge.ts";
import { errorResponse, outcomeResponse } from "./http-result.ts";
import type { IncomingWebhook, WebhookResponse } from "./incoming-webhook.ts";
import {
  assertDeclaredLength,
  assertIdentityEncoding,
  assertMediaType,
  DEFAULT_MEDIA_TYPES,
} from "./limits.ts";
import type { PayloadLimits } from "./payload-limits.ts";
import { readBody } from "./read-body.ts";
import { readEvent } from "./read-event.ts";
import { headerRecord, toHeaders } from "./record-headers.ts";

/** Everything the pipeline needs, resolved once by `createIngestor`. */
export interface IngestContext {
  readonly adapter: Adapter;
  readonly sources: SourceRegistry;
  readonly transformers: TransformerRegistry;
  readonly lifecycle: Lifecycle;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly maxBodyBytes: number;
  /** How long a body may take to arrive, in ms (408 after); a source may set its own. */
  readonly bodyTimeoutMs: number;
  /** Shape limits of parsed payloads (413); a source may override each. */
  readonly payloadLimits: PayloadLimits;
  readonly idempotencyTtlMs: number;
  readonly claimStaleAfterMs: number;
  /** What a reused key with other bytes gets (`createIngestor`'s `conflicts`). */
  readonly conflicts: ConflictPolicy;
  /** Answer signature diagnoses to the sender (`createIngestor`'s `exposeSignatureDiagnosis`). */
  readonly exposeSignatureDiagnosis?: boolean;
  /** Where accepted payloads go for this process's worker, when one runs. */
  readonly handoff?: PayloadHandoff | undefined;
}

/**
 * Steps 1 to 7 of the pipeline, top to bottom. Never throws: every failure becomes the one answer
 * `http-result.ts` maps it to. No user code runs here except the source's extractors and schemas.
 */
export async function ingestRequest(
  incoming: IncomingWebhook,
  context: IngestContext,
): Promise<WebhookResponse> {
  let sourceName: string | undefined;
  try {
    const method = incoming.method.toUpperCase();
    if (method === "GET")
      return await answerChallenge(incoming, context.sources, toHeaders(incoming.headers));
    if (method !== "POST") throw new MethodNotAllowedError(["POST"]);
    const source = context.sources.resolve(incoming.source, incoming.url);
    sourceName = source.name;
    context.lifecycle.emit("received", { source: source.name });

    const headers = toHeaders(incoming.headers);
    const maxBodyBytes = source.maxBodyBytes ?? context.maxBodyBytes;
    assertMediaType(headers.get("content-type"), source.mediaTypes ?? DEFAULT_MEDIA_TYPES);
    assertDeclaredLength(headers.get("content-length"), maxBodyBytes);
    const raw = typeof incoming.body === "function" ? incoming.body() : incoming.body;
    if (!(raw instanceof Uint8Array)) assertIdentityEncoding(headers.get("content-encoding"));
    const body = await readBody(raw, maxBodyBytes, {
      timeoutMs: source.bodyTimeoutMs ?? context.bodyTimeoutMs,
      clock: context.clock,
    });

    const verification = await source.verifier.verify({
      method,
      url: incoming.url,
      headers,
      body,
      now: context.clock.now(),
    });
    const read = await readEvent(
      source,
      headers,
      body,
      verification,
      payloadLimits(source, context),
    );
    if ("handshake" in read) return read.handshake;
    const { event } = read;

    const eventId =
      eventIdForSync(source.name, event.key) ?? (await eventIdFor(source.name, event.key));
    context.lifecycle.emit("verified", { source: source.name, eventId, type: event.type });
    const known = context.transformers.has(source.name, event.type);
    if (!known && context.transformers.unknownEventTypes === "reject")
      throw new UnknownEventTypeError();
    if (!known && context.transformers.unknownEventTypes === "ignore")
      return outcomeResponse("ignored", undefined);

    const outcome = await acceptEvent(
      {
        eventId,
        source: source.name,
        key: event.key,
        type: event.type,
        fingerprint: sha256HexSync(body) ?? (await sha256Hex(body)),
        occurredAt: event.occurredAt,
        headers: headerRecord(headers),
        body,
        receivedAt: context.clock.now(),
        status: known ? "queued" : "ignored",
        payload: event.payload,
      },
      context,
    );
    return acknowledge(
      source,
      { outcome, eventId, type: event.type, payload: event.payload },
      context,
    );
  } catch (error) {
    return rejectRequest(error, sourceName, context);
  }
}

/**
 * A source's own answer for a stored event, else the default. The event is already stored, so a
 * throwing `acknowledge` must not turn into an error the sender would retry: it falls back.
 */
function acknowledge(
  source: Source,
  acknowledged: AcknowledgeContext,
  context: IngestContext,
): WebhookResponse {
  try {
    const custom = source.acknowledge?.(acknowledged);
    if (custom !== undefined) return custom;
  } catch (error) {
    context.logger.error("A source's acknowledge() threw; answered with the default", {
      source: source.name,
      error: error instanceof Error ? error.name : typeof error,
    });
  }
  return outcomeResponse(acknowledged.outcome, acknowledged.eventId);
}

/** The answer for a failed request: mapped by `http-result.ts`, logged without payload, and emitted as `rejected`. */
export function rejectRequest(
  error: unknown,
  source: string | undefined,
  context: Pick<IngestContext, "logger" | "lifecycle" | "exposeSignatureDiagnosis">,
): WebhookResponse {
  const response = errorResponse(error, { exposeDiagnosis: context.exposeSignatureDiagnosis });
  const code = isHookwiseError(error) ? error.code : "UNEXPECTED";
  if (!isHookwiseError(error)) {
    // Name only: an unexpected error's message may quote the payload (invariant 5).
    context.logger.error("Unexpected error while ingesting a webhook; answered 503", {
      source,
      error: error instanceof Error ? error.name : typeof error,
    });
  } else if (error.code === "RAW_BODY_UNAVAILABLE" || error.code === "BACKEND_UNAVAILABLE") {
    context.logger.error(error.message, { source, code });
  } else if (error instanceof SignatureVerificationError && error.diagnosis !== undefined) {
    // The diagnosis is for us, not the sender; it is rate-limited where it is made (verify/diagnose.ts).
    context.logger.warn(`A webhook failed verification: ${error.message}`, { source, code });
  } else if (error.code === "CLIENT_ABORTED") {
    // Anyone can hang up mid-body: counted through `rejected`, never an error line to flood logs.
    context.logger.debug?.("The sender hung up before the body was complete", { source, code });
  }
  context.lifecycle.emit("rejected", { source, code, status: response.status });
  return response;
}

/** The ingestor's payload limits with the source's own overrides, if it has any. */
function payloadLimits(source: Source, context: IngestContext): PayloadLimits {
  const { maxPayloadDepth, maxPayloadItems, maxPayloadStringLength } = source;
  if (
    maxPayloadDepth === undefined &&
    maxPayloadItems === undefined &&
    maxPayloadStringLength === undefined
  )
    return context.payloadLimits;
  return {
    maxDepth: maxPayloadDepth ?? context.payloadLimits.maxDepth,
    maxItems: maxPayloadItems ?? context.payloadLimits.maxItems,
    maxStringLength: maxPayloadStringLength ?? context.payloadLimits.maxStringLength,
  };
}
