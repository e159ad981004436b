import fc from "fast-check";

// Under CI the property tests use one fixed seed, so a landing never depends on the draw; locally
// each run draws a new seed and keeps exploring. FAST_CHECK_SEED replays a reported failure.
const fromEnvironment = process.env.FAST_CHECK_SEED;
const seed =
  fromEnvironment !== undefined
    ? Number(fromEnvironment)
    : process.env.CI === "true"
      ? 20261123
      : undefined;
if (seed !== undefined) fc.configureGlobal({ seed });
