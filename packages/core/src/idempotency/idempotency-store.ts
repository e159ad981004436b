/** Options of one {@link IdempotencyStore.claim}. */
export interface ClaimOptions {
  /** How long a settled `done` claim is remembered, in milliseconds. */
  readonly ttlMs: number;
  /** After this many milliseconds an `in_flight` claim counts as abandoned and may be taken over. */
  readonly staleAfterMs: number;
}

/**
 * What a claim found. `new` carries the token needed to settle it; the others mean "do not accept":
 * `duplicate` (same key, same fingerprint, already done), `conflict` (same key, another fingerprint),
 * `in_flight` (same key claimed by a request that has not settled yet).
 */
export type ClaimResult =
  | { readonly outcome: "new"; readonly token: string }
  | { readonly outcome: "duplicate" }
  | { readonly outcome: "conflict" }
  | { readonly outcome: "in_flight" };

/** How a claim ends: `done` keeps it for `ttlMs`; `failed` releases it so the key may be claimed anew. */
export type SettleOutcome = "done" | "failed";

/**
 * Remembers which events were accepted, so a retried webhook is answered as a duplicate and a
 * reused key with another payload as a conflict.
 *
 * Contract (checked by `testIdempotencyStore` in `@hookwise/core/testing`):
 * - `claim` is atomic: of any number of concurrent claims of one key exactly one gets `new`.
 * - A pending claim with the same fingerprint answers `in_flight`; with another fingerprint `conflict`
 *   (whether pending or done).
 * - After `settle(key, token, "done")` the same fingerprint answers `duplicate` until `ttlMs` has passed,
 *   then the key is free again.
 * - After `settle(key, token, "failed")` the next claim answers `new`.
 * - A claim still pending after `staleAfterMs` may be taken over: exactly one next claim gets `new`
 *   with a fresh token, and the old token no longer settles anything.
 * - `settle` with a token that does not own the key changes nothing and resolves `false`.
 * - Failures of the backend reject with `BackendUnavailableError`.
 * @category Adapters
 */
export interface IdempotencyStore {
  /** Try to claim `key` for a payload with this fingerprint. */
  claim(key: string, fingerprint: string, options: ClaimOptions): Promise<ClaimResult>;
  /** End a claim made with `token`; resolves whether the token still owned the key. */
  settle(key: string, token: string, outcome: SettleOutcome): Promise<boolean>;
}
