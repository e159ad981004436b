import {
  ConfigurationError,
  EndpointExistsError,
  EndpointChangedError,
  EndpointNotFoundError,
  type EndpointHealth,
  type EndpointOutcome,
  type EndpointPage,
  type EndpointRecord,
  type EndpointStore,
  type EventError,
  type ListEndpointsOptions,
} from "@hookwise/core";
import type { RedisStoreContext } from "./redis-store-context.ts";

/**
 * The Redis {@link EndpointStore}: records as JSON in one hash, insertion order kept by two sorted
 * sets (every endpoint, and each tenant's), health as a hash per endpoint and the probe lease as a
 * `SET NX PX` key, so the lease runs on Redis's clock, the same for every process. Every write is one
 * Lua script (see lua/endpoints.ts), so an outcome is counted atomically and never outlives a delete.
 * @internal
 */
export function createRedisEndpointStore(context: RedisStoreContext): EndpointStore {
  const { keys, scripts } = context;
  const client = context.connections.commands;
  return {
    insert: (record) =>
      context.call(async () => {
        const stored = await scripts.endpointInsert(
          [
            keys.endpoints,
            keys.endpointSeq,
            keys.endpointIndex,
            keys.tenantEndpoints(record.tenant),
          ],
          [record.id, JSON.stringify(record)],
        );
        if (stored === 0) throw new EndpointExistsError();
      }),
    get: (id) =>
      context.call(async () => {
        const json = await client.hget(keys.endpoints, id);
        return json === null ? undefined : decodeRecord(json);
      }),
    replace: (record, options) =>
      context.call(async () => {
        const expected = options?.ifUpdatedAt;
        const answer = await scripts.endpointReplace(
          [keys.endpoints],
          [
            record.id,
            JSON.stringify(record),
            record.tenant,
            expected === undefined ? "" : String(expected),
          ],
        );
        if (answer === 0) throw new EndpointNotFoundError();
        if (answer === -2) throw new EndpointChangedError();
        if (answer === -1) {
          throw new ConfigurationError(
            "`replace` cannot move an endpoint to another tenant: keep its `tenant`, or delete it and insert a new one.",
          );
        }
      }),
    delete: (id) =>
      context.call(
        async () =>
          (await scripts.endpointDelete(
            [keys.endpoints, keys.endpointIndex, keys.endpointHealth(id), keys.endpointProbe(id)],
            [id, keys.tenantEndpointsPrefix],
          )) === 1,
      ),
    listByTenant: (tenant) =>
      context.call(async () => (await page(context, keys.tenantEndpoints(tenant), "", 0)).records),
    list: (options) =>
      context.call(() => {
        const { limit, cursor } = checkListOptions(options);
        return page(context, keys.endpointIndex, cursor ?? "", limit);
      }),
    health: (id) =>
      context.call(async () => decodeHealth(await client.hgetall(keys.endpointHealth(id)))),
    recordOutcome: (id, outcome) =>
      context.call(async () => {
        const answer = await scripts.endpointOutcome(
          [keys.endpoints, keys.endpointHealth(id)],
          outcomeArgs(id, outcome),
        );
        if (!Array.isArray(answer)) throw new EndpointNotFoundError();
        return decodeHealth(fromPairs(answer as unknown[]));
      }),
    claimProbe: (id, _now, leaseMs) =>
      context.call(async () => {
        if (!Number.isFinite(leaseMs) || leaseMs < 1) {
          throw new ConfigurationError("`leaseMs` must be at least 1 millisecond.");
        }
        const answer = await scripts.endpointProbe(
          [keys.endpoints, keys.endpointProbe(id)],
          [id, Math.ceil(leaseMs)],
        );
        if (answer === -1) throw new EndpointNotFoundError();
        return answer === 1;
      }),
  };
}

function checkListOptions(options: ListEndpointsOptions): ListEndpointsOptions {
  if (!Number.isInteger(options.limit) || options.limit < 1) {
    throw new ConfigurationError("`limit` must be an integer of at least 1.");
  }
  if (options.cursor !== undefined && !/^\d+$/.test(options.cursor)) {
    throw new ConfigurationError("`cursor` must be a `nextCursor` from an earlier page.");
  }
  return options;
}

/** One page of `index` after `cursor` (`limit` 0: all of it). */
async function page(
  context: RedisStoreContext,
  index: string,
  cursor: string,
  limit: number,
): Promise<EndpointPage> {
  const [more, last, ...records] = (await context.scripts.endpointList(
    [index, context.keys.endpoints],
    [cursor, limit],
  )) as [number, string, ...string[]];
  const decoded = records.map(decodeRecord);
  return more === 1 ? { records: decoded, nextCursor: last } : { records: decoded };
}

function outcomeArgs(id: string, outcome: EndpointOutcome): string[] {
  const { error } = outcome;
  return [
    id,
    outcome.ok ? "1" : "0",
    String(outcome.at),
    error === undefined ? "" : JSON.stringify({ code: error.code, message: error.message }),
  ];
}

function decodeRecord(json: string): EndpointRecord {
  return JSON.parse(json) as EndpointRecord;
}

/** A flat HGETALL answer as a field map. */
function fromPairs(flat: readonly unknown[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) fields[String(flat[i])] = String(flat[i + 1]);
  return fields;
}

/** Health from its hash; an empty hash is an endpoint with no outcome yet. */
function decodeHealth(fields: Readonly<Record<string, string>>): EndpointHealth {
  const { streak, failedAt, succeededAt, error } = fields;
  return {
    failureStreak: streak === undefined ? 0 : Number(streak),
    ...(failedAt !== undefined && { lastFailureAt: Number(failedAt) }),
    ...(succeededAt !== undefined && { lastSuccessAt: Number(succeededAt) }),
    ...(error !== undefined && { lastError: JSON.parse(error) as EventError }),
  };
}
