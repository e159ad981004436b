import type { ClaimOptions, ClaimResult, IdempotencyStore, SettleOutcome } from "@hookwise/core";
import type { RedisStoreContext } from "./redis-store-context.ts";
import { durationMs, ttlArg } from "./validate-option.ts";

/**
 * The Redis {@link IdempotencyStore}: one hash per key (`{prefix}:key:<key>`), claimed and settled by
 * one Lua script each, so of any number of concurrent claims exactly one gets `new`. A pending claim
 * expires after `staleAfterMs`, which is how a claim whose owner died is taken over: the next claim
 * finds the key free and gets a fresh token, and the old token no longer matches anything. A `done`
 * claim expires after `ttlMs` (core's default dedupe window: 72 hours).
 * @internal
 */
export function createRedisIdempotencyStore(context: RedisStoreContext): IdempotencyStore {
  const { keys, scripts } = context;
  return {
    claim: (key, fingerprint, options) =>
      context.call(async () => {
        const { ttlMs, staleAfterMs } = validate(options);
        const token = crypto.randomUUID();
        const outcome = (await scripts.claim(
          [keys.claim(key)],
          [fingerprint, token, ttlArg(ttlMs), ttlArg(staleAfterMs)],
        )) as string;
        return outcome === "new" ? { outcome: "new", token } : toResult(outcome);
      }),
    settle: (key: string, token: string, outcome: SettleOutcome) =>
      context.call(async () => (await scripts.settle([keys.claim(key)], [token, outcome])) === 1),
  };
}

function validate(options: ClaimOptions): ClaimOptions {
  return {
    ttlMs: durationMs("ttlMs", options.ttlMs, 1, true),
    staleAfterMs: durationMs("staleAfterMs", options.staleAfterMs, 1, true),
  };
}

function toResult(outcome: string): ClaimResult {
  if (outcome === "duplicate" || outcome === "conflict" || outcome === "in_flight") {
    return { outcome };
  }
  throw new Error(`Unexpected claim outcome from Redis: ${outcome}`);
}
