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

// Ingest: the entry points
export {
  createIngestor,
  DEFAULT_IDEMPOTENCY_TTL_MS,
  DEFAULT_CLAIM_STALE_AFTER_MS,
  DEFAULT_CONCURRENCY,
} from "./ingest/create-ingestor.ts";
export type { Ingestor, IngestorOptions } from "./ingest/create-ingestor.ts";
export type { IncomingWebhook, WebhookResponse, RawBody } from "./ingest/incoming-webhook.ts";
export { DEFAULT_MAX_BODY_BYTES, DEFAULT_MEDIA_TYPES } from "./ingest/limits.ts";
export { DEFAULT_DRAIN_TIMEOUT_MS } from "./ingest/drain-queue.ts";
export type { IngestOutcome } from "./ingest/http-result.ts";

// Adapters: the stateful contracts
export type { Adapter, AdapterCapabilities } from "./adapter.ts";
export type {
  IdempotencyStore,
  ClaimOptions,
  ClaimResult,
  SettleOutcome,
} from "./idempotency/idempotency-store.ts";
export type { EventStore, ListEventsOptions, EventPage } from "./events/event-store.ts";
export type {
  EventRecord,
  EventStatus,
  DeliveryRecord,
  DeliveryStatus,
  AttemptRecord,
} from "./events/event-record.ts";
export type {
  Queue,
  QueueJob,
  EnqueueOptions,
  JobOutcome,
  JobHandler,
  ConsumeOptions,
  QueueCounts,
} from "./queue/queue.ts";

// Sources and verification
export { defineSource } from "./sources/source.ts";
export type {
  Source,
  SourceContext,
  SourceSchemas,
  HandshakeResponse,
  AcknowledgeContext,
} from "./sources/source.ts";
export type {
  SignatureVerifier,
  Signer,
  VerifyRequest,
  SignRequest,
} from "./verify/signature-scheme.ts";

// Transform, route, dispatch, worker, lifecycle
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
export { planDeliveries } from "./route/router.ts";
export type { TransformOutcome } from "./route/router.ts";
export {
  DEFAULT_RETRY_POLICY,
  resolveRetryPolicy,
  computeRetryDelayMs,
  isRetryableStatus,
  parseRetryAfter,
} from "./dispatch/retry-policy.ts";
export type { RetryPolicy } from "./dispatch/retry-policy.ts";
export type { Destination, DeliveryContext, DeliveryResult } from "./dispatch/destination.ts";
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
export { attemptDelivery, nextAttemptNumber } from "./dispatch/dispatcher.ts";
export type {
  AttemptDeliveryOptions,
  AttemptDeliveryResult,
  AttemptOutcome,
} from "./dispatch/dispatcher.ts";
export { createWorker, DEFAULT_WORKER_CONCURRENCY } from "./worker/create-worker.ts";
export type { Worker, WorkerOptions, ReplayResult } from "./worker/create-worker.ts";
export { createLifecycle } from "./lifecycle/hookwise-events.ts";
export type {
  Lifecycle,
  HookwiseEvents,
  HookwiseEventName,
  HookwiseListener,
} from "./lifecycle/hookwise-events.ts";

