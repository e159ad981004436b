import { fileURLToPath } from "node:url";
import { defineProject, type UserWorkspaceConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

/**
 * Tests run against the packages' TypeScript sources, never a stale `dist`: the same idea as the
 * `@hookwise/source` export condition, written as aliases because they behave the same in every
 * Vite environment.
 */
export const sourceAliases: Record<string, string> = {
  "@hookwise/core/testing": `${root}packages/core/src/testing/index.ts`,
  "@hookwise/core/providers": `${root}packages/core/src/providers/index.ts`,
  "@hookwise/core": `${root}packages/core/src/index.ts`,
  "@hookwise/adapter-memory": `${root}packages/adapter-memory/src/index.ts`,
  "@hookwise/adapter-redis": `${root}packages/adapter-redis/src/index.ts`,
  "@hookwise/express-middleware": `${root}packages/express-middleware/src/index.ts`,
  "@hookwise/fastify-plugin": `${root}packages/fastify-plugin/src/index.ts`,
  "@hookwise/outbound": `${root}packages/outbound/src/index.ts`,
};

/** A vitest project for one workspace package, named after it. */
export function hookwiseProject(
  name: string,
  extra: UserWorkspaceConfig["test"] = {},
): UserWorkspaceConfig {
  return defineProject({
    resolve: { alias: sourceAliases },
    test: {
      name,
      include: ["test/**/*.test.ts"],
      environment: "node",
      testTimeout: 15_000,
      ...extra,
    },
  });
}
