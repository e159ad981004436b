import { COMMON_LUA } from "./common.ts";

/**
 * The intake decision in one step: claim the key, find the record, or store it.
 *
 * KEYS: claim key, event key, seq, expiring index.
 * ARGV: index prefix, event prefix, event id, fingerprint, status, claim ttl ms (0: none),
 * event ttl ms (0: none), nonce of this intake, "1" when a job goes with it, then the record's
 * field/value pairs.
 *
 * Answers `stored` (stored now, or by an earlier try of this same intake: its nonce), `requeue` (the
 * same bytes are stored and still `queued`: queue the job again), `duplicate`, `conflict`, `in_flight`
 * (a claim made through the idempotency store is pending).
 * @internal
 */
export const INTAKE_LUA: string = `${COMMON_LUA}
local claim_key, event_key = KEYS[1], KEYS[2]
local fingerprint, nonce = ARGV[4], ARGV[8]

local function remember(fp)
  redis.call('HSET', claim_key, 'fp', fp, 'done', '1')
  local ttl = tonumber(ARGV[6])
  if ttl > 0 then redis.call('PEXPIRE', claim_key, ttl) else redis.call('PERSIST', claim_key) end
end

local known = redis.call('HMGET', claim_key, 'fp', 'done')
local stored = redis.call('HMGET', event_key, 'fp', 'status', 'nonce')
if known[1] and known[1] ~= fingerprint then return 'conflict' end
if stored[1] then
  -- The key was forgotten (TTL) while the record is kept: the record answers, and is remembered again.
  if not known[1] then remember(stored[1]) end
  if stored[1] ~= fingerprint then return 'conflict' end
  if stored[3] == nonce then return 'stored' end
  if stored[2] == 'queued' and ARGV[9] == '1' then return 'requeue' end
  return 'duplicate'
end
if known[1] then
  if known[2] == '1' then return 'duplicate' end
  return 'in_flight'
end
store(event_key, KEYS[3], KEYS[4], ARGV[1], ARGV[2], ARGV[3], ARGV[5], tonumber(ARGV[7]), 10)
remember(fingerprint)
return 'stored'
`;
