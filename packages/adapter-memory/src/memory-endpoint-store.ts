import {
  BackendUnavailableError,
  ClosedError,
  ConfigurationError,
  EndpointChangedError,
  EndpointExistsError,
  EndpointNotFoundError,
  type EndpointHealth,
  type EndpointOutcome,
  type EndpointPage,
  type EndpointRecord,
  type EndpointStore,
  type ListEndpointsOptions,
  type ReplaceEndpointOptions,
} from "@hookwise/core";
import { sequencePage } from "./sequence-page.ts";
import { durationMs, positiveLimit, promised } from "./validate-option.ts";

/** Default {@link MemoryEndpointStoreOptions.maxEndpoints}. */
export const DEFAULT_MAX_ENDPOINTS = 10_000;

/**
 * Options of {@link createMemoryEndpointStore}.
 * @category Adapters
 */
export interface MemoryEndpointStoreOptions {
  /**
   * Most endpoints held at once. Endpoints are never evicted: past the bound, `insert` rejects with
   * `BackendUnavailableError` until some are deleted. A positive integer or `Infinity`.
   * @default 10_000 ({@link DEFAULT_MAX_ENDPOINTS})
   */
  readonly maxEndpoints?: number;
}

/**
 * An {@link EndpointStore} in a bounded `Map`, in insertion order, with each endpoint's health and
 * probe lease beside it. Every call runs to completion without awaiting, so counting an outcome and
 * claiming a probe are atomic; records are copied on the way in and out. Probe leases run on the
 * `now` each caller passes.
 * @category Adapters
 */
export interface MemoryEndpointStore extends EndpointStore {
  /** Endpoints held now. */
  readonly size: number;
  /** Forget everything; later calls reject with `ClosedError`. */
  close(): void;
}

interface Entry {
  /** Insertion sequence: the cursor, stable while other endpoints come and go. */
  readonly seq: number;
  record: EndpointRecord;
  health: EndpointHealth;
  /** Until when the probe is taken (epoch ms of the callers' `now`); 0 when free. */
  probeUntil: number;
}

interface State {
  readonly maxEndpoints: number;
  /** Map order is insertion order, hence `seq` order; `replace` keeps an entry's place. */
  entries: Map<string, Entry>;
  /** Ids per tenant, in insertion order. */
  tenants: Map<string, Set<string>>;
  nextSeq: number;
  closed: boolean;
}

const NO_OUTCOME: EndpointHealth = Object.freeze({ failureStreak: 0 });

/**
 * Create an in-memory {@link EndpointStore}; {@link createMemoryAdapter} uses it as `endpoints`.
 * @example
 * const endpoints = createMemoryEndpointStore({ maxEndpoints: 1_000 });
 * const mine = await endpoints.listByTenant("acme");
 * @category Adapters
 */
export function createMemoryEndpointStore(
  options: MemoryEndpointStoreOptions = {},
): MemoryEndpointStore {
  const state: State = {
    maxEndpoints: positiveLimit("maxEndpoints", options.maxEndpoints ?? DEFAULT_MAX_ENDPOINTS),
    entries: new Map(),
    tenants: new Map(),
    nextSeq: 1,
    closed: false,
  };
  const entry = (id: string): Entry | undefined => open(state).entries.get(id);
  const known = (id: string): Entry => {
    const found = entry(id);
    if (found === undefined) throw new EndpointNotFoundError();
    return found;
  };
  return {
    get size() {
      return state.entries.size;
    },
    insert: (record) => promised(() => insert(state, record)),
    get: (id) => promised(() => copyOut(entry(id)?.record)),
    replace: (record, options) => promised(() => replace(known(record.id), record, options)),
    delete: (id) => promised(() => remove(state, id)),
    listByTenant: (tenant) =>
      promised(() => {
        const ids = open(state).tenants.get(tenant) ?? [];
        return Array.from(ids, (id) => structuredClone(known(id).record));
      }),
    list: (listOptions) => promised(() => listPage(open(state), listOptions)),
    health: (id) => promised(() => copyHealth(entry(id)?.health ?? NO_OUTCOME)),
    recordOutcome: (id, outcome) =>
      promised(() => {
        const found = known(id);
        found.health = counted(found.health, outcome);
        return copyHealth(found.health);
      }),
    claimProbe: (id, now, leaseMs) =>
      promised(() => {
        if (!Number.isFinite(now)) throw new ConfigurationError("`now` must be epoch ms.");
        durationMs("leaseMs", leaseMs, 1);
        const found = known(id);
        if (now < found.probeUntil) return false;
        found.probeUntil = now + leaseMs;
        return true;
      }),
    close() {
      state.closed = true;
      state.entries = new Map();
      state.tenants = new Map();
    },
  };
}

function open(state: State): State {
  if (state.closed) throw new ClosedError("The memory endpoint store");
  return state;
}

function insert(state: State, record: EndpointRecord): void {
  if (open(state).entries.has(record.id)) throw new EndpointExistsError();
  if (state.entries.size >= state.maxEndpoints) {
    throw new BackendUnavailableError(
      "The memory endpoint store is full; the endpoint was not stored. Delete endpoints, raise `maxEndpoints` or use a durable adapter.",
    );
  }
  const copy = structuredClone(record);
  state.entries.set(copy.id, {
    seq: state.nextSeq++,
    record: copy,
    health: NO_OUTCOME,
    probeUntil: 0,
  });
  const ids = state.tenants.get(copy.tenant) ?? new Set<string>();
  state.tenants.set(copy.tenant, ids.add(copy.id));
}

function replace(entry: Entry, record: EndpointRecord, options?: ReplaceEndpointOptions): void {
  if (record.tenant !== entry.record.tenant) {
    throw new ConfigurationError(
      "`replace` cannot move an endpoint to another tenant: keep its `tenant`, or delete it and insert a new one.",
    );
  }
  const expected = options?.ifUpdatedAt;
  if (expected !== undefined && entry.record.updatedAt !== expected)
    throw new EndpointChangedError();
  entry.record = structuredClone(record);
}

function remove(state: State, id: string): boolean {
  const found = open(state).entries.get(id);
  if (found === undefined) return false;
  state.entries.delete(id);
  const ids = state.tenants.get(found.record.tenant);
  ids?.delete(id);
  if (ids?.size === 0) state.tenants.delete(found.record.tenant);
  return true;
}

/** The health after `outcome`: a new object, so a copy handed out earlier never changes. */
function counted(health: EndpointHealth, outcome: EndpointOutcome): EndpointHealth {
  if (outcome.ok) return { ...health, failureStreak: 0, lastSuccessAt: outcome.at };
  const { lastError: _previous, ...rest } = health;
  return {
    ...rest,
    failureStreak: health.failureStreak + 1,
    lastFailureAt: outcome.at,
    ...(outcome.error !== undefined && {
      lastError: { code: outcome.error.code, message: outcome.error.message },
    }),
  };
}

function copyHealth(health: EndpointHealth): EndpointHealth {
  return health.lastError === undefined
    ? { ...health }
    : { ...health, lastError: { ...health.lastError } };
}

function copyOut(record: EndpointRecord | undefined): EndpointRecord | undefined {
  return record === undefined ? undefined : structuredClone(record);
}

function listPage(state: State, options: ListEndpointsOptions): EndpointPage {
  return sequencePage(
    state.entries.values(),
    options,
    () => true,
    (entry) => structuredClone(entry.record),
  );
}
