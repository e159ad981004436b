/**
 * hookwise core: receive webhooks safely. Verify the signature on the raw bytes, validate the
 * payload, drop duplicates, store and enqueue before answering 202, then transform and deliver with
 * retries, dead letters and replay.
 *
 * @module @hookwise/core
 */

// Errors
export {
  ErrorCode,
  HookwiseError,
  isHookwiseError,
  ConfigurationError,
  RawBodyUnavailableError,
  PayloadTooLargeError,
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
  ClosedError,
  DeliveryError,
  NonRetryableError,
} from "./errors.ts";
export type { SignatureErrorCode, HookwiseErrorOptions, ValidationIssue } from "./errors.ts";

// Adapters: the stateful contracts
export type { Adapter, AdapterCapabilities } from "./adapter.ts";
export type { IdempotencyStore, ClaimOptions, ClaimResult, SettleOutcome } from "./idempotency/idempotency-store.ts";
export type { EventStore, ListEventsOptions, EventPage } from "./events/event-store.ts";
export type { EventRecord, EventStatus, DeliveryRecord, DeliveryStatus, AttemptRecord } from "./events/event-record.ts";
export type { Queue, QueueJob, EnqueueOptions, JobOutcome, JobHandler, ConsumeOptions, QueueCounts } from "./queue/queue.ts";

// Sources and verification
export { defineSource } from "./sources/source.ts";
export type { Source, SourceContext, SourceSchemas, HandshakeResponse } from "./sources/source.ts";
export type { SignatureVerifier, Signer, VerifyRequest, SignRequest } from "./verify/signature-scheme.ts";

// Utilities
export { systemClock } from "./util/clock.ts";
export type { Clock, TimerHandle } from "./util/clock.ts";
export { consoleLogger, silentLogger } from "./util/logger.ts";
export type { Logger, LogFields } from "./util/logger.ts";
