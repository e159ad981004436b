import {
  ConfigurationError,
  EventExistsError,
  EventNotFoundError,
  type DeliveryState,
  type EventPage,
  type EventStore,
  type EventSummary,
  type ListEventsOptions,
} from "@hookwise/core";
import type { Cluster, Redis } from "ioredis";
import {
  decodeDelivery,
  decodeRecord,
  decodeStates,
  decodeSummary,
  deliveryFields,
  hashFromPairs,
  recordFields,
} from "./event-codec.ts";
import type { RedisStoreContext } from "./redis-store-context.ts";
import { ttlArg } from "./validate-option.ts";

/**
 * Default `eventTtlMs` of `createRedisAdapter`: 7 days.
 * @example
 * createRedisAdapter({ url, eventTtlMs: DEFAULT_EVENT_TTL_MS * 4 }); // keep settled records 4 weeks
 */
export const DEFAULT_EVENT_TTL_MS = 604_800_000;

/**
 * The Redis {@link EventStore}: one hash per event (raw body in its own field), indexes by insertion
 * sequence (one sorted set for all, one per status), and a Lua script for every write, so a writer
 * changes one field or one delivery atomically and answers the delivery states of that same step.
 * @internal
 */
export function createRedisEventStore(context: RedisStoreContext): EventStore {
  const { keys, scripts } = context;
  const client = context.connections.commands;
  const eventTtl = ttlArg(context.eventTtlMs);
  return {
    insert: (record) =>
      context.call(async () => {
        const stored = await scripts.insert(
          [keys.event(record.id), keys.seq, keys.expiring],
          [
            keys.indexPrefix,
            keys.eventPrefix,
            record.id,
            record.status,
            eventTtl,
            ...recordFields(record),
          ],
        );
        if (stored === 0) throw new EventExistsError();
      }),
    get: (id) =>
      context.call(async () => {
        const hash = await (client as Redis).hgetallBuffer(keys.event(id));
        return decodeRecord(new Map(Object.entries(hash)));
      }),
    getForProcessing: (id, processingAt) =>
      context.call(async () => {
        const args = [keys.indexPrefix, id, String(processingAt), String(eventTtl)];
        const pairs = (await scripts.getForProcessingBuffer(
          [keys.event(id), keys.expiring],
          args,
        )) as Buffer[];
        return decodeRecord(hashFromPairs(pairs));
      }),
    getDelivery: (eventId, deliveryId) =>
      context.call(async () => getDelivery(client, context, eventId, deliveryId)),
    delete: (id) =>
      context.call(
        async () =>
          (await scripts.remove([keys.event(id), keys.expiring], [keys.indexPrefix, id])) === 1,
      ),
    list: (options) => context.call(() => list(context, options)),
    listSummaries: (options) => context.call(() => listSummaries(context, options)),
    setStatus: (id, status, updatedAt, error) =>
      context.call(async () => {
        const args = [keys.indexPrefix, id, status, String(updatedAt)];
        args.push(error === undefined ? "" : JSON.stringify(error), String(eventTtl));
        const found = await scripts.setStatus([keys.event(id), keys.expiring], args);
        if (found === 0) throw new EventNotFoundError();
      }),
    addDeliveries: (id, deliveries, options) =>
      context.call(async () => {
        const args = [keys.indexPrefix, id, optionalTime(options?.processingAt)];
        args.push(String(eventTtl), optionalTime(options?.settleAt));
        for (const delivery of deliveries) {
          const [, destination, , status, , data, , attempts] = deliveryFields(delivery);
          args.push(delivery.id, destination ?? "", status ?? "", data ?? "", attempts ?? "");
        }
        return states(await scripts.addDeliveries([keys.event(id), keys.expiring], args));
      }),
    recordAttempt: (id, deliveryId, attempt, status, options) =>
      context.call(async () => {
        const args = [deliveryId, JSON.stringify(attempt), status ?? "", keys.indexPrefix, id];
        args.push(optionalTime(options?.settleAt), String(eventTtl));
        return states(await scripts.recordAttempt([keys.event(id), keys.expiring], args));
      }),
    resetDeliveries: (id, deliveryIds, options) =>
      context.call(async () => {
        const status =
          options === undefined ? ["", ""] : [options.status, String(options.updatedAt)];
        const args = [keys.indexPrefix, id, ...status, String(eventTtl), ...deliveryIds];
        return states(await scripts.resetDeliveries([keys.event(id), keys.expiring], args));
      }),
  };
}

