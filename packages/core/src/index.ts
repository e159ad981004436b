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

// Verification: foundation, generic HMAC, built-in schemes (verify owner)
export { encodeBase64, decodeBase64, encodeBase64Url, decodeBase64Url, encodeHex, decodeHex } from "./verify/encoding.ts";
export { timingSafeEqual } from "./verify/constant-time.ts";
export { hmacDigest, hmacDigestParts, concatParts, MAX_CACHED_HMAC_KEYS } from "./verify/hmac.ts";
export type { HmacAlgorithm, HmacParts } from "./verify/hmac.ts";
export { DEFAULT_TOLERANCE, resolveTolerance, parseUnixSeconds, parseUnixMilliseconds, assertWithinTolerance, assertWithinToleranceMs } from "./verify/timestamp.ts";
export type { TimestampTolerance } from "./verify/timestamp.ts";
export { WHSEC_PREFIX, toSecretList, stripWhsecPrefix, tryDecodeWhsecSecret, decodeWhsecSecret, deriveSecretKey, deriveSecretKeys } from "./verify/secrets.ts";
export type { SecretInput, SecretEncoding } from "./verify/secrets.ts";
export { DIAGNOSIS_MAX_BODY_BYTES, DIAGNOSIS_BODY_RESERIALIZED, diagnoseSignatureMismatch, signatureMismatchError } from "./verify/diagnose.ts";
export type { MismatchDiagnosisInput } from "./verify/diagnose.ts";
export { listSignatureFormat, keyValueSignatureFormat } from "./verify/signature-header-format.ts";
export type { SignatureHeaderFormat, ParsedSignatureHeader, ListSignatureFormatOptions, KeyValueSignatureFormatOptions } from "./verify/signature-header-format.ts";
export { compileSignedContent } from "./verify/signed-content.ts";
export type { SignedContent, SignedFields, CompiledSignedContent } from "./verify/signed-content.ts";
export type { SignatureEncoding, HmacSchemeOptions } from "./verify/hmac-scheme.ts";
export { createHmacVerifier, createHmacSigner } from "./verify/generic-hmac.ts";
export type { HmacVerifierOptions, HmacSignerOptions } from "./verify/generic-hmac.ts";
export { createStandardWebhooksVerifier, DEFAULT_STANDARD_WEBHOOKS_TOLERANCE } from "./verify/standard-webhooks.ts";
export type { StandardWebhooksVerifierOptions } from "./verify/standard-webhooks.ts";
export { createStandardWebhooksSigner } from "./verify/standard-webhooks-signer.ts";
export type { StandardWebhooksSignerOptions } from "./verify/standard-webhooks-signer.ts";
export { generateStandardWebhooksKeyPair, WHPK_PREFIX, WHSK_PREFIX } from "./verify/standard-webhooks-keys.ts";
export type { StandardWebhooksKeyPair } from "./verify/standard-webhooks-keys.ts";
export { createStripeVerifier, createStripeSigner, STRIPE_SIGNATURE_HEADER, DEFAULT_STRIPE_TOLERANCE } from "./verify/stripe.ts";
export type { StripeVerifierOptions, StripeSignerOptions } from "./verify/stripe.ts";
export { createGitHubVerifier, createGitHubSigner, GITHUB_SIGNATURE_HEADER, GITHUB_LEGACY_SIGNATURE_HEADER } from "./verify/github.ts";
export type { GitHubVerifierOptions, GitHubSignerOptions } from "./verify/github.ts";
export { createShopifyVerifier, createShopifySigner, SHOPIFY_SIGNATURE_HEADER, SHOPIFY_EVENTS_SIGNATURE_HEADER } from "./verify/shopify.ts";
export type { ShopifyVerifierOptions, ShopifySignerOptions } from "./verify/shopify.ts";
export { createSlackVerifier, createSlackSigner, SLACK_SIGNATURE_HEADER, SLACK_TIMESTAMP_HEADER, DEFAULT_SLACK_TOLERANCE } from "./verify/slack.ts";
export type { SlackVerifierOptions, SlackSignerOptions } from "./verify/slack.ts";
export { createTypeformVerifier, createTypeformSigner, TYPEFORM_SIGNATURE_HEADER } from "./verify/typeform.ts";
export type { TypeformVerifierOptions, TypeformSignerOptions } from "./verify/typeform.ts";
export { createIntercomVerifier, createIntercomSigner, INTERCOM_SIGNATURE_HEADER } from "./verify/intercom.ts";
export type { IntercomVerifierOptions, IntercomSignerOptions } from "./verify/intercom.ts";
export { standardWebhooksSource } from "./sources/presets/standard-webhooks.ts";
export type { StandardWebhooksSourceOptions } from "./sources/presets/standard-webhooks.ts";
export { svixSource } from "./sources/presets/svix.ts";
export type { SvixSourceOptions } from "./sources/presets/svix.ts";
export { clerkSource } from "./sources/presets/clerk.ts";
export type { ClerkSourceOptions } from "./sources/presets/clerk.ts";
export { resendSource } from "./sources/presets/resend.ts";
export type { ResendSourceOptions } from "./sources/presets/resend.ts";
export { gitlabSigningTokenSource } from "./sources/presets/gitlab-signing-token.ts";
export type { GitLabSigningTokenSourceOptions } from "./sources/presets/gitlab-signing-token.ts";
export { stripeSource } from "./sources/presets/stripe.ts";
export type { StripeSourceOptions } from "./sources/presets/stripe.ts";
export { githubSource } from "./sources/presets/github.ts";
export type { GitHubSourceOptions } from "./sources/presets/github.ts";
export { shopifySource } from "./sources/presets/shopify.ts";
export type { ShopifySourceOptions } from "./sources/presets/shopify.ts";
export { slackSource } from "./sources/presets/slack.ts";
export type { SlackSourceOptions } from "./sources/presets/slack.ts";
export { typeformSource } from "./sources/presets/typeform.ts";
export type { TypeformSourceOptions } from "./sources/presets/typeform.ts";
export { intercomSource } from "./sources/presets/intercom.ts";
export type { IntercomSourceOptions } from "./sources/presets/intercom.ts";

// Utilities
export { systemClock } from "./util/clock.ts";
export type { Clock, TimerHandle } from "./util/clock.ts";
export { consoleLogger, silentLogger } from "./util/logger.ts";
export type { Logger, LogFields } from "./util/logger.ts";
