import type { FastifyRequest } from "fastify";
import type { IncomingWebhook } from "@hookwise/core";
import { readRawBody } from "./read-raw-body.ts";

/** A Fastify request as core's {@link IncomingWebhook}; the body is read only when core asks. */
export function toIncomingWebhook(
  request: FastifyRequest,
  source: string | undefined,
): IncomingWebhook {
  const params = request.params as Readonly<Record<string, string | undefined>> | undefined;
  const name = source ?? params?.["source"];
  return {
    method: request.method,
    url: `${request.protocol}://${request.host}${request.url}`,
    // Core reads the header record as it is (names lower-case already): no `Headers` copy.
    headers: request.headers,
    body: () => readRawBody(request.body),
    ...(name === undefined ? {} : { source: name }),
  };
}
