import type { IncomingWebhook, WebhookResponse } from "./incoming-webhook.ts";

/** A web `Request` as an {@link IncomingWebhook}: the body stream is read by core, under its limit. */
export function requestToIncoming(request: Request, source?: string): IncomingWebhook {
  return {
    method: request.method,
    url: request.url,
    headers: request.headers,
    body: request.body ?? new Uint8Array(0),
    ...(source === undefined ? {} : { source }),
  };
}

/** A {@link WebhookResponse} as a web `Response`. */
export function toWebResponse(response: WebhookResponse): Response {
  return new Response(response.body, { status: response.status, headers: response.headers });
}
