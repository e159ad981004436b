/**
 * Everything the HTTP bench servers use from hookwise, as one entry: bench/http-build.ts bundles it
 * from source the way tsup builds `dist` (one copy of core shared by the adapter and the glue).
 */
export {
  createHandlerDestination,
  createHmacVerifier,
  createIngestor,
  defineSource,
  defineTransformer,
  silentLogger,
} from "@hookwise/core";
export { createMemoryAdapter } from "@hookwise/adapter-memory";
export { createExpressMiddleware } from "@hookwise/express-middleware";
export { fastifyHookwise } from "@hookwise/fastify-plugin";
