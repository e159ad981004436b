import type { EventError } from "../events/event-record.ts";
import type { EndpointHealth, EndpointRecord } from "./endpoint-record.ts";

/** Options of {@link EndpointStore.list}. */
export interface ListEndpointsOptions {
  /** Page size. */
  readonly limit: number;
  /** Cursor from a previous page's `nextCursor`. */
  readonly cursor?: string;
}

/** One page of {@link EndpointStore.list}. */
export interface EndpointPage {
  readonly records: readonly EndpointRecord[];
  /** Pass to the next call to continue; absent on the last page. */
  readonly nextCursor?: string;
}

/** One delivery result, as {@link EndpointStore.recordOutcome} counts it. */
export interface EndpointOutcome {
  readonly ok: boolean;
  /** When the attempt finished, epoch ms. */
  readonly at: number;
  /** What went wrong, on a failure. */
  readonly error?: EventError;
}

/**
 * Options of {@link EndpointStore.replace}.
 * @category Adapters
 */
export interface ReplaceEndpointOptions {
  /** Replace only if the stored record's `updatedAt` is this one (compare-and-set). */
  readonly ifUpdatedAt?: number;
}

/**
 * The registry of outbound endpoints (`@hookwise/outbound`), and how each has been answering.
 *
 * Contract (checked by the `endpoints:` cases of `testAdapter` in `@hookwise/core/testing`):
 * - `insert` stores a copy and rejects with `EndpointExistsError` when the id is taken; `get` and the
 *   listings return copies equal to what was stored (secrets included: they sign).
 * - `replace` swaps the whole record for a new one with the same id and tenant, keeping its place in
 *   the listings; rejects with `EndpointNotFoundError` when there is none, and with
 *   `ConfigurationError` when the tenant differs (an endpoint never moves to another tenant). With
 *   `ifUpdatedAt` it replaces only a record whose `updatedAt` is that, atomically, and rejects
 *   with `EndpointChangedError` otherwise (so two processes changing one endpoint lose no change).
 * - `delete` removes the record and its health; resolves whether it existed.
 * - `listByTenant` returns the tenant's endpoints in insertion order; `list` pages through every
 *   tenant's, in insertion order, missing none and repeating none while records are inserted.
 * - `recordOutcome` is atomic: a failure adds one to `failureStreak` and sets `lastFailureAt` and
 *   `lastError`; a success sets the streak to 0 and `lastSuccessAt`. Concurrent calls lose no count.
 *   `health` of an endpoint with no outcome yet (or of an unknown id) is `{ failureStreak: 0 }`.
 *   `recordOutcome` and `claimProbe` reject with `EndpointNotFoundError` for an unknown id, so no
 *   health outlives a deleted endpoint.
 * - `claimProbe` is atomic: of concurrent callers, one gets `true`, and nobody else until `leaseMs`
 *   has passed (on the store's own clock for durable stores; use the one `now` you are given).
 * - Backend failures reject with `BackendUnavailableError`.
 * @category Adapters
 */
export interface EndpointStore {
  /** Store a new endpoint; rejects with `EndpointExistsError` when one has that id. */
  insert(record: EndpointRecord): Promise<void>;
  /** The endpoint, or `undefined`. */
  get(id: string): Promise<EndpointRecord | undefined>;
  /**
   * Replace an endpoint; rejects with `EndpointNotFoundError` when it is unknown, with
   * `ConfigurationError` when `record.tenant` is not its tenant, and, with `ifUpdatedAt`, with
   * `EndpointChangedError` when the stored record's `updatedAt` is another (a compare-and-set).
   */
  replace(record: EndpointRecord, options?: ReplaceEndpointOptions): Promise<void>;
  /** Remove an endpoint and its health; resolves whether it existed. */
  delete(id: string): Promise<boolean>;
  /** A tenant's endpoints, oldest first. */
  listByTenant(tenant: string): Promise<readonly EndpointRecord[]>;
  /** Page through every endpoint, oldest first. */
  list(options: ListEndpointsOptions): Promise<EndpointPage>;
  /** How the endpoint has been answering (`{ failureStreak: 0 }` before any outcome). */
  health(id: string): Promise<EndpointHealth>;
  /**
   * Count one delivery result, atomically; resolves with the health after it. Rejects with
   * `EndpointNotFoundError` when the endpoint is unknown.
   */
  recordOutcome(id: string, outcome: EndpointOutcome): Promise<EndpointHealth>;
  /**
   * Take the right to send the one probe that decides whether a paused endpoint resumes: `true` for
   * one caller per `leaseMs`. Rejects with `EndpointNotFoundError` when the endpoint is unknown.
   */
  claimProbe(id: string, now: number, leaseMs: number): Promise<boolean>;
}
