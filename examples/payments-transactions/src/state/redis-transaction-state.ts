import { Redis, type ChainableCommander } from "ioredis";
import { byTime, type ConflictEntry, type TransactionState } from "./transaction-state.ts";

/** Options of {@link createRedisTransactionState}. */
export interface RedisTransactionStateOptions {
  readonly url: string;
  /** The adapter's prefix: keys are `{prefix}:app:tx:<id>`, in the adapter's hash slot. */
  readonly prefix: string;
  /** Each write keeps the hash this long, in ms (match the adapter's `eventTtlMs`). */
  readonly ttlMs: number;
}

/**
 * The state as one Redis hash per transaction: `processed_at` (set with HSETNX, so the effect is
 * recorded once whoever runs it), `attempts`, `runner`, and one `c:<digest>` field per distinct
 * conflicting payload. Every instance on the same Redis and prefix sees the same hash.
 */
export function createRedisTransactionState(
  options: RedisTransactionStateOptions,
): TransactionState {
  const client = new Redis(options.url, { maxRetriesPerRequest: 1, commandTimeout: 2_000 });
  client.on("error", () => undefined); // Callers see failures as rejected commands.
  const key = (id: string): string => `{${options.prefix}}:app:tx:${id}`;
  const ttl = String(Math.ceil(options.ttlMs));

  return {
    async startAttempt(id, runner) {
      const [attempts] = await exec(
        client
          .multi()
          .hincrby(key(id), "attempts", 1)
          .hset(key(id), "runner", runner)
          .pexpire(key(id), ttl),
      );
      return attempts as number;
    },
    async markProcessed(id, at) {
      const [applied] = await exec(
        client.multi().hsetnx(key(id), "processed_at", String(at)).pexpire(key(id), ttl),
      );
      return applied === 1;
    },
    async addConflict(id, conflict, digest) {
      await exec(
        client
          .multi()
          .hsetnx(key(id), `c:${digest}`, JSON.stringify(conflict))
          .pexpire(key(id), ttl),
      );
    },
    async read(id) {
      const fields = await client.hgetall(key(id));
      const conflicts: ConflictEntry[] = [];
      for (const [field, value] of Object.entries(fields)) {
        if (field.startsWith("c:")) conflicts.push(JSON.parse(value) as ConflictEntry);
      }
      const processedAt = fields["processed_at"];
      return {
        processedAt: processedAt === undefined ? undefined : Number(processedAt),
        attempts: Number(fields["attempts"] ?? 0),
        runner: fields["runner"],
        conflicts: conflicts.sort(byTime),
      };
    },
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}

/** Runs a MULTI and resolves its replies; rejects with the first command error (EXEC reports them per command). */
async function exec(multi: ChainableCommander): Promise<unknown[]> {
  const replies = await multi.exec();
  if (replies === null) throw new Error("The transaction was aborted.");
  return replies.map(([error, reply]) => {
    if (error !== null) throw error;
    return reply;
  });
}
