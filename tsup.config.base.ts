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
    // No source maps in the tarball: they were over half of core's unpacked size, and the bundles are
    // not minified, so stack traces already read as the source does.
    sourcemap: false,
    clean: true,
    target: "node20",
    platform: "neutral",
    splitting: false,
    treeshake: true,
    ...overrides,
  });
}
