import { ConfigurationError } from "@hookwise/core";

/**
 * Default `prefix` of `createRedisAdapter`: keys start `{hookwise}:`.
 * @example
 * createRedisAdapter({ url, prefix: `${DEFAULT_PREFIX}-staging` });
 */
export const DEFAULT_PREFIX = "hookwise";

/**
 * Name of the BullMQ queue every hookwise job goes to (its Redis keys start `{prefix}:jobs:`).
 * @example
 * new BullQueue(QUEUE_NAME, { connection, prefix: "{hookwise}" }); // the same queue, e.g. for a script
 */
export const QUEUE_NAME = "jobs";

/**
 * Every key the adapter writes, under one hash tag `{prefix}` so that on Redis Cluster they all live in
 * one slot: a Lua script may then touch any of them, and BullMQ's own keys (prefix `{prefix}`) sit
 * beside ours.
 *
 * | key                       | type       | holds                                                           |
 * | ------------------------- | ---------- | --------------------------------------------------------------- |
 * | `{p}:key:<claimKey>`      | hash       | an idempotency claim: `fp`, `done`, `token`, `ttl`; expires     |
 * | `{p}:event:<id>`          | hash       | one event record: fields below, `body` as raw bytes             |
 * | `{p}:seq`                 | string     | insertion counter; orders the indexes                           |
 * | `{p}:index:all`           | sorted set | every event id by insertion sequence                            |
 * | `{p}:index:<status>`      | sorted set | event ids with that status, by insertion sequence               |
 * | `{p}:index:expiring`      | sorted set | settled event ids by expiry time, to prune the indexes          |
 * | `{p}:endpoints`           | hash       | outbound endpoints: id → the record as JSON                     |
 * | `{p}:endpoints:seq`       | string     | endpoint insertion counter; orders the endpoint indexes         |
 * | `{p}:endpoints:all`       | sorted set | every endpoint id by insertion sequence                         |
 * | `{p}:endpoints:tenant:<t>`| sorted set | tenant `t`'s endpoint ids by insertion sequence                 |
 * | `{p}:endpoint-health:<id>`| hash       | an endpoint's `streak`, `failedAt`, `succeededAt`, `error`      |
 * | `{p}:endpoint-probe:<id>` | string     | the probe lease of an endpoint; expires after the lease         |
 * | `{p}:jobs:*`              | BullMQ     | the work queue (`wait`, `delayed`, `active`, job hashes, …)     |
 * @internal
 */
export interface RedisKeys {
  /** The hash tag, `{prefix}`; also BullMQ's `prefix`. */
  readonly tag: string;
  claim(claimKey: string): string;
  event(id: string): string;
  /** Prefix of event keys, for scripts that build them from ids. */
  readonly eventPrefix: string;
  readonly seq: string;
  /** Prefix of index keys: `index:all`, `index:<status>`, `index:expiring`. */
  readonly indexPrefix: string;
  index(status: string | undefined): string;
  readonly expiring: string;
  /** The hash of endpoint records. */
  readonly endpoints: string;
  readonly endpointSeq: string;
  /** Every endpoint id by insertion sequence. */
  readonly endpointIndex: string;
  /** Prefix of the per-tenant endpoint indexes, for scripts that build them from a record. */
  readonly tenantEndpointsPrefix: string;
  tenantEndpoints(tenant: string): string;
  endpointHealth(id: string): string;
  endpointProbe(id: string): string;
}

/** The key layout for `prefix`. @internal */
export function redisKeys(prefix: string): RedisKeys {
  if (typeof prefix !== "string" || prefix === "" || /[{}]/.test(prefix)) {
    throw new ConfigurationError(
      "`prefix` must be a non-empty string without `{` or `}` (the adapter wraps it in a hash tag itself).",
    );
  }
  const tag = `{${prefix}}`;
  const indexPrefix = `${tag}:index:`;
  return {
    tag,
    claim: (claimKey) => `${tag}:key:${claimKey}`,
    event: (id) => `${tag}:event:${id}`,
    eventPrefix: `${tag}:event:`,
    seq: `${tag}:seq`,
    indexPrefix,
    index: (status) => `${indexPrefix}${status ?? "all"}`,
    expiring: `${indexPrefix}expiring`,
    endpoints: `${tag}:endpoints`,
    endpointSeq: `${tag}:endpoints:seq`,
    endpointIndex: `${tag}:endpoints:all`,
    tenantEndpointsPrefix: `${tag}:endpoints:tenant:`,
    tenantEndpoints: (tenant) => `${tag}:endpoints:tenant:${tenant}`,
    endpointHealth: (id) => `${tag}:endpoint-health:${id}`,
    endpointProbe: (id) => `${tag}:endpoint-probe:${id}`,
  };
}

/**
 * The BullMQ job id for a core job id. BullMQ rejects ids that contain `:` or look like integers, and
 * core's ids are `process:<eventId>` and `deliver:<deliveryId>`; so `%` and `:` are percent-encoded
 * and an integer-looking id gets `%i` in front: one-to-one, so two core ids never share a BullMQ id.
 * @internal
 */
export function bullJobId(id: string): string {
  const encoded = id.replaceAll("%", "%25").replaceAll(":", "%3A");
  return /^-?\d+$/.test(encoded) ? `%i${encoded}` : encoded;
}
