import type { IntakeRequest, IntakeResult, IntakeStore } from "@hookwise/core";
import { ClosedError } from "@hookwise/core";
import { recordFields } from "./event-codec.ts";
import { ingestCall, type IngestCallOptions } from "./ingest-call.ts";
import type { RedisQueueParts } from "./redis-queue.ts";
import type { RedisStoreContext } from "./redis-store-context.ts";
import { durationMs, ttlArg } from "./validate-option.ts";

/**
 * The Redis {@link IntakeStore}: at most two round trips per accepted webhook.
 * 1. One Lua script (`EVALSHA`) decides: conflict, duplicate, in flight, "stored and still queued"
 *    (queue it again), or stores the record and remembers the key, all atomically.
 * 2. The BullMQ `add` of its job, with the id core derived from the event, so a second add of the same
 *    job (a retry of the webhook, the sweep) adds nothing while it is queued or running.
 *
 * The crash window between 1 and 2 (a record stored, its job never added) is closed by core: the next
 * delivery of the same webhook finds the record `queued` and answers `requeued` after adding the job,
 * and workers sweep records left `queued`. Each try of one intake carries a nonce, so a try whose
 * script ran but whose answer was lost is recognised by the next try as its own (`accepted`, not a
 * duplicate). Every try runs inside the ingest deadline (`ingestCall`).
 * @internal
 */
export function createRedisIntake(
  context: RedisStoreContext,
  queue: RedisQueueParts,
  options: IngestCallOptions,
): IntakeStore {
  return {
    accept(request) {
      if (context.closed) return Promise.reject(new ClosedError("The Redis adapter"));
      return accept(context, queue, options, request);
    },
  };
}

async function accept(
  context: RedisStoreContext,
  queue: RedisQueueParts,
  options: IngestCallOptions,
  request: IntakeRequest,
): Promise<IntakeResult> {
  const { keys, scripts } = context;
  const { record, job } = request;
  const ttlMs = durationMs("ttlMs", request.ttlMs, 1, true);
  const nonce = crypto.randomUUID();
  const args = [
    keys.indexPrefix,
    keys.eventPrefix,
    record.id,
    request.fingerprint,
    record.status,
    ttlArg(ttlMs),
    ttlArg(context.eventTtlMs),
    nonce,
    job === undefined ? "0" : "1",
    ...recordFields({ ...record, fingerprint: request.fingerprint }, nonce),
  ];
  let decided: string | undefined;
  return ingestCall(context.connections, options, async () => {
    decided ??= (await scripts.intake(
      [keys.claim(request.claimKey), keys.event(record.id), keys.seq, keys.expiring],
      args,
    )) as string;
    switch (decided) {
      case "stored":
        if (job !== undefined) await queue.add(job);
        return { outcome: "accepted" };
      case "requeue":
        if (job !== undefined) await queue.add(job);
        return { outcome: "requeued" };
      case "duplicate":
      case "conflict":
      case "in_flight":
        return { outcome: decided };
      default:
        throw new Error(`Unexpected intake outcome from Redis: ${decided}`);
    }
  });
}
