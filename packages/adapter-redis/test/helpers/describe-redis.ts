import * as vitest from "vitest";
import { REDIS_URL, redisReachable } from "./redis-env.ts";

const reachable = await redisReachable();

/** `describe.skip` that says why in the suite's name, so a skipped run reads as one. */
const skipWithReason = ((name: string, ...rest: unknown[]) =>
  (vitest.describe.skip as (...args: unknown[]) => unknown)(
    `${name} (skipped: no Redis at ${REDIS_URL}; start one with scripts/ensure-redis.sh)`,
    ...rest,
  )) as unknown as typeof vitest.describe;

/** `describe` for suites that need Redis: skipped when none answers, except under `CI=true` (an error there). */
export const describeRedis: typeof vitest.describe = reachable ? vitest.describe : skipWithReason;