// Verification: foundation, generic HMAC, built-in schemes (verify owner)
export {
  encodeBase64,
  decodeBase64,
  encodeBase64Url,
  decodeBase64Url,
  encodeHex,
  decodeHex,
} from "./verify/encoding.ts";
export { timingSafeEqual } from "./verify/constant-time.ts";
export {
  hmacDigest,
  hmacDigestParts,
  hmacDigestPartsSync,
  concatParts,
  MAX_CACHED_HMAC_KEYS,
} from "./verify/hmac.ts";
export type { HmacAlgorithm, HmacParts } from "./verify/hmac.ts";
export {
  DEFAULT_TOLERANCE,
  resolveTolerance,
  parseUnixSeconds,
  parseUnixMilliseconds,
  assertWithinTolerance,
  assertWithinToleranceMs,
} from "./verify/timestamp.ts";
export type { TimestampTolerance } from "./verify/timestamp.ts";
export {
  WHSEC_PREFIX,
  toSecretList,
  stripWhsecPrefix,
  tryDecodeWhsecSecret,
  decodeWhsecSecret,
  deriveSecretKey,
  deriveSecretKeys,
} from "./verify/secrets.ts";
export type { SecretInput, SecretEncoding } from "./verify/secrets.ts";
export {
  DIAGNOSIS_MAX_BODY_BYTES,
  DIAGNOSIS_BODY_RESERIALIZED,
  diagnoseSignatureMismatch,
  signatureMismatchError,
} from "./verify/diagnose.ts";
export type { MismatchDiagnosisInput } from "./verify/diagnose.ts";
export { listSignatureFormat, keyValueSignatureFormat } from "./verify/signature-header-format.ts";
export type {
  SignatureHeaderFormat,
  ParsedSignatureHeader,
  ListSignatureFormatOptions,
  KeyValueSignatureFormatOptions,
} from "./verify/signature-header-format.ts";
export { compileSignedContent } from "./verify/signed-content.ts";
export type {
  SignedContent,
  SignedFields,
  CompiledSignedContent,
} from "./verify/signed-content.ts";
export type { SignatureEncoding, HmacSchemeOptions } from "./verify/hmac-scheme.ts";
export { createHmacVerifier, createHmacSigner } from "./verify/generic-hmac.ts";
export type { HmacVerifierOptions, HmacSignerOptions } from "./verify/generic-hmac.ts";
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
export {
  createStripeVerifier,
  createStripeSigner,
  STRIPE_SIGNATURE_HEADER,
  DEFAULT_STRIPE_TOLERANCE,
} from "./verify/stripe.ts";
export type { StripeVerifierOptions, StripeSignerOptions } from "./verify/stripe.ts";
export {
  createGitHubVerifier,
  createGitHubSigner,
  GITHUB_SIGNATURE_HEADER,
  GITHUB_LEGACY_SIGNATURE_HEADER,
} from "./verify/github.ts";
export type { GitHubVerifierOptions, GitHubSignerOptions } from "./verify/github.ts";
export {
  createShopifyVerifier,
  createShopifySigner,
  SHOPIFY_SIGNATURE_HEADER,
  SHOPIFY_EVENTS_SIGNATURE_HEADER,
} from "./verify/shopify.ts";
export type { ShopifyVerifierOptions, ShopifySignerOptions } from "./verify/shopify.ts";
export {
  createSlackVerifier,
  createSlackSigner,
  SLACK_SIGNATURE_HEADER,
  SLACK_TIMESTAMP_HEADER,
  DEFAULT_SLACK_TOLERANCE,
} from "./verify/slack.ts";
export type { SlackVerifierOptions, SlackSignerOptions } from "./verify/slack.ts";
export {
  createTypeformVerifier,
  createTypeformSigner,
  TYPEFORM_SIGNATURE_HEADER,
} from "./verify/typeform.ts";
export type { TypeformVerifierOptions, TypeformSignerOptions } from "./verify/typeform.ts";
export {
  createIntercomVerifier,
  createIntercomSigner,
  INTERCOM_SIGNATURE_HEADER,
} from "./verify/intercom.ts";
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

