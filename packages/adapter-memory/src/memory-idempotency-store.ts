import {
  ClosedError,
  systemClock,
  type ClaimOptions,
  type ClaimResult,
  type Clock,
  type IdempotencyStore,
  type SettleOutcome,
} from "@hookwise/core";
import { durationMs, positiveLimit, promised } from "./validate-option.ts";

/** Default {@link MemoryIdempotencyStoreOptions.maxKeys}. */
export const DEFAULT_MAX_IDEMPOTENCY_KEYS = 100_000;

/**
 * Options of {@link createMemoryIdempotencyStore}.
 * @category Adapters
 */
export interface MemoryIdempotencyStoreOptions {
  /**
   * Time source for TTLs and stale claims.
   * @default systemClock
   */
  readonly clock?: Clock;
  /**
   * Most keys remembered at once. Past it, expired and stale keys are dropped first, then the
   * oldest claims (whose retries would then be accepted again). A positive integer or `Infinity`.
   * @default 100_000 ({@link DEFAULT_MAX_IDEMPOTENCY_KEYS})
   */
  readonly maxKeys?: number;
}

/**
 * An {@link IdempotencyStore} in a bounded `Map`: atomic because every call runs to completion
 * without awaiting. Expiry is checked lazily when a key is read.
 * @category Adapters
 */
export interface MemoryIdempotencyStore extends IdempotencyStore {
  /** Keys held now (expired ones count until they are read or swept). */
  readonly size: number;
  /** Forget everything; later calls reject with `ClosedError`. */
  close(): void;
}

interface Claim {
  readonly fingerprint: string;
  readonly token: string;
  readonly ttlMs: number;
  done: boolean;
  /** In flight: when the claim turns stale. Done: when it is forgotten. */
  expiresAt: number;
}

/** The store's state; the adapter's intake claims on it directly to stay synchronous. @internal */
export interface IdempotencyState {
  readonly clock: Clock;
  readonly maxKeys: number;
  readonly sweepEvery: number;
  claims: Map<string, Claim>;
  insertsSinceSweep: number;
  closed: boolean;
}

/** A memory idempotency store together with its state. @internal */
export interface MemoryIdempotencyStoreParts {
  readonly store: MemoryIdempotencyStore;
  readonly state: IdempotencyState;
}

/**
 * Create an in-memory {@link IdempotencyStore}; {@link createMemoryAdapter} uses it.
 * @example
 * const store = createMemoryIdempotencyStore({ maxKeys: 10_000 });
 * const claim = await store.claim("stripe:evt_1", fingerprint, { ttlMs: 86_400_000, staleAfterMs: 60_000 });
 * @category Adapters
 */
export function createMemoryIdempotencyStore(
  options: MemoryIdempotencyStoreOptions = {},
): MemoryIdempotencyStore {
  return createMemoryIdempotencyStoreParts(options).store;
}

/** {@link createMemoryIdempotencyStore}, with the state exposed to the adapter. @internal */
export function createMemoryIdempotencyStoreParts(
  options: MemoryIdempotencyStoreOptions = {},
): MemoryIdempotencyStoreParts {
  const maxKeys = positiveLimit("maxKeys", options.maxKeys ?? DEFAULT_MAX_IDEMPOTENCY_KEYS);
  const state: IdempotencyState = {
    clock: options.clock ?? systemClock,
    maxKeys,
    sweepEvery: Math.max(1, Math.ceil(Math.min(maxKeys, DEFAULT_MAX_IDEMPOTENCY_KEYS) / 10)),
    claims: new Map(),
    insertsSinceSweep: Number.POSITIVE_INFINITY,
    closed: false,
  };
  const store: MemoryIdempotencyStore = {
    get size() {
      return state.claims.size;
    },
    claim: (key, fingerprint, claimOptions) =>
      promised(() => claimKey(state, key, fingerprint, claimOptions)),
    settle: (key, token, outcome) => promised(() => settleClaim(state, key, token, outcome)),
    close() {
      state.closed = true;
      state.claims = new Map();
    },
  };
  return { store, state };
}

function ensureOpen(state: IdempotencyState): void {
  if (state.closed) throw new ClosedError("The memory idempotency store");
}

/** {@link IdempotencyStore.claim}, synchronously. @internal */
export function claimKey(
  state: IdempotencyState,
  key: string,
  fingerprint: string,
  options: ClaimOptions,
): ClaimResult {
  ensureOpen(state);
  validateClaimOptions(options);
  const now = state.clock.now();
  const current = state.claims.get(key);
  if (current !== undefined && now < current.expiresAt) {
    if (current.fingerprint !== fingerprint) return { outcome: "conflict" };
    return { outcome: current.done ? "duplicate" : "in_flight" };
  }
  // Free, expired, or stale (its owner presumably died): claim it anew, as the newest key.
  state.claims.delete(key);
  const token = crypto.randomUUID();
  const expiresAt = now + options.staleAfterMs;
  state.claims.set(key, { fingerprint, token, ttlMs: options.ttlMs, done: false, expiresAt });
  enforceBound(state, now);
  return { outcome: "new", token };
}

/** The live claim of `key` (expired and stale ones are not), without changing anything. @internal */
export function lookupKey(
  state: IdempotencyState,
  key: string,
): { readonly fingerprint: string; readonly done: boolean } | undefined {
  ensureOpen(state);
  const current = state.claims.get(key);
  return current !== undefined && state.clock.now() < current.expiresAt ? current : undefined;
}

/** Records `key` as accepted (done) at once, without a pending claim first. @internal */
export function rememberKey(
  state: IdempotencyState,
  key: string,
  fingerprint: string,
  ttlMs: number,
): void {
  ensureOpen(state);
  durationMs("ttlMs", ttlMs, 1, true);
  const now = state.clock.now();
  state.claims.delete(key);
  state.claims.set(key, { fingerprint, token: "", ttlMs, done: true, expiresAt: now + ttlMs });
  enforceBound(state, now);
}

/** {@link IdempotencyStore.settle}, synchronously. @internal */
export function settleClaim(
  state: IdempotencyState,
  key: string,
  token: string,
  outcome: SettleOutcome,
): boolean {
  ensureOpen(state);
  const current = state.claims.get(key);
  if (current === undefined || current.done || current.token !== token) return false;
  if (outcome === "failed") {
    state.claims.delete(key);
  } else {
    current.done = true;
    current.expiresAt = state.clock.now() + current.ttlMs;
  }
  return true;
}

/** Expired and stale first (at most once per `sweepEvery` inserts, to stay O(1) amortised), then the oldest. */
function enforceBound(state: IdempotencyState, now: number): void {
  state.insertsSinceSweep++;
  if (state.claims.size <= state.maxKeys) return;
  if (state.insertsSinceSweep >= state.sweepEvery) {
    state.insertsSinceSweep = 0;
    for (const [key, claim] of state.claims) if (now >= claim.expiresAt) state.claims.delete(key);
  }
  // Oldest first, a batch (1% of the bound) at a time: a `Map` keeps deleted slots until it
  // rehashes, so trimming one key per insert from the start would skip ever more holes.
  const target = state.maxKeys - Math.ceil(Math.min(state.maxKeys, 1_000_000) / 100) + 1;
  for (const key of state.claims.keys()) {
    if (state.claims.size <= Math.max(0, target)) break;
    state.claims.delete(key);
  }
}

function validateClaimOptions(options: ClaimOptions): void {
  durationMs("ttlMs", options.ttlMs, 1, true);
  durationMs("staleAfterMs", options.staleAfterMs, 1, true);
}
