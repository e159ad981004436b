import type { ServerResponse } from "node:http";
import { ConfigurationError, type Ingestor } from "@hookwise/core";
import { sendResult } from "./send-result.ts";
import { toIncomingWebhook, type ExpressRequest } from "./to-incoming-webhook.ts";

/** Options of {@link createExpressMiddleware}. */
export interface ExpressMiddlewareOptions {
  /**
   * The source every request on this route belongs to, for a route without a `:source` parameter.
   * @default the route's `:source` parameter (`req.params.source`)
   */
  readonly source?: string;
}

/**
 * An Express request handler (Express 4 and 5).
 * @category Ingest
 */
export type ExpressMiddleware = (
  req: ExpressRequest,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * Mounts an ingestor on an Express route. It reads the exact raw bytes itself, whatever body parsers
 * the app mounts elsewhere, and writes the status, headers and body that core decides. When another
 * middleware already consumed the body it answers `RAW_BODY_UNAVAILABLE` with how to fix the
 * mounting, instead of a misleading 401. Unexpected errors go to `next(err)`.
 * @example
 * const app = express();
 * app.post("/webhooks/:source", createExpressMiddleware(ingestor));
 * app.use(express.json()); // the rest of the app may parse JSON: the webhook route is unaffected
 * @see https://github.com/hookwise/hookwise/blob/main/docs/frameworks/express.md
 * @category Ingest
 */
export function createExpressMiddleware(
  ingestor: Ingestor,
  options: ExpressMiddlewareOptions = {},
): ExpressMiddleware {
  if (typeof ingestor?.handle !== "function") {
    throw new ConfigurationError(
      "`ingestor` is required: pass the result of `createIngestor(...)`.",
    );
  }
  return (req, res, next) => {
    Promise.resolve()
      .then(() => ingestor.handle(toIncomingWebhook(req, options.source)))
      .then((result) => sendResult(req, res, result))
      .catch(next);
  };
}
