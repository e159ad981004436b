/**
 * hookwise core: receive webhooks safely. Verify the signature on the raw bytes, validate the
 * payload, drop duplicates, store and enqueue before answering 202, then transform and deliver with
 * retries, dead letters and replay.
 *
 * Provider presets, verifiers and signers (Stripe, GitHub, Slack, …) come from
 * `@hookwise/core/providers`; the adapter conformance suite from `@hookwise/core/testing`.
 *
 * @module @hookwise/core
 */

// Ingest: create the ingestor that receives, verifies, stores and acknowledges webhooks.
export {
  createIngestor,
  DEFAULT_IDEMPOTENCY_TTL_MS,
  DEFAULT_CLAIM_STALE_AFTER_MS,
} from "./create-ingestor.ts";
export type { Ingestor, IngestorOptions } from "./create-ingestor.ts";
export type {
  IncomingWebhook,
  WebhookResponse,
  RawBody,
  NodeReadableLike,
} from "./ingest/incoming-webhook.ts";
export { DEFAULT_MAX_BODY_BYTES, DEFAULT_MEDIA_TYPES } from "./ingest/limits.ts";
export { DEFAULT_BODY_TIMEOUT_MS } from "./ingest/read-body.ts";
export {
  DEFAULT_MAX_PAYLOAD_DEPTH,
  DEFAULT_MAX_PAYLOAD_ITEMS,
  DEFAULT_MAX_PAYLOAD_STRING_LENGTH,
} from "./ingest/payload-limits.ts";
export type { IngestOutcome } from "./sources/source.ts";
export type { ConflictPolicy } from "./ingest/accept-event.ts";
export { errorResponse, type ErrorResponseOptions } from "./ingest/http-result.ts";
export { toEventView, isSensitiveHeader, MASKED_HEADER_VALUE } from "./events/event-view.ts";
export type {
  EventView,
  EventViewOptions,
  DeliveryView,
  AttemptView,
} from "./events/event-view.ts";

// Sources & verification: where webhooks come from, and the generic signature schemes.
export { defineSource } from "./sources/source.ts";
export type {
  Source,
  SourceContext,
  SourceSchemas,
  HandshakeContext,
  HandshakeResponse,
  AcknowledgeContext,
  ChallengeRequest,
} from "./sources/source.ts";
export type {
  SignatureVerifier,
  Signer,
  Verification,
  VerifyRequest,
  SignRequest,
} from "./verify/signature-scheme.ts";
export { createHmacVerifier, createHmacSigner } from "./verify/generic-hmac.ts";
export type { HmacVerifierOptions, HmacSignerOptions } from "./verify/generic-hmac.ts";
export type { SignatureEncoding, HmacSchemeOptions } from "./verify/hmac-scheme.ts";
export type { HmacAlgorithm, HmacParts } from "./verify/hmac.ts";
export type { SecretInput, SecretEncoding } from "./verify/secrets.ts";
export { DEFAULT_TOLERANCE } from "./verify/timestamp.ts";
export type { TimestampTolerance } from "./verify/timestamp.ts";
export { listSignatureFormat, keyValueSignatureFormat } from "./verify/signature-header-format.ts";
export type {
  SignatureHeaderFormat,
  ParsedSignatureHeader,
  ListSignatureFormatOptions,
  KeyValueSignatureFormatOptions,
} from "./verify/signature-header-format.ts";
export type { SignedContent, SignedFields } from "./verify/signed-content.ts";
export {
  createStandardWebhooksVerifier,
  DEFAULT_STANDARD_WEBHOOKS_TOLERANCE,
} from "./verify/standard-webhooks.ts";
export type { StandardWebhooksVerifierOptions } from "./verify/standard-webhooks.ts";
export { createStandardWebhooksSigner } from "./verify/standard-webhooks-signer.ts";
export type { StandardWebhooksSignerOptions } from "./verify/standard-webhooks-signer.ts";
export {
  generateStandardWebhooksKeyPair,
  WHPK_PREFIX,
  WHSK_PREFIX,
} from "./verify/standard-webhooks-keys.ts";
export type { StandardWebhooksKeyPair } from "./verify/standard-webhooks-keys.ts";
export { standardWebhooksSource } from "./sources/presets/standard-webhooks.ts";
export type { StandardWebhooksSourceOptions } from "./sources/presets/standard-webhooks.ts";

