import type { IncomingMessage } from "node:http";
import type { IncomingWebhook } from "@hookwise/core";
import { readRawBody } from "./read-raw-body.ts";

/**
 * What the middleware reads from Express's `req`, typed structurally so Express 4 and 5 (and their
 * type packages) both fit without this package depending on either.
 * @category Ingest
 */
export interface ExpressRequest extends IncomingMessage {
  /** Set by body parsers: a `Buffer` from `express.raw()`, an object or a string from the others. */
  body?: unknown;
  /** Set by Google Cloud Functions and Firebase, which parse the body before user code runs. */
  rawBody?: unknown;
  /** Route parameters; `source` names the webhook source on `/webhooks/:source`. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** `http` or `https`, as Express computes it (it honours the `trust proxy` setting). */
  readonly protocol?: string;
  /** The URL before routers stripped their mount path. */
  readonly originalUrl?: string;
}

/** An Express request as core's {@link IncomingWebhook}; the body is read only when core asks. */
export function toIncomingWebhook(req: ExpressRequest, fixed: string | undefined): IncomingWebhook {
  const param = req.params?.["source"];
  const source = fixed ?? (typeof param === "string" ? param : undefined);
  return {
    method: req.method ?? "POST",
    url: `${req.protocol ?? "http"}://${req.headers.host ?? "localhost"}${req.originalUrl ?? req.url ?? "/"}`,
    // Core reads the header record as it is (names lower-case already): no `Headers` copy.
    headers: req.headers,
    body: () => readRawBody(req),
    ...(source === undefined ? {} : { source }),
  };
}
