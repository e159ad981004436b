import { hookwiseProject } from "../../vitest.shared.ts";

// The hostile-input fuzz suite: real servers on 127.0.0.1 for Express, Fastify and ingestor.fetch.
// A fixed seed and a bounded number of runs by default (under two minutes in CI); set
// HOOKWISE_FUZZ_RUNS for a longer run and FAST_CHECK_SEED to replay one.
export default hookwiseProject("fuzz", {
  include: ["**/*.test.ts"],
  setupFiles: ["setup.ts"],
  testTimeout: 110_000,
  hookTimeout: 30_000,
});
