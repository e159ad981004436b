/**
 * Everything the Redis bench servers use from hookwise, as one entry: bench/http-build.ts bundles it
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
export { createRedisAdapter } from "@hookwise/adapter-redis";
export { fastifyHookwise } from "@hookwise/fastify-plugin";
