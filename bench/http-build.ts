/**
 * Bundles bench/http-hookwise.ts (hookwise core, memory adapter, Express and Fastify glue) from
 * source with esbuild, as tsup builds `dist` (ESM, target node20, third-party packages external),
 * so the bench measures the shipped code rather than tsx's transform (its `__name` wrappers run on
 * every closure created per request) and never a stale `dist`.
 */
import { build } from "esbuild";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * Builds the bundle and returns its file URL, for `HOOKWISE_BENCH_MODULE`.
 * @param entry - The entry in bench/, without `.ts` (the Redis bench bundles `redis-hookwise`).
 */
export async function buildHookwiseBundle(entry = "http-hookwise"): Promise<string> {
  const outfile = `${root}node_modules/.cache/hookwise-bench/${entry}.mjs`;
  await build({
    entryPoints: [`${root}bench/${entry}.ts`],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // Workspace packages resolve to their sources and are bundled; everything from npm stays external.
    conditions: ["@hookwise/source"],
    external: [
      "express",
      "fastify",
      "fastify-plugin",
      "eventemitter3",
      "@standard-schema/spec",
      "bullmq",
      "ioredis",
      "p-retry",
    ],
    logLevel: "error",
  });
  return pathToFileURL(outfile).href;
}
