/**
 * Express glue for hookwise: `app.post("/webhooks/:source", createExpressMiddleware(ingestor))`.
 * Works with Express 4 and 5, whatever body parsers the rest of the app mounts.
 *
 * @module @hookwise/express-middleware
 */
export { createExpressMiddleware } from "./create-express-middleware.ts";
export type { ExpressMiddleware, ExpressMiddlewareOptions } from "./create-express-middleware.ts";
export type { ExpressRequest } from "./to-incoming-webhook.ts";
