/**
 * Builds @hookwise/core's source the way tsup builds dist/index.js (esbuild, ESM, platform
 * neutral, target node20, dependencies external) into node_modules/.cache, so the bench measures
 * the shipped code: no tsx transform helpers (`__name` wrappers) in the hot path, and no stale dist.
 */
import { build } from "esbuild";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The root entry and `@hookwise/core/providers`, as one module. */
export type HookwiseCore = typeof import("@hookwise/core") &
  typeof import("@hookwise/core/providers");

const root = fileURLToPath(new URL("..", import.meta.url));

/** `from: "build"` bundles the source first; `"source"` imports it through tsx as is. */
export async function loadHookwise(from: "build" | "source"): Promise<HookwiseCore> {
  if (from === "source")
    return { ...(await import("@hookwise/core")), ...(await import("@hookwise/core/providers")) };
  const outfile = `${root}node_modules/.cache/hookwise-bench/core.mjs`;
  await build({
    stdin: {
      contents: 'export * from "./src/index.ts";\nexport * from "./src/providers/index.ts";\n',
      resolveDir: `${root}packages/core`,
      loader: "ts",
    },
    outfile,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "node20",
    packages: "external",
    logLevel: "error",
  });
  return (await import(pathToFileURL(outfile).href)) as HookwiseCore;
}