// Verification and sources: Twilio, Square, Paddle, Linear, Zoom, HubSpot, Mailgun, SendGrid, Discord, WorkOS, GitLab token (verify-extra)
export type { PublicUrl } from "./verify/public-url.ts";
export {
  createTwilioVerifier,
  createTwilioSigner,
  withTwilioBodyHash,
  TWILIO_SIGNATURE_HEADER,
} from "./verify/twilio.ts";
export type { TwilioVerifierOptions, TwilioSignerOptions } from "./verify/twilio.ts";
export {
  createSquareVerifier,
  createSquareSigner,
  SQUARE_SIGNATURE_HEADER,
  SQUARE_LEGACY_SIGNATURE_HEADER,
} from "./verify/square.ts";
export type { SquareVerifierOptions, SquareSignerOptions } from "./verify/square.ts";
export {
  createPaddleVerifier,
  createPaddleSigner,
  PADDLE_SIGNATURE_HEADER,
  DEFAULT_PADDLE_TOLERANCE,
} from "./verify/paddle.ts";
export type { PaddleVerifierOptions, PaddleSignerOptions } from "./verify/paddle.ts";
export {
  createLinearVerifier,
  createLinearSigner,
  LINEAR_SIGNATURE_HEADER,
  LINEAR_TIMESTAMP_HEADER,
  DEFAULT_LINEAR_TOLERANCE,
} from "./verify/linear.ts";
export type { LinearVerifierOptions, LinearSignerOptions } from "./verify/linear.ts";
export {
  createZoomVerifier,
  createZoomSigner,
  zoomEncryptedToken,
  ZOOM_SIGNATURE_HEADER,
  ZOOM_TIMESTAMP_HEADER,
  DEFAULT_ZOOM_TOLERANCE,
} from "./verify/zoom.ts";
export type { ZoomVerifierOptions, ZoomSignerOptions } from "./verify/zoom.ts";
export {
  createHubSpotVerifier,
  createHubSpotSigner,
  HUBSPOT_SIGNATURE_V3_HEADER,
  HUBSPOT_TIMESTAMP_HEADER,
  DEFAULT_HUBSPOT_TOLERANCE,
} from "./verify/hubspot.ts";
export type {
  HubSpotVerifierOptions,
  HubSpotSignerOptions,
  HubSpotSignatureVersion,
} from "./verify/hubspot.ts";
export {
  HUBSPOT_LEGACY_SIGNATURE_HEADER,
  HUBSPOT_SIGNATURE_VERSION_HEADER,
} from "./verify/hubspot-legacy.ts";
export {
  createMailgunVerifier,
  createMailgunSigner,
  DEFAULT_MAILGUN_TOLERANCE,
} from "./verify/mailgun.ts";
export type {
  MailgunVerifierOptions,
  MailgunSignerOptions,
  MailgunSigner,
} from "./verify/mailgun.ts";
export { readMailgunSignature } from "./verify/mailgun-signature.ts";
export type { MailgunSignature } from "./verify/mailgun-signature.ts";
export {
  createSendGridVerifier,
  createSendGridSigner,
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
  DEFAULT_SENDGRID_TOLERANCE,
} from "./verify/sendgrid.ts";
export type { SendGridVerifierOptions, SendGridSignerOptions } from "./verify/sendgrid.ts";
export {
  createDiscordVerifier,
  createDiscordSigner,
  DISCORD_SIGNATURE_HEADER,
  DISCORD_TIMESTAMP_HEADER,
  DEFAULT_DISCORD_TOLERANCE,
} from "./verify/discord.ts";
export type { DiscordVerifierOptions, DiscordSignerOptions } from "./verify/discord.ts";
export {
  createWorkOSVerifier,
  createWorkOSSigner,
  WORKOS_SIGNATURE_HEADER,
  DEFAULT_WORKOS_TOLERANCE,
} from "./verify/workos.ts";
export type { WorkOSVerifierOptions, WorkOSSignerOptions } from "./verify/workos.ts";
export { createGitLabVerifier, createGitLabSigner, GITLAB_TOKEN_HEADER } from "./verify/gitlab.ts";
export type { GitLabVerifierOptions, GitLabSignerOptions } from "./verify/gitlab.ts";
export { twilioSource } from "./sources/presets/twilio.ts";
export type { TwilioSourceOptions } from "./sources/presets/twilio.ts";
export { squareSource } from "./sources/presets/square.ts";
export type { SquareSourceOptions } from "./sources/presets/square.ts";
export { paddleSource } from "./sources/presets/paddle.ts";
export type { PaddleSourceOptions } from "./sources/presets/paddle.ts";
export { linearSource } from "./sources/presets/linear.ts";
export type { LinearSourceOptions } from "./sources/presets/linear.ts";
export { zoomSource } from "./sources/presets/zoom.ts";
export type { ZoomSourceOptions } from "./sources/presets/zoom.ts";
export { hubspotSource } from "./sources/presets/hubspot.ts";
export type { HubSpotSourceOptions } from "./sources/presets/hubspot.ts";
export { mailgunSource } from "./sources/presets/mailgun.ts";
export type { MailgunSourceOptions } from "./sources/presets/mailgun.ts";
export { sendgridSource } from "./sources/presets/sendgrid.ts";
export type { SendGridSourceOptions } from "./sources/presets/sendgrid.ts";
export { discordSource } from "./sources/presets/discord.ts";
export type { DiscordSourceOptions, DiscordEndpointKind } from "./sources/presets/discord.ts";
export { workosSource } from "./sources/presets/workos.ts";
export type { WorkOSSourceOptions } from "./sources/presets/workos.ts";
export { gitlabSource } from "./sources/presets/gitlab.ts";
export type { GitLabSourceOptions } from "./sources/presets/gitlab.ts";

// Utilities
export { systemClock } from "./util/clock.ts";
export type { Clock, TimerHandle } from "./util/clock.ts";
export { consoleLogger, silentLogger } from "./util/logger.ts";
export type { Logger, LogFields } from "./util/logger.ts";
