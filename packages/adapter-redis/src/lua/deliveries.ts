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
 * processingAt (empty: leave the status), event ttl ms, then per delivery: id, destination, status,
 * JSON of transformer and output, attempts JSON. Adds only ids not present yet; with processingAt
 * and a delivery pending afterwards, the event becomes `processing` in the same step.
 * @internal
 */
export const ADD_DELIVERIES_LUA: string = `${COMMON_LUA}
if redis.call('EXISTS', KEYS[1]) == 0 then return { 0 } end
local raw = redis.call('HGET', KEYS[1], 'order')
local order = {}
if raw then order = cjson.decode(raw) end
local added = false
for i = 5, #ARGV, 5 do
  local id = ARGV[i]
  if redis.call('HEXISTS', KEYS[1], 's:' .. id) == 0 then
    redis.call('HSET', KEYS[1], 'n:' .. id, ARGV[i + 1], 's:' .. id, ARGV[i + 2],
      'd:' .. id, ARGV[i + 3], 'a:' .. id, ARGV[i + 4])
    table.insert(order, id)
    added = true
  end
end
if added then redis.call('HSET', KEYS[1], 'order', cjson.encode(order)) end
local out = delivery_states(KEYS[1])
if ARGV[3] ~= '' and outcome_of(out) == 'pending' then
  set_status(KEYS[1], KEYS[2], ARGV[1], ARGV[2], 'processing', ARGV[3], '', tonumber(ARGV[4]))
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
if redis.call('EXISTS', KEYS[1]) == 0 then return { 0 } end
local field = 'a:' .. ARGV[1]
local attempts = redis.call('HGET', KEYS[1], field)
if not attempts then return { -1 } end
if attempts == '[]' then
  attempts = '[' .. ARGV[2] .. ']'
else
  attempts = string.sub(attempts, 1, -2) .. ',' .. ARGV[2] .. ']'
end
redis.call('HSET', KEYS[1], field, attempts)
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 's:' .. ARGV[1], ARGV[3]) end
local out = delivery_states(KEYS[1])
if ARGV[6] ~= '' then
  local outcome = outcome_of(out)
  if outcome ~= 'pending' then
    set_status(KEYS[1], KEYS[2], ARGV[4], ARGV[5], outcome, ARGV[6], '', tonumber(ARGV[7]))
  end
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
