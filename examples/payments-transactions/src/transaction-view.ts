import type { EventRecord } from "@hookwise/core";
import type { TransactionFacts } from "./state/transaction-state.ts";
import type { Transaction } from "./transactions/transaction.ts";

/** A transaction's state as `GET /v1/transactions/:id` shows it. Times are ISO 8601. */
export interface TransactionView {
  readonly transaction_id: string;
  readonly status: TransactionStatus;
  readonly received_at: string;
  /** When processing took effect; `null` until `PROCESSED`. */
  readonly processed_at: string | null;
  /** Payloads that reused this transaction id with other values (acknowledged, never processed). */
  readonly conflicts: readonly { readonly received_at: string; readonly payload: Transaction }[];
}

/**
 * - `RECEIVED`: stored and queued, no attempt started yet;
 * - `PROCESSING`: an attempt is running (or waiting to be retried / taken over);
 * - `PROCESSED`: done, once;
 * - `FAILED`: refused by the processor, or out of attempts.
 */
export type TransactionStatus = "RECEIVED" | "PROCESSING" | "PROCESSED" | "FAILED";

/** The view from hookwise's event record (status, times) and the transaction's own facts. */
export function toTransactionView(
  transactionId: string,
  record: EventRecord,
  facts: TransactionFacts,
): TransactionView {
  const status = statusOf(record, facts);
  return {
    transaction_id: transactionId,
    status,
    received_at: iso(record.receivedAt),
    processed_at: status === "PROCESSED" ? iso(facts.processedAt ?? finishedAt(record)) : null,
    conflicts: facts.conflicts.map((conflict) => ({
      received_at: iso(conflict.receivedAt),
      payload: conflict.payload,
    })),
  };
}

function statusOf(record: EventRecord, facts: TransactionFacts): TransactionStatus {
  switch (record.status) {
    case "delivered":
      return "PROCESSED";
    case "dead_lettered":
      return "FAILED";
    case "processing":
      return facts.attempts > 0 ? "PROCESSING" : "RECEIVED";
    default:
      return "RECEIVED";
  }
}

/** When the successful attempt ended: a fallback for state that expired before the record. */
function finishedAt(record: EventRecord): number {
  const attempts = record.deliveries.flatMap((delivery) => delivery.attempts);
  return attempts.findLast((attempt) => attempt.ok)?.finishedAt ?? record.updatedAt;
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
