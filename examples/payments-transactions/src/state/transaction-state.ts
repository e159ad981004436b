import type { Transaction } from "../transactions/transaction.ts";

/** A payload that reused a transaction id with other values. */
export interface ConflictEntry {
  /** When it came, epoch milliseconds. */
  readonly receivedAt: number;
  /** The conflicting transaction as validated (never processed). */
  readonly payload: Transaction;
}

/** What the service keeps about a transaction besides hookwise's event record. */
export interface TransactionFacts {
  /** When processing took effect, epoch milliseconds (set once, never moved). */
  readonly processedAt: number | undefined;
  /** Processing attempts started, across every instance (a takeover is one more). */
  readonly attempts: number;
  /** Which instance started the latest attempt (`host:pid`). */
  readonly runner: string | undefined;
  /** Conflicting payloads, oldest first, each distinct payload once. */
  readonly conflicts: readonly ConflictEntry[];
}

/**
 * The small per-transaction record kept next to hookwise's events, in the same backend (a Redis
 * hash with `REDIS_URL`, a Map otherwise), so every instance sees the same facts.
 */
export interface TransactionState {
  /** Note that `runner` starts an attempt; resolves the attempt count. */
  startAttempt(id: string, runner: string): Promise<number>;
  /**
   * Apply processing's effect once: records `at` unless the transaction was processed already.
   * Resolves whether this call applied it (a takeover after a crash finds it applied).
   */
  markProcessed(id: string, at: number): Promise<boolean>;
  /** Record a conflicting payload; the same payload twice is kept once. */
  addConflict(id: string, conflict: ConflictEntry, digest: string): Promise<void>;
  read(id: string): Promise<TransactionFacts>;
  close(): Promise<void>;
}

/** The state on the memory adapter: one process, lost on restart (like the adapter itself). */
export function createMemoryTransactionState(): TransactionState {
  interface Entry {
    processedAt?: number;
    attempts: number;
    runner?: string;
    conflicts: Map<string, ConflictEntry>;
  }
  const entries = new Map<string, Entry>();
  const entry = (id: string): Entry => {
    let found = entries.get(id);
    if (found === undefined) {
      found = { attempts: 0, conflicts: new Map() };
      entries.set(id, found);
    }
    return found;
  };
  return {
    startAttempt(id, runner) {
      const found = entry(id);
      found.attempts += 1;
      found.runner = runner;
      return Promise.resolve(found.attempts);
    },
    markProcessed(id, at) {
      const found = entry(id);
      if (found.processedAt !== undefined) return Promise.resolve(false);
      found.processedAt = at;
      return Promise.resolve(true);
    },
    addConflict(id, conflict, digest) {
      const { conflicts } = entry(id);
      if (!conflicts.has(digest)) conflicts.set(digest, conflict);
      return Promise.resolve();
    },
    read(id) {
      const found = entries.get(id);
      return Promise.resolve({
        processedAt: found?.processedAt,
        attempts: found?.attempts ?? 0,
        runner: found?.runner,
        conflicts: [...(found?.conflicts.values() ?? [])].sort(byTime),
      });
    },
    close: () => Promise.resolve(),
  };
}

/** Oldest first. @internal */
export function byTime(a: ConflictEntry, b: ConflictEntry): number {
  return a.receivedAt - b.receivedAt;
}
