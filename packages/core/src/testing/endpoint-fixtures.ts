import type { EndpointRecord } from "../endpoints/endpoint-record.ts";
import type { EndpointStore } from "../endpoints/endpoint-store.ts";
import type { SuiteTest } from "./conformance-harness.ts";

const CREATED_AT = 1_767_225_600_000;

/**
 * An endpoint with every field set: two secrets (the old one expiring), event types, a retry
 * schedule, a rate limit; `overrides` win.
 * @internal
 */
export function endpointRecord(
  id: string,
  overrides: Partial<EndpointRecord> = {},
): EndpointRecord {
  return {
    id,
    tenant: "tenant-a",
    url: `https://receiver.example/hooks/${id}?team=7`,
    description: `Orders for ${id} — "quoted", ünïcode`,
    eventTypes: ["order.completed", "order.refunded"],
    enabled: true,
    secrets: [
      { secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", createdAt: CREATED_AT },
      {
        secret: "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
        createdAt: CREATED_AT - 86_400_000,
        expiresAt: CREATED_AT + 86_400_000,
      },
    ],
    retry: { kind: "schedule", delaysMs: [5_000, 300_000, 1_800_000] },
    retryClientErrors: true,
    rateLimitPerSecond: 25,
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT + 1_000,
    ...overrides,
  };
}

/**
 * The adapter's endpoint store. An adapter without one fails every `endpoints:` case with this
 * message, so a missing store is never mistaken for a passing one.
 * @internal
 */
export function endpointsOf(t: SuiteTest): EndpointStore {
  const store = t.adapter.endpoints;
  if (store === undefined) {
    throw new Error(
      "The adapter has no endpoint store (`adapter.endpoints` is undefined): implement `EndpointStore`, or list the `endpoints:` tests in `skip` with a reason.",
    );
  }
  return store;
}

/** Inserts one endpoint per id, in order; `tenantOf(i)` picks each one's tenant. @internal */
export async function insertEndpoints(
  t: SuiteTest,
  ids: readonly string[],
  tenantOf: (i: number) => string = () => "tenant-a",
): Promise<void> {
  const store = endpointsOf(t);
  for (const [i, id] of ids.entries())
    await store.insert(endpointRecord(id, { tenant: tenantOf(i) }));
}

/** The ids of `records`, in order. @internal */
export function idsOf(records: readonly EndpointRecord[]): string[] {
  return records.map((record) => record.id);
}
