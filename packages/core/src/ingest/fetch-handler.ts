import { RawBodyUnavailableError } from "../errors.ts";
import type { IncomingWebhook, WebhookResponse } from "./incoming-webhook.ts";

/** A web `Request` as an {@link IncomingWebhook}: the body stream is read by core, under its limit. */
export function requestToIncoming(request: Request, source?: string): IncomingWebhook {
  return {
    method: request.method,
    url: request.url,
    headers: request.headers,
    body: () => {
      if (request.bodyUsed) {
        throw new RawBodyUnavailableError(
          "The request body was already read before hookwise saw it, so the signed bytes are gone. " +
            "Call `ingestor.fetch(request)` before reading the body, or pass `request.clone()`.",
        );
      }
      return request.body ?? new Uint8Array(0);
    },
    ...(source === undefined ? {} : { source }),
  };
}

/** A {@link WebhookResponse} as a web `Response`. */
export function toWebResponse(response: WebhookResponse): Response {
  // A 204, 205 or 304 must have a null body: `new Response("", { status: 204 })` throws.
  const body = NULL_BODY_STATUSES.has(response.status) ? null : response.body;
  return new Response(body, { status: response.status, headers: response.headers });
}

const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([204, 205, 304]);
