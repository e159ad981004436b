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
  const clock = options.clock ?? systemClock;
  const maxKeys = positiveLimit("maxKeys", options.maxKeys ?? DEFAULT_MAX_IDEMPOTENCY_KEYS);
  const sweepEvery = Math.max(1, Math.ceil(Math.min(maxKeys, DEFAULT_MAX_IDEMPOTENCY_KEYS) / 10));
  let claims = new Map<string, Claim>();
  let insertsSinceSweep = Number.POSITIVE_INFINITY;
  let closed = false;

  const ensureOpen = (): void => {
    if (closed) throw new ClosedError("The memory idempotency store");
  };

  /** Expired and stale first (at most once per `sweepEvery` inserts, to stay O(1) amortised), then oldest. */
  const enforceBound = (now: number): void => {
    insertsSinceSweep++;
    if (claims.size <= maxKeys) return;
    if (insertsSinceSweep >= sweepEvery) {
      insertsSinceSweep = 0;
      for (const [key, claim] of claims) if (now >= claim.expiresAt) claims.delete(key);
    }
    for (const key of claims.keys()) {
      if (claims.size <= maxKeys) break;
      claims.delete(key);
    }
  };

  return {
    get size() {
      return claims.size;
    },
    claim: (key: string, fingerprint: string, claimOptions: ClaimOptions): Promise<ClaimResult> =>
      promised(() => {
        ensureOpen();
        validateClaimOptions(claimOptions);
        const now = clock.now();
        const current = claims.get(key);
        if (current !== undefined && now < current.expiresAt) {
          if (current.fingerprint !== fingerprint) return { outcome: "conflict" };
          return { outcome: current.done ? "duplicate" : "in_flight" };
        }
        // Free, expired, or stale (its owner presumably died): claim it anew, as the newest key.
        claims.delete(key);
        const token = crypto.randomUUID();
        const expiresAt = now + claimOptions.staleAfterMs;
        claims.set(key, { fingerprint, token, ttlMs: claimOptions.ttlMs, done: false, expiresAt });
        enforceBound(now);
        return { outcome: "new", token };
      }),
    settle: (key: string, token: string, outcome: SettleOutcome): Promise<boolean> =>
      promised(() => {
        ensureOpen();
        const current = claims.get(key);
        if (current === undefined || current.done || current.token !== token) return false;
        if (outcome === "failed") {
          claims.delete(key);
        } else {
          current.done = true;
          current.expiresAt = clock.now() + current.ttlMs;
        }
        return true;
      }),
    close() {
      closed = true;
      claims = new Map();
    },
  };
}

function validateClaimOptions(options: ClaimOptions): void {
  durationMs("ttlMs", options.ttlMs, 1, true);
  durationMs("staleAfterMs", options.staleAfterMs, 1, true);
}