/** The delivery states a delivery script answered; its code 0 or -1 means an unknown id. */
function states(answer: unknown): readonly DeliveryState[] {
  const flat = answer as readonly unknown[];
  if (flat[0] !== 1) throw new EventNotFoundError();
  return decodeStates(flat.slice(1));
}

async function getDelivery(
  client: Redis | Cluster,
  context: RedisStoreContext,
  eventId: string,
  deliveryId: string,
): ReturnType<EventStore["getDelivery"]> {
  const names = ["meta", "fp", "status", "updatedAt", "error"];
  const perDelivery = ["n", "s", "d", "a"].map((kind) => `${kind}:${deliveryId}`);
  // Named fields only: the body stays in Redis.
  const values = await client.hmget(context.keys.event(eventId), ...names, ...perDelivery);
  const text = (field: string): string | undefined => values[names.indexOf(field)] ?? undefined;
  const event = decodeSummary(text);
  const [destination, status, data, attempts] = values.slice(names.length);
  if (event === undefined || status === null || status === undefined) return undefined;
  return {
    event,
    delivery: decodeDelivery(
      deliveryId,
      destination ?? undefined,
      status,
      data ?? undefined,
      attempts ?? undefined,
    ),
  };
}

async function list(context: RedisStoreContext, options: ListEventsOptions): Promise<EventPage> {
  const [hashes, nextCursor] = await listPage(context, options, "full");
  const records = hashes.flatMap(
    (pairs) => decodeRecord(hashFromPairs(pairs as readonly Buffer[])) ?? [],
  );
  return nextCursor === undefined ? { records } : { records, nextCursor };
}

/** The fields `LIST_LUA` reads of each record in `summary` mode, in its order. */
const SUMMARY_FIELDS = ["meta", "fp", "status", "updatedAt", "error"];

async function listSummaries(
  context: RedisStoreContext,
  options: ListEventsOptions,
): Promise<EventPage<EventSummary>> {
  const [rows, nextCursor] = await listPage(context, options, "summary");
  const records = rows.flatMap((values) => {
    const text = (field: string): string | undefined =>
      values[SUMMARY_FIELDS.indexOf(field)]?.toString("utf8");
    return decodeSummary(text) ?? [];
  });
  return nextCursor === undefined ? { records } : { records, nextCursor };
}

/** One `LIST_LUA` page: each record's fields as the mode reads them, and the cursor when more follow. */
async function listPage(
  context: RedisStoreContext,
  options: ListEventsOptions,
  mode: "full" | "summary",
): Promise<[readonly (readonly (Buffer | null)[])[], string | undefined]> {
  const { limit, cursor, status } = options;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new ConfigurationError("`limit` must be an integer of at least 1.");
  }
  if (cursor !== undefined && !/^\d+$/.test(cursor)) {
    throw new ConfigurationError("`cursor` must be a `nextCursor` from an earlier page.");
  }
  const [last, more, ...rows] = (await context.scripts.listBuffer(
    [context.keys.index(status)],
    [context.keys.eventPrefix, cursor ?? "", limit, status ?? "", mode],
  )) as [Buffer, number, ...(Buffer | null)[][]];
  return [rows, more === 1 ? last.toString("utf8") : undefined];
}

/** A time argument of a script: the milliseconds, or "" for none. */
function optionalTime(at: number | undefined): string {
  return at === undefined ? "" : String(at);
}
