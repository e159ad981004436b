import { setTimeout as sleep } from "node:timers/promises";
import {
  createHandlerDestination,
  defineTransformer,
  NonRetryableError,
  type Destination,
  type RetryPolicy,
  type Transformer,
} from "@hookwise/core";
import type { TransactionState } from "../state/transaction-state.ts";
import { TRANSACTION_EVENT_TYPE, type Transaction } from "../transactions/transaction.ts";
import { TRANSACTIONS_SOURCE } from "../transactions/transactions-source.ts";

/** The handler destination that processes transactions. */
export const PROCESSOR_DESTINATION = "processor";

/**
 * Retries of a processing attempt that failed for a passing reason (a timeout, Redis briefly away):
 * 5 attempts, 1 s to 30 s apart. A transaction the processor refuses fails at once.
 */
export const DEFAULT_PROCESSING_RETRY: Partial<RetryPolicy> = Object.freeze({
  maxAttempts: 5,
  minDelayMs: 1_000,
  maxDelayMs: 30_000,
});

/** The processing work for one transaction; must stop when `signal` aborts. */
export type ProcessingWork = (transaction: Transaction, signal: AbortSignal) => Promise<void>;

/** Options of {@link createProcessing}. */
export interface ProcessingOptions {
  /** How long processing takes (`PROCESSING_DELAY_SECONDS`), in ms. */
  readonly delayMs: number;
  /** An attempt running longer is aborted and run again (`PROCESSING_STALE_TIMEOUT_SECONDS`), in ms. */
  readonly staleTimeoutMs: number;
  readonly state: TransactionState;
  /** Names this instance in the state (`host:pid`). */
  readonly runner: string;
  /** @default DEFAULT_PROCESSING_RETRY */
  readonly retry?: Partial<RetryPolicy>;
  /** @default {@link simulatedProcessing} with `delayMs` */
  readonly work?: ProcessingWork;
}

/** The transformer and destination that process each accepted transaction once. */
export interface Processing {
  readonly transformer: Transformer;
  readonly destination: Destination;
}

/**
 * Every transaction goes, as is, to one handler destination, `processor`. Each attempt is counted
 * in the state, does the work, then records `processed_at` once (HSETNX on Redis): at-least-once
 * delivery with an effect applied exactly once. An attempt that runs past `staleTimeoutMs` is
 * aborted and retried (hookwise's handler timeout); on Redis, a job whose worker died is handed to
 * another instance once its BullMQ lock expires (see `backend.ts`).
 */
export function createProcessing(options: ProcessingOptions): Processing {
  const work = options.work ?? simulatedProcessing(options.delayMs);
  const { state, runner } = options;
  const transformer = defineTransformer({
    name: "transaction-to-processor",
    source: TRANSACTIONS_SOURCE,
    type: TRANSACTION_EVENT_TYPE,
    to: [PROCESSOR_DESTINATION],
    transform: ({ payload }) => payload as Transaction,
  });
  const destination = createHandlerDestination<Transaction>(
    PROCESSOR_DESTINATION,
    async (transaction, { signal }) => {
      const id = transaction.transaction_id;
      // A takeover after the effect was applied (the last worker died before hookwise recorded it).
      if ((await state.read(id)).processedAt !== undefined) return;
      await state.startAttempt(id, runner);
      await work(transaction, signal);
      signal.throwIfAborted();
      await state.markProcessed(id, Date.now());
    },
    { timeoutMs: options.staleTimeoutMs, retry: options.retry ?? DEFAULT_PROCESSING_RETRY },
  );
  return { transformer, destination };
}

/**
 * Stands in for the real processor: waits `delayMs`, then refuses a transfer to the same account
 * (a business failure: not retried, the transaction is `FAILED`).
 */
export function simulatedProcessing(delayMs: number): ProcessingWork {
  return async (transaction, signal) => {
    await sleep(delayMs, undefined, { signal });
    if (transaction.source_account === transaction.destination_account) {
      throw new NonRetryableError("The source and destination accounts are the same.");
    }
  };
}
