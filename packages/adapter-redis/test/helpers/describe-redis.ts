import * as vitest from "vitest";
import { redisReachable } from "./redis-env.ts";

const reachable = await redisReachable();

/** `describe` for suites that need Redis: skipped when none answers, except under `CI=true` (an error there). */
export const describeRedis: typeof vitest.describe = reachable
  ? vitest.describe
  : (vitest.describe.skip as typeof vitest.describe);
