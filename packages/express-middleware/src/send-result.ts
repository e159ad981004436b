import type { IncomingMessage, ServerResponse } from "node:http";
import type { WebhookResponse } from "@hookwise/core";

/** Writes core's answer as is: status, headers and body. */
export function sendResult(
  req: IncomingMessage,
  res: ServerResponse,
  result: WebhookResponse,
): void {
  res.statusCode = result.status;
  for (const [name, value] of Object.entries(result.headers)) res.setHeader(name, value);
  res.end(result.body);
  // A request rejected part-way (413) still has bytes on the wire: drain them, as Node does for an
  // unread body, so the client gets to read the answer instead of a reset connection.
  if (!req.readableEnded) req.resume();
}
