import { defineConfig, type Options } from "tsup";

/**
 * The one build config every published package uses: ESM + CJS + `.d.ts`, explicit about the
 * settings whose defaults differ between tsup and its successor tsdown (format, clean, dts, target).
 */
export function createTsupConfig(
  entry: Record<string, string>,
  overrides: Options = {},
): ReturnType<typeof defineConfig> {
  return defineConfig({
    entry,
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node20",
    platform: "neutral",
    splitting: false,
    treeshake: true,
    ...overrides,
  });
}
