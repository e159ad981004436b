import { COMMON_LUA } from "./common.ts";

/**
 * `EventStore.insert`. KEYS: event key, seq, expiring index. ARGV: index prefix, event prefix, id,
 * status, event ttl ms (0: none), then the record's field/value pairs. Answers 0 when the id is taken.
 * @internal
 */
export const INSERT_LUA: string = `${COMMON_LUA}
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
store(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5]), 6)
return 1
`;

/**
 * `EventStore.delete`. KEYS: event key, expiring index. ARGV: index prefix, id.
 * @internal
 */
export const DELETE_LUA: string = `${COMMON_LUA}
if redis.call('DEL', KEYS[1]) == 0 then return 0 end
unindex(ARGV[1], ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[2])
return 1
`;

/**
 * `EventStore.setStatus`. KEYS: event key, expiring index. ARGV: index prefix, id, status, updatedAt,
 * error JSON (empty: clear it), event ttl ms (0: none). Moves the id between status indexes (keeping
 * its insertion sequence) and starts or stops the retention TTL. Answers 0 for an unknown id.
 * @internal
 */
export const SET_STATUS_LUA: string = `${COMMON_LUA}
if not set_status(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])) then
  return 0
end
return 1
`;

/**
 * `EventStore.getForProcessing`. KEYS: event key, expiring index. ARGV: index prefix, id,
 * processingAt, event ttl ms. A `queued` record becomes `processing` (its error cleared, its index
 * entry moved); then the whole record is answered as HGETALL would (empty for an unknown id).
 * @internal
 */
export const GET_FOR_PROCESSING_LUA: string = `${COMMON_LUA}
local head = redis.call('HMGET', KEYS[1], 'status', 'seq', 'error')
if head[1] == 'queued' then
  redis.call('HSET', KEYS[1], 'status', 'processing', 'updatedAt', ARGV[3])
  status_moved(KEYS[1], KEYS[2], ARGV[1], ARGV[2], 'queued', head[2], 'processing', head[3], tonumber(ARGV[4]))
end
return redis.call('HGETALL', KEYS[1])
`;

/**
 * `EventStore.list` and `listSummaries`: one page. KEYS: the index (all, or one status). ARGV: event
 * prefix, cursor (the last sequence seen, or empty), page size, the index's status (empty for all),
 * what to read of each record (`full`: every field, as HGETALL; `summary`: meta, fp, status,
 * updatedAt and error, as HMGET, so bodies stay in Redis). Reads records after the cursor in
 * insertion order. Index entries whose record expired are dropped, and so are entries of a status
 * index whose record has another status now (a record stored again under the id of one that
 * expired). One call looks at no more than page size + SCAN_LIMIT entries, so a pile of expired
 * entries costs several short calls, never one long one that blocks Redis. Answers { last sequence
 * looked at, 1 when more follow, then each record's fields }.
 * @internal
 */
export const LIST_LUA: string = `
local SCAN_LIMIT = 1000
local SUMMARY = { 'meta', 'fp', 'status', 'updatedAt', 'error' }
local index, prefix, need, status, mode = KEYS[1], ARGV[1], tonumber(ARGV[3]), ARGV[4], ARGV[5]
local budget = need + SCAN_LIMIT
local from = '-inf'
if ARGV[2] ~= '' then from = '(' .. ARGV[2] end
local result = { '', 0 }
while need > 0 and budget > 0 do
  local batch = redis.call('ZRANGEBYSCORE', index, from, '+inf', 'WITHSCORES', 'LIMIT', 0, math.min(need, budget))
  if #batch == 0 then break end
  for i = 1, #batch, 2 do
    local id, seq = batch[i], batch[i + 1]
    local key = prefix .. id
    local current = redis.call('HGET', key, 'status')
    budget = budget - 1
    if not current or (status ~= '' and current ~= status) then
      redis.call('ZREM', index, id)
    elseif mode == 'summary' then
      table.insert(result, redis.call('HMGET', key, unpack(SUMMARY)))
      need = need - 1
    else
      table.insert(result, redis.call('HGETALL', key))
      need = need - 1
    end
    result[1] = seq
    from = '(' .. seq
  end
end
if result[1] ~= '' and #redis.call('ZRANGEBYSCORE', index, from, '+inf', 'LIMIT', 0, 1) > 0 then
  result[2] = 1
end
return result
`;
