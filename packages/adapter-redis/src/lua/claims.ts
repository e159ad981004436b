/**
 * `IdempotencyStore.claim`. KEYS: claim key. ARGV: fingerprint, new token, ttl ms once done (0: none),
 * stale-after ms (0: never). A pending claim expires after stale-after, so the next claim takes it
 * over: one atomic step, so exactly one claimant gets `new`.
 * @internal
 */
export const CLAIM_LUA: string = `
local current = redis.call('HMGET', KEYS[1], 'fp', 'done')
if current[1] then
  if current[1] ~= ARGV[1] then return 'conflict' end
  if current[2] == '1' then return 'duplicate' end
  return 'in_flight'
end
redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'done', '0', 'token', ARGV[2], 'ttl', ARGV[3])
if tonumber(ARGV[4]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
return 'new'
`;

/**
 * `IdempotencyStore.settle`. KEYS: claim key. ARGV: token, `done` or `failed`. Only the pending
 * claim's own token settles it; resolves 1 when it did.
 * @internal
 */
export const SETTLE_LUA: string = `
local current = redis.call('HMGET', KEYS[1], 'token', 'done', 'ttl')
if not current[1] or current[1] ~= ARGV[1] or current[2] == '1' then return 0 end
if ARGV[2] == 'failed' then
  redis.call('DEL', KEYS[1])
  return 1
end
redis.call('HSET', KEYS[1], 'done', '1')
local ttl = tonumber(current[3])
if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) else redis.call('PERSIST', KEYS[1]) end
return 1
`;
