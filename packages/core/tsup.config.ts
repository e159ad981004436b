import { createTsupConfig } from "../../tsup.config.base.ts";

// Split: the entries share one copy of core (error classes, key caches), so `instanceof
// ConfigurationError` holds for an error a provider preset threw.
export default createTsupConfig(
  {
    index: "src/index.ts",
    testing: "src/testing/index.ts",
    providers: "src/providers/index.ts",
  },
  { splitting: true },
);
