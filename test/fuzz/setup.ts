import fc from "fast-check";

// Always a fixed seed unless FAST_CHECK_SEED names another: a landing never depends on the draw.
const seed = Number(process.env.FAST_CHECK_SEED ?? 20261202);
fc.configureGlobal({ seed, numRuns: fuzzRuns() });

/** Runs per property: HOOKWISE_FUZZ_RUNS, else 200 (the CI budget). */
export function fuzzRuns(): number {
  const runs = Number(process.env.HOOKWISE_FUZZ_RUNS ?? 200);
  return Number.isInteger(runs) && runs > 0 ? runs : 200;
}
