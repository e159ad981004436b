/**
 * Fastify glue for hookwise: `await app.register(fastifyHookwise, { ingestor })` registers
 * `POST /webhooks/:source`, reading raw bytes in its own scope while the app keeps its parsers.
 *
 * @module @hookwise/fastify-plugin
 */
import { fastifyHookwise } from "./hookwise-plugin.ts";

export { fastifyHookwise, hookwise, DEFAULT_WEBHOOK_PATH } from "./hookwise-plugin.ts";
export type { HookwisePluginOptions } from "./hookwise-plugin.ts";
export default fastifyHookwise;