// Transform & deliver: turn stored events into outputs and deliver them with retries.
export { on } from "./transform/on.ts";
export type {
  EventHandler,
  EventHandlerFunction,
  HandlerEvent,
  OnOptions,
} from "./transform/on.ts";
export type {
  EventTypeMap,
  EventsByType,
  GitHubEventsOf,
  EventTypePattern,
  KnownEventType,
  PayloadFor,
} from "./sources/event-types.ts";
export { defineTransformer, transformerId } from "./transform/transformer.ts";
export type {
  Transformer,
  TransformInput,
  TransformResult,
  PayloadOf,
  SourceTransformerDefinition,
} from "./transform/transformer.ts";
export {
  createTransformerRegistry,
  DEFAULT_UNKNOWN_EVENT_TYPES,
} from "./transform/transformer-registry.ts";
export type {
  TransformerRegistry,
  TransformerRegistryOptions,
  UnknownEventTypePolicy,
} from "./transform/transformer-registry.ts";
export {
  DEFAULT_RETRY_POLICY,
  resolveRetryPolicy,
  computeRetryDelayMs,
  isRetryableStatus,
  parseRetryAfter,
} from "./dispatch/retry-policy.ts";
export type { RetryPolicy } from "./dispatch/retry-policy.ts";
export type { Destination, DeliveryContext, DeliveryResult } from "./dispatch/destination.ts";
export { nextAttemptNumber, deliveryRound } from "./dispatch/dispatcher.ts";
export {
  createHandlerDestination,
  DEFAULT_HANDLER_TIMEOUT_MS,
} from "./dispatch/handler-destination.ts";
export type { DeliveryHandler, HandlerDestinationOptions } from "./dispatch/handler-destination.ts";
export {
  createHttpDestination,
  DEFAULT_HTTP_TIMEOUT_MS,
  DEFAULT_IDEMPOTENCY_KEY_HEADER,
} from "./dispatch/http-destination.ts";
export type { HttpDestinationOptions } from "./dispatch/http-destination.ts";
export {
  createWorker,
  DEFAULT_WORKER_CONCURRENCY,
  DEFAULT_DRAIN_TIMEOUT_MS,
  DEFAULT_SWEEP_INTERVAL_MS,
} from "./worker/create-worker.ts";
export type { Worker, WorkerOptions, ReplayResult } from "./worker/create-worker.ts";

// Adapters (contracts): the stores and queue a backend implements, proven by testAdapter.
export type { Adapter, AdapterCapabilities, BackendHealth } from "./adapter.ts";
export type { IntakeStore, IntakeRequest, IntakeResult } from "./intake/intake-store.ts";
export type {
  IdempotencyStore,
  ClaimOptions,
  ClaimResult,
  SettleOutcome,
} from "./idempotency/idempotency-store.ts";
export type {
  EventStore,
  ListEventsOptions,
  EventPage,
  EventSummary,
  DeliveryWithEvent,
  DeliveryState,
  AddDeliveriesOptions,
  RecordAttemptOptions,
  ResetDeliveriesOptions,
} from "./events/event-store.ts";
export type {
  EventRecord,
  EventStatus,
  DeliveryRecord,
  DeliveryStatus,
  AttemptRecord,
  EventError,
} from "./events/event-record.ts";
export type {
  Queue,
  QueueJob,
  EnqueueOptions,
  JobOutcome,
  JobHandler,
  JobContext,
  ConsumeOptions,
  Consumer,
  ConsumerCloseOptions,
  QueueCounts,
} from "./queue/queue.ts";
export type { ProcessJob, DeliverJob } from "./queue/jobs.ts";
export type {
  EndpointStore,
  EndpointOutcome,
  EndpointPage,
  ListEndpointsOptions,
  ReplaceEndpointOptions,
} from "./endpoints/endpoint-store.ts";
export type {
  EndpointRecord,
  EndpointSecret,
  EndpointRetry,
  EndpointHealth,
  EndpointDisabledReason,
} from "./endpoints/endpoint-record.ts";

// Errors: each carries a stable `code` and the HTTP `status` it answers with.
export {
  ErrorCode,
  HookwiseError,
  isHookwiseError,
  ConfigurationError,
  RawBodyUnavailableError,
  PayloadTooLargeError,
  PayloadTooComplexError,
  RequestTimeoutError,
  ClientAbortedError,
  UnsupportedMediaTypeError,
  MethodNotAllowedError,
  UnknownSourceError,
  SignatureVerificationError,
  PayloadParseError,
  PayloadValidationError,
  UnknownEventTypeError,
  IdempotencyConflictError,
  EventInFlightError,
  BackendUnavailableError,
  EventNotFoundError,
  EventExistsError,
  EndpointNotFoundError,
  EndpointExistsError,
  EndpointChangedError,
  EndpointUrlRefusedError,
  MessageNotFoundError,
  ClosedError,
  DeliveryError,
  NonRetryableError,
} from "./errors.ts";
export type { SignatureErrorCode, HookwiseErrorOptions, ValidationIssue } from "./errors.ts";
export type { PayloadShapeErrorCode } from "./errors.ts";

// Lifecycle: typed events to observe the pipeline (logs, metrics, alerts).
export { createLifecycle } from "./lifecycle/hookwise-events.ts";
export type {
  Lifecycle,
  HookwiseEvents,
  HookwiseEventName,
  HookwiseListener,
} from "./lifecycle/hookwise-events.ts";

// Utilities: the clock and logger the pipeline is given.
export { systemClock } from "./util/clock.ts";
export type { Clock, TimerHandle } from "./util/clock.ts";
export { consoleLogger, silentLogger } from "./util/logger.ts";
export type { Logger, LogFields } from "./util/logger.ts";
