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
 * `EventStore.list`: one page. KEYS: the index (all, or one status). ARGV: event prefix, cursor (the
 * last sequence seen, or empty), page size. Reads records after the cursor in insertion order,
 * dropping index entries whose record expired. Answers { last sequence read, 1 when more follow,
 * then each record as a flat HGETALL }.
 * @internal
 */
export const LIST_LUA: string = `
local index, prefix, need = KEYS[1], ARGV[1], tonumber(ARGV[3])
local from = '-inf'
if ARGV[2] ~= '' then from = '(' .. ARGV[2] end
local result = { '', 0 }
while need > 0 do
  local batch = redis.call('ZRANGEBYSCORE', index, from, '+inf', 'WITHSCORES', 'LIMIT', 0, need)
  if #batch == 0 then break end
  for i = 1, #batch, 2 do
    local id, seq = batch[i], batch[i + 1]
    local fields = redis.call('HGETALL', prefix .. id)
    if #fields == 0 then
      redis.call('ZREM', index, id)
    else
      table.insert(result, fields)
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
