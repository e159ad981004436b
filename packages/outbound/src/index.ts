/**
 * Send webhooks to your clients from any hookwise adapter: endpoints per tenant, Standard Webhooks
 * signatures, retries, circuit breaking, SSRF protection, dead letters and replay.
 *
 * @module @hookwise/outbound
 */

// The outbox: send, endpoints, operations, lifecycle.
export {
  createOutbox,
  DEFAULT_OUTBOUND_TIMEOUT_MS,
  DEFAULT_OUTBOUND_CONCURRENCY,
  DEFAULT_SECRET_OVERLAP_MS,
  DEFAULT_SEND_IDEMPOTENCY_TTL_MS,
  DEFAULT_MAX_OUTBOUND_PAYLOAD_BYTES,
  DEFAULT_OUTBOUND_SWEEP_INTERVAL_MS,
  DEFAULT_OUTBOUND_DRAIN_TIMEOUT_MS,
} from "./create-outbox.ts";
export type { Outbox, OutboxOptions } from "./create-outbox.ts";
export type { SendMessage, SendResult } from "./send-message.ts";
export type { MessageView, MessageDeliveryView } from "./message-view.ts";
export type { DeadLetter, DeadLetterFilter, OutboundReplayResult } from "./operations.ts";
export type {
  OutboxEvents,
  OutboxEventName,
  AttemptEvent,
  DeliveryEvent,
} from "./outbox-events.ts";

// Endpoints.
export type {
  EndpointRegistry,
  CreateEndpoint,
  EndpointSettings,
  EndpointWithSecret,
} from "./endpoint-registry.ts";
export type { EndpointView, FailingEndpoint } from "./endpoint-view.ts";
export { generateEndpointSecret } from "./endpoint-secret.ts";

// Retries and the circuit breaker.
export { STANDARD_WEBHOOKS_RETRY, exponentialRetry, scheduleRetry } from "./retry-schedule.ts";
export { DEFAULT_FAILURE_THRESHOLD, DEFAULT_COOLDOWN_MS } from "./circuit-breaker.ts";
export type { CircuitBreakerOptions } from "./circuit-breaker.ts";

// Transports and the address policy.
export { TransportError } from "./transport.ts";
export type {
  Transport,
  TransportRequest,
  TransportResponse,
  TransportFailureKind,
} from "./transport.ts";
export { createAddressPolicy, CLOUD_METADATA_ADDRESSES } from "./address-policy.ts";
export type { AddressPolicy, AddressPolicyOptions, AddressVerdict } from "./address-policy.ts";
export { checkEndpointUrl } from "./endpoint-url.ts";
export {
  createUndiciTransport,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_CONNECTIONS_PER_ORIGIN,
  DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
} from "./undici-transport.ts";
export type { UndiciTransportOptions } from "./undici-transport.ts";
export {
  createFetchTransport,
  DEFAULT_RESPONSE_BODY_LIMIT,
  DEFAULT_USER_AGENT,
} from "./fetch-transport.ts";
export type { FetchTransportOptions } from "./fetch-transport.ts";
