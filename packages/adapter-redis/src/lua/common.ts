/**
 * Lua shared by the event scripts: statuses, server time, retention of settled records and pruning
 * of index entries whose record expired. Prepended to each script that needs it.
 * @internal
 */
export const COMMON_LUA: string = `
local SETTLED = { delivered = true, dead_lettered = true, ignored = true, conflict = true }
local STATUSES = { 'queued', 'processing', 'delivered', 'dead_lettered', 'ignored', 'conflict' }

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- A settled record expires ttl ms after its last status change; any other status keeps it. A key
-- created in this script (fresh) has no TTL to clear, but an earlier record of the same id may have
-- left its expiry entry behind, which would otherwise stay due forever and hold up prune.
local function retain(event_key, expiring_key, id, status, ttl, fresh)
  if SETTLED[status] and ttl > 0 then
    redis.call('PEXPIRE', event_key, ttl)
    redis.call('ZADD', expiring_key, now_ms() + ttl, id)
  else
    if not fresh then redis.call('PERSIST', event_key) end
    redis.call('ZREM', expiring_key, id)
  end
end

local function unindex(index_prefix, id)
  redis.call('ZREM', index_prefix .. 'all', id)
  for _, s in ipairs(STATUSES) do redis.call('ZREM', index_prefix .. s, id) end
end

-- Drops a few index entries of records that expired, so the indexes stay as bounded as the records.
local function prune(index_prefix, event_prefix, expiring_key)
  local due = redis.call('ZRANGEBYSCORE', expiring_key, '-inf', now_ms(), 'LIMIT', 0, 16)
  for _, id in ipairs(due) do
    if redis.call('EXISTS', event_prefix .. id) == 0 then
      unindex(index_prefix, id)
      redis.call('ZREM', expiring_key, id)
    end
  end
end

-- Stores a new record from field/value pairs ARGV[from..]; indexes it by insertion sequence.
local function store(event_key, seq_key, expiring_key, index_prefix, event_prefix, id, status, ttl, from)
  local seq = redis.call('INCR', seq_key)
  redis.call('HSET', event_key, 'seq', seq, unpack(ARGV, from))
  redis.call('ZADD', index_prefix .. 'all', seq, id)
  redis.call('ZADD', index_prefix .. status, seq, id)
  retain(event_key, expiring_key, id, status, ttl, true)
  prune(index_prefix, event_prefix, expiring_key)
end

-- Sets a record's status and updatedAt, sets or clears (error_json '') its error, moves it between
-- status indexes (keeping its insertion sequence) and starts or stops its retention. False when the
-- record does not exist.
local function set_status(event_key, expiring_key, index_prefix, id, status, updated_at, error_json, ttl)
  local current = redis.call('HMGET', event_key, 'status', 'seq')
  if not current[1] then return false end
  redis.call('HSET', event_key, 'status', status, 'updatedAt', updated_at)
  if error_json == '' then redis.call('HDEL', event_key, 'error') else redis.call('HSET', event_key, 'error', error_json) end
  if current[1] ~= status then
    redis.call('ZREM', index_prefix .. current[1], id)
    redis.call('ZADD', index_prefix .. status, current[2], id)
  end
  retain(event_key, expiring_key, id, status, ttl)
  return true
end

-- The deliveries ids as a flat list: id, destination, status, id, destination, status, ... Read
-- in one HMGET per 500 deliveries (unpack has a limit on its arguments).
local function states_of(event_key, ids)
  local out = {}
  for from = 1, #ids, 500 do
    local fields = {}
    for i = from, math.min(#ids, from + 499) do
      table.insert(fields, 'n:' .. ids[i])
      table.insert(fields, 's:' .. ids[i])
    end
    local values = redis.call('HMGET', event_key, unpack(fields))
    for i = from, math.min(#ids, from + 499) do
      local at = (i - from) * 2
      table.insert(out, ids[i])
      table.insert(out, values[at + 1])
      table.insert(out, values[at + 2])
    end
  end
  return out
end

-- Every delivery of a record as a flat list (see states_of).
local function delivery_states(event_key)
  local order = redis.call('HGET', event_key, 'order')
  if not order then return {} end
  return states_of(event_key, cjson.decode(order))
end

-- HSET of a flat field/value list, 500 pairs a call.
local function hset_all(event_key, list)
  for from = 1, #list, 1000 do
    redis.call('HSET', event_key, unpack(list, from, math.min(#list, from + 999)))
  end
end

-- What a status change does besides writing 'status' and 'updatedAt' (the caller's HSET): clears
-- the error, moves the record between status indexes and starts or stops its retention. A record
-- that is neither settled nor becoming so has no retention to change (only settled ones expire).
local function status_moved(event_key, expiring_key, index_prefix, id, from, seq, to, had_error, ttl)
  if had_error then redis.call('HDEL', event_key, 'error') end
  if from ~= to then
    redis.call('ZREM', index_prefix .. from, id)
    redis.call('ZADD', index_prefix .. to, seq, id)
  end
  if SETTLED[from] or SETTLED[to] then retain(event_key, expiring_key, id, to, ttl) end
end

-- What a flat delivery_states list says of the event: 'pending' while any delivery is pending, else
-- 'dead_lettered' when any is, else 'delivered'.
local function outcome_of(states)
  local dead = false
  for i = 3, #states, 3 do
    if states[i] == 'pending' then return 'pending' end
    if states[i] == 'dead_lettered' then dead = true end
  end
  if dead then return 'dead_lettered' end
  return 'delivered'
end
`;
