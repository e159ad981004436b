import type {
  EndpointDisabledReason,
  EndpointHealth,
  EndpointRecord,
  EndpointRetry,
} from "@hookwise/core";

/**
 * An endpoint as people and APIs may see it: everything but its secrets (a secret is shown once, at
 * creation and on rotation). Serialisable.
 * @category Endpoints
 */
export interface EndpointView {
  readonly id: string;
  readonly tenant: string;
  readonly url: string;
  readonly description: string;
  /** Event types it is sent; empty means every type. */
  readonly eventTypes: readonly string[];
  readonly enabled: boolean;
  readonly disabledReason?: EndpointDisabledReason;
  readonly retry?: EndpointRetry;
  readonly retryClientErrors: boolean;
  readonly rateLimitPerSecond?: number;
  /** How many secrets sign right now (2 during a rotation's overlap). */
  readonly activeSecrets: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** {@link EndpointView} of a record: secrets left out. */
export function toEndpointView(record: EndpointRecord, now: number): EndpointView {
  return {
    id: record.id,
    tenant: record.tenant,
    url: record.url,
    description: record.description,
    eventTypes: [...record.eventTypes],
    enabled: record.enabled,
    ...(record.disabledReason !== undefined && { disabledReason: record.disabledReason }),
    ...(record.retry !== undefined && { retry: record.retry }),
    retryClientErrors: record.retryClientErrors === true,
    ...(record.rateLimitPerSecond !== undefined && {
      rateLimitPerSecond: record.rateLimitPerSecond,
    }),
    activeSecrets: record.secrets.filter(
      (entry) => entry.expiresAt === undefined || entry.expiresAt > now,
    ).length,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/**
 * An endpoint that has been failing: its view, its health and where its circuit stands.
 * @category Endpoints
 */
export interface FailingEndpoint {
  readonly endpoint: EndpointView;
  readonly health: EndpointHealth;
  /** `open` while deliveries to it are paused by the circuit breaker. */
  readonly circuit: "closed" | "open" | "half_open";
}
