import type { Ingestor } from "@hookwise/core";
import type { Outbox } from "@hookwise/outbound";
import type { FastifyInstance } from "fastify";
import { CLIENT_ID_HEADER } from "../intake/client-verifier.ts";
import { clientIdOf, NORMALIZE_SOURCE } from "../intake/normalize-source.ts";
import { sendError } from "./http-errors.ts";
import { toRequestView } from "./request-view.ts";

/**
 * `GET /requests/:id`: the request's status, its result and every delivery attempt of the webhook
 * that carries it (the outbox's message, found by the client and the request id it was sent under).
 * The id is unguessable (derived by hashing a random key), so it is the capability to read the
 * request; a caller that sends `client-id` must be the request's client (404 otherwise).
 */
export function registerRequestRoute(
  app: FastifyInstance,
  ingestor: Ingestor,
  outbox: Outbox,
): void {
  app.get<{ Params: { id: string } }>("/requests/:id", async (request, reply) => {
    const { id } = request.params;
    const record = /^hw_[0-9a-f]{32}$/.test(id) ? await ingestor.getEvent(id) : undefined;
    const clientId = record === undefined ? undefined : clientIdOf(record.headers);
    const caller = request.headers[CLIENT_ID_HEADER];
    if (
      record === undefined ||
      record.source !== NORMALIZE_SOURCE ||
      clientId === undefined ||
      (typeof caller === "string" && caller.trim() !== clientId)
    ) {
      return sendError(reply, 404, "REQUEST_NOT_FOUND", "No request with this id.");
    }
    const message = await outbox.findMessage(clientId, id);
    return reply.header("cache-control", "no-store").send(toRequestView(record, message));
  });
}
