/**
 * Per-endpoint token buckets, in this process: an endpoint with `rateLimitPerSecond` gets at most
 * that many sends a second from this worker, with bursts up to one second's worth.
 */
export interface RateLimiter {
  /**
   * 0 when a send may go now (and takes a token), else the milliseconds until it should ask again.
   * Sends turned away at once are given successive slots, one token apart, so they do not all wake
   * at the same moment for one token (each wake-up costs a job its reads).
   */
  take(endpointId: string, perSecond: number, now: number): number;
}

interface Bucket {
  tokens: number;
  at: number;
  /** When the next send that finds no token is told to come back: wake-ups are spread, one per token. */
  nextSlot: number;
}

/** Most buckets kept; the least recently used go first (an idle endpoint's bucket is full anyway). */
const MAX_BUCKETS = 10_000;

/**
 * Tokens a bucket holds at most: a second's worth, but never less than the one a send takes, so a
 * rate below 1 per second (0.5: one send every 2 s) still sends.
 */
function capacity(perSecond: number): number {
  return Math.max(1, perSecond);
}

/** A token-bucket {@link RateLimiter}. */
export function createRateLimiter(): RateLimiter {
  const buckets = new Map<string, Bucket>();
  return {
    take(endpointId, perSecond, now) {
      let bucket = buckets.get(endpointId);
      if (bucket === undefined) {
        if (buckets.size >= MAX_BUCKETS) buckets.delete(buckets.keys().next().value as string);
        bucket = { tokens: capacity(perSecond), at: now, nextSlot: 0 };
      } else buckets.delete(endpointId);
      buckets.set(endpointId, bucket);
      bucket.tokens = Math.min(
        capacity(perSecond),
        bucket.tokens + ((now - bucket.at) / 1000) * perSecond,
      );
      bucket.at = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      const slot = Math.max(
        now + Math.ceil(((1 - bucket.tokens) / perSecond) * 1000),
        bucket.nextSlot,
      );
      bucket.nextSlot = slot + Math.ceil(1000 / perSecond);
      return slot - now;
    },
  };
}
