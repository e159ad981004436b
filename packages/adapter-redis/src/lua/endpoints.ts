/*
 * Endpoints live as JSON in one hash (id → record), ordered by two sorted sets scored by an
 * insertion counter: every endpoint, and each tenant's. Health is a hash per endpoint and the probe
 * lease a string with a TTL, so Redis's own clock ends it. Each script checks and writes in one
 * step, so no outcome or lease outlives a deleted endpoint.
 */

/**
 * `EndpointStore.insert`. KEYS: records hash, seq, index of all, tenant's index. ARGV: id, record
 * JSON. Answers 0 when the id is taken.
 * @internal
 */
export const ENDPOINT_INSERT_LUA: string = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
local seq = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[3], seq, ARGV[1])
redis.call('ZADD', KEYS[4], seq, ARGV[1])
return 1
`;

/**
 * `EndpointStore.replace`. KEYS: records hash. ARGV: id, record JSON, its tenant, the expected
 * `updatedAt` (empty: any). Answers 0 for an unknown id, -1 when the tenant is not the stored one
 * and -2 when `updatedAt` is not the expected one (nothing changes then).
 * @internal
 */
export const ENDPOINT_REPLACE_LUA: string = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then return 0 end
local stored = cjson.decode(current)
if stored.tenant ~= ARGV[3] then return -1 end
if ARGV[4] ~= '' and stored.updatedAt ~= tonumber(ARGV[4]) then return -2 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`;

/**
 * `EndpointStore.delete`. KEYS: records hash, index of all, health, probe lease. ARGV: id, prefix
 * of tenant indexes. Answers 1 when the endpoint existed.
 * @internal
 */
export const ENDPOINT_DELETE_LUA: string = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', ARGV[2] .. cjson.decode(current).tenant, ARGV[1])
redis.call('DEL', KEYS[3], KEYS[4])
return 1
`;

/**
 * `EndpointStore.recordOutcome`. KEYS: records hash, health. ARGV: id, `1` for a success, when (ms),
 * error JSON (empty: none). Answers the health as a flat HGETALL, or 0 for an unknown id.
 * @internal
 */
export const ENDPOINT_OUTCOME_LUA: string = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
if ARGV[2] == '1' then
  redis.call('HSET', KEYS[2], 'streak', 0, 'succeededAt', ARGV[3])
else
  redis.call('HINCRBY', KEYS[2], 'streak', 1)
  redis.call('HSET', KEYS[2], 'failedAt', ARGV[3])
  if ARGV[4] == '' then
    redis.call('HDEL', KEYS[2], 'error')
  else
    redis.call('HSET', KEYS[2], 'error', ARGV[4])
  end
end
return redis.call('HGETALL', KEYS[2])
`;

/**
 * `EndpointStore.claimProbe`. KEYS: records hash, probe lease. ARGV: id, lease ms. Answers 1 when
 * the lease was taken, 0 when someone holds it, -1 for an unknown id.
 * @internal
 */
export const ENDPOINT_PROBE_LUA: string = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return -1 end
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[2]) then return 1 end
return 0
`;

/**
 * `EndpointStore.list` and `listByTenant`. KEYS: an index (all, or one tenant's), records hash.
 * ARGV: cursor (the last sequence seen, or empty), page size (0: all). Answers { 1 when more follow,
 * the last sequence read, then each record's JSON }, in insertion order.
 * @internal
 */
export const ENDPOINT_LIST_LUA: string = `
local from = '-inf'
if ARGV[1] ~= '' then from = '(' .. ARGV[1] end
local limit = tonumber(ARGV[2])
local entries
if limit > 0 then
  entries = redis.call('ZRANGEBYSCORE', KEYS[1], from, '+inf', 'WITHSCORES', 'LIMIT', 0, limit + 1)
else
  entries = redis.call('ZRANGEBYSCORE', KEYS[1], from, '+inf', 'WITHSCORES')
end
local out = { 0, '' }
local taken = 0
for i = 1, #entries, 2 do
  if limit > 0 and taken == limit then
    out[1] = 1
    break
  end
  local record = redis.call('HGET', KEYS[2], entries[i])
  if record then table.insert(out, record) end
  taken = taken + 1
  out[2] = entries[i + 1]
end
return out
`;
