import { setTimeout as sleep } from "node:timers/promises";
import type { Transaction } from "../intake/transaction.ts";
import { normalizeDescriptor } from "./normalize-descriptor.ts";

/** The normalized merchant, as it is delivered to the client. */
export interface NormalizedMerchant {
  readonly name: string;
}

/** The slow heuristic for one transaction; must stop when `signal` aborts. */
export type MerchantHeuristic = (
  transaction: Transaction,
  signal: AbortSignal,
) => Promise<NormalizedMerchant>;

/**
 * The heuristic as production runs it: the rules of {@link normalizeDescriptor}, after
 * `delayMs` (`HEURISTIC_DELAY_MS`) that stands for the real lookups (fuzzy matching against a
 * merchant database, a model call) which take up to 30 seconds. That delay is why the API is
 * asynchronous: it runs in the worker, never in the request.
 */
export function createMerchantHeuristic(delayMs: number): MerchantHeuristic {
  return async (transaction, signal) => {
    if (delayMs > 0) await sleep(delayMs, undefined, { signal });
    signal.throwIfAborted();
    return { name: normalizeDescriptor(transaction.description, transaction.mcc) };
  };
}
