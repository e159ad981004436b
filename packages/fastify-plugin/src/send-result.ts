import type { FastifyReply, FastifyRequest } from "fastify";
import type { WebhookResponse } from "@hookwise/core";

/** Writes core's answer as is: status, headers and body (a string, so Fastify sends it unchanged). */
export function sendResult(
  request: FastifyRequest,
  reply: FastifyReply,
  result: WebhookResponse,
): FastifyReply {
  const sent = reply.code(result.status).headers(result.headers).send(result.body);
  // A request rejected part-way (413) still has bytes on the wire: drain them, as Node does for an
  // unread body, so the client gets to read the answer instead of a reset connection.
  if (!request.raw.readableEnded) request.raw.resume();
  return sent;
}
