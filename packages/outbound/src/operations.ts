import {
  ConfigurationError,
  deliveryRound,
  MessageNotFoundError,
  type AttemptRecord,
  type EventRecord,
} from "@hookwise/core";
import { circuitState } from "./circuit-breaker.ts";
import { toEndpointView, type FailingEndpoint } from "./endpoint-view.ts";
import { toMessageView, type MessageView } from "./message-view.ts";
import { sendJob } from "./outbound-jobs.ts";
import type { OutboxContext } from "./outbox-context.ts";

/**
 * A dead-lettered delivery: the message, the endpoint, when it gave up and why.
 * @category Messages
 */
export interface DeadLetter {
  readonly messageId: string;
  readonly deliveryId: string;
  readonly endpointId: string;
  readonly tenant: string;
  readonly type: string;
  /** When the last attempt finished, epoch ms. */
  readonly deadLetteredAt: number;
  /** The last attempt's error code, e.g. `HTTP_STATUS`, `TIMEOUT`, `ENDPOINT_DISABLED`. */
  readonly code: string;
  readonly lastAttempt?: AttemptRecord;
}

/**
 * Which dead letters: of one endpoint, since a time.
 * @category Messages
 */
export interface DeadLetterFilter {
  readonly endpointId?: string;
  /** Only those dead-lettered at or after this time, epoch ms. */
  readonly since?: number;
  /** At most this many. @default 100 */
  readonly limit?: number;
}

/**
 * What a replay queued again.
 * @category Messages
 */
export interface OutboundReplayResult {
  readonly messageId: string;
  /** Deliveries set back to pending and queued. */
  readonly deliveries: number;
}

/** Records read per page while scanning. */
const PAGE = 200;

/** The read side and replays of the operations API. */
export interface Operations {
  getMessage(id: string): Promise<MessageView | undefined>;
  listAttempts(messageId: string, endpointId?: string): Promise<readonly AttemptRecord[]>;
  listDeadLetters(filter?: DeadLetterFilter): Promise<readonly DeadLetter[]>;
  listFailingEndpoints(tenant?: string): Promise<readonly FailingEndpoint[]>;
  replay(messageId: string, endpointId?: string): Promise<OutboundReplayResult>;
  replayDeadLetters(filter: DeadLetterFilter & { readonly endpointId: string }): Promise<number>;
}

/** The operations over the outbox's stores. */
export function createOperations(context: OutboxContext): Operations {
  const { adapter, endpoints, clock } = context;

  async function* deadRecords(): AsyncGenerator<EventRecord> {
    let cursor: string | undefined;
    do {
      const page = await adapter.events.list({
        status: "dead_lettered",
        limit: PAGE,
        ...(cursor !== undefined && { cursor }),
      });
      yield* page.records;
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }

  async function deadLetters(filter: DeadLetterFilter): Promise<DeadLetter[]> {
    const limit = filter.limit ?? 100;
    if (!(limit >= 1))
      throw new ConfigurationError("`limit` must be at least 1 (or omitted for 100).");
    const found: DeadLetter[] = [];
    for await (const record of deadRecords()) {
      for (const delivery of record.deliveries) {
        if (delivery.status !== "dead_lettered") continue;
        if (filter.endpointId !== undefined && delivery.destination !== filter.endpointId) continue;
        const lastAttempt = delivery.attempts.at(-1);
        const deadLetteredAt = lastAttempt?.finishedAt ?? record.updatedAt;
        if (filter.since !== undefined && deadLetteredAt < filter.since) continue;
        found.push({
          messageId: record.id,
          deliveryId: delivery.id,
          endpointId: delivery.destination,
          tenant: record.source,
          type: record.type,
          deadLetteredAt,
          code: lastAttempt?.error?.code ?? "UNKNOWN",
          ...(lastAttempt !== undefined && { lastAttempt }),
        });
        if (found.length >= limit) return found;
      }
    }
    return found;
  }

  async function replay(messageId: string, endpointId?: string): Promise<OutboundReplayResult> {
    const record = await adapter.events.get(messageId);
    if (record === undefined) throw new MessageNotFoundError();
    const replayed = record.deliveries.filter(
      (delivery) =>
        delivery.status === "dead_lettered" &&
        (endpointId === undefined || delivery.destination === endpointId),
    );
    const ids = replayed.map((delivery) => delivery.id);
    if (ids.length === 0) return { messageId, deliveries: 0 };
    // One write: never a dead-lettered message with pending deliveries, should this process stop.
    await adapter.events.resetDeliveries(messageId, ids, {
      status: "queued",
      updatedAt: clock.now(),
    });
    // Jobs of the new round: the dead-lettering job may still be finishing under the old id.
    for (const delivery of replayed)
      await adapter.queue.enqueue(sendJob(messageId, delivery.id, deliveryRound(delivery)));
    context.emitter.emit("message.replayed", { messageId, deliveries: ids.length });
    return { messageId, deliveries: ids.length };
  }

  return {
    async getMessage(id) {
      const record = await adapter.events.get(id);
      return record === undefined ? undefined : toMessageView(record);
    },
    async listAttempts(messageId, endpointId) {
      const record = await adapter.events.get(messageId);
      if (record === undefined) throw new MessageNotFoundError();
      return record.deliveries
        .filter((delivery) => endpointId === undefined || delivery.destination === endpointId)
        .flatMap((delivery) => delivery.attempts);
    },
    listDeadLetters: (filter = {}) => deadLetters(filter),
    async listFailingEndpoints(tenant) {
      const now = clock.now();
      const failing: FailingEndpoint[] = [];
      let cursor: string | undefined;
      do {
        const page = await endpoints.list({ limit: PAGE, ...(cursor !== undefined && { cursor }) });
        for (const record of page.records) {
          if (tenant !== undefined && record.tenant !== tenant) continue;
          const health = await endpoints.health(record.id);
          if (health.failureStreak === 0 && record.disabledReason !== "gone") continue;
          failing.push({
            endpoint: toEndpointView(record, now),
            health,
            circuit: circuitState(health, context.circuitBreaker, now).state,
          });
        }
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      return failing;
    },
    replay,
    async replayDeadLetters(filter) {
      const letters = await deadLetters({
        ...filter,
        limit: filter.limit ?? Number.POSITIVE_INFINITY,
      });
      const messages = new Set(letters.map((letter) => letter.messageId));
      let replayed = 0;
      for (const messageId of messages)
        replayed += (await replay(messageId, filter.endpointId)).deliveries;
      return replayed;
    },
  };
}
