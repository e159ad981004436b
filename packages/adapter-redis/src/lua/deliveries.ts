import { COMMON_LUA } from "./common.ts";

/*
 * A delivery lives in its event's hash as four fields: `n:<id>` destination, `s:<id>` status,
 * `d:<id>` the JSON of its transformer and output (never parsed in Lua, so user numbers keep their
 * precision) and `a:<id>` its attempts as a JSON array (appended to as text). `order` lists the ids.
 * Each script answers { 1, states... } (see delivery_states), { 0 } for an unknown event and { -1 }
 * for an unknown delivery.
 */

/**
 * `EventStore.addDeliveries`. KEYS: event key, expiring index. ARGV: index prefix, event id,
 * processingAt (empty: leave the status), event ttl ms, settleAt (empty: leave the status), then per
 * delivery: id, destination, status, JSON of transformer and output, attempts JSON. Adds only ids
 * not present yet; with processingAt and a delivery pending afterwards, the event becomes
 * `processing` in the same step; with settleAt and none pending, it settles.
 * @internal
 */
export const ADD_DELIVERIES_LUA: string = `${COMMON_LUA}
-- One read of what the change needs, and one write of every field, status included.
local head = redis.call('HMGET', KEYS[1], 'status', 'seq', 'order', 'error')
if not head[1] then return { 0 } end
local order = {}
if head[3] then order = cjson.decode(head[3]) end
-- The existing deliveries' states (one HMGET); the ones added now follow, in order.
local out = states_of(KEYS[1], order)
-- Ids already stored ('order' lists every one) or added by this call are skipped.
local present = {}
for _, id in ipairs(order) do present[id] = true end
local writes = {}
for i = 6, #ARGV, 5 do
  local id = ARGV[i]
  if not present[id] then
    present[id] = true
    for f, prefix in ipairs({ 'n:', 's:', 'd:', 'a:' }) do
      table.insert(writes, prefix .. id)
      table.insert(writes, ARGV[i + f])
    end
    table.insert(order, id)
    table.insert(out, id); table.insert(out, ARGV[i + 1]); table.insert(out, ARGV[i + 2])
  end
end
if #writes > 0 then
  table.insert(writes, 'order')
  table.insert(writes, cjson.encode(order))
end
local outcome = outcome_of(out)
local status, at = nil, nil
if outcome == 'pending' then
  if ARGV[3] ~= '' then status, at = 'processing', ARGV[3] end
elseif ARGV[5] ~= '' then
  status, at = outcome, ARGV[5]
end
if status then
  table.insert(writes, 'status'); table.insert(writes, status)
  table.insert(writes, 'updatedAt'); table.insert(writes, at)
end
if #writes > 0 then hset_all(KEYS[1], writes) end
if status then
  status_moved(KEYS[1], KEYS[2], ARGV[1], ARGV[2], head[1], head[2], status, head[4], tonumber(ARGV[4]))
end
table.insert(out, 1, 1)
return out
`;

/**
 * `EventStore.recordAttempt`. KEYS: event key, expiring index. ARGV: delivery id, attempt JSON,
 * status (empty: keep), index prefix, event id, settleAt (empty: leave the event's status), event
 * ttl ms. With settleAt and no delivery pending afterwards, the event settles in the same step.
 * @internal
 */
export const RECORD_ATTEMPT_LUA: string = `${COMMON_LUA}
local field = 'a:' .. ARGV[1]
local head = redis.call('HMGET', KEYS[1], 'status', 'seq', 'order', 'error', field)
if not head[1] then return { 0 } end
local attempts = head[5]
if not attempts then return { -1 } end
if attempts == '[]' then
  attempts = '[' .. ARGV[2] .. ']'
else
  attempts = string.sub(attempts, 1, -2) .. ',' .. ARGV[2] .. ']'
end
local writes = { field, attempts }
-- Every delivery's state read before the write, this one's patched: one read, one write.
local out = states_of(KEYS[1], cjson.decode(head[3]))
if ARGV[3] ~= '' then
  table.insert(writes, 's:' .. ARGV[1]); table.insert(writes, ARGV[3])
  for i = 1, #out, 3 do
    if out[i] == ARGV[1] then out[i + 2] = ARGV[3] end
  end
end
local settled_as = nil
if ARGV[6] ~= '' then
  local outcome = outcome_of(out)
  if outcome ~= 'pending' then
    settled_as = outcome
    table.insert(writes, 'status'); table.insert(writes, outcome)
    table.insert(writes, 'updatedAt'); table.insert(writes, ARGV[6])
  end
end
redis.call('HSET', KEYS[1], unpack(writes))
if settled_as then
  status_moved(KEYS[1], KEYS[2], ARGV[4], ARGV[5], head[1], head[2], settled_as, head[4], tonumber(ARGV[7]))
end
table.insert(out, 1, 1)
return out
`;

/**
 * `EventStore.resetDeliveries`. KEYS: event key, expiring index. ARGV: index prefix, event id,
 * status (empty: leave it), updatedAt, event ttl ms, then the delivery ids. All or nothing: an
 * unknown id changes nothing.
 * @internal
 */
export const RESET_DELIVERIES_LUA: string = `${COMMON_LUA}
if redis.call('EXISTS', KEYS[1]) == 0 then return { 0 } end
for i = 6, #ARGV do
  if redis.call('HEXISTS', KEYS[1], 's:' .. ARGV[i]) == 0 then return { -1 } end
end
for i = 6, #ARGV do redis.call('HSET', KEYS[1], 's:' .. ARGV[i], 'pending') end
if ARGV[3] ~= '' then
  set_status(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3], ARGV[4], '', tonumber(ARGV[5]))
end
local out = delivery_states(KEYS[1])
table.insert(out, 1, 1)
return out
`;
