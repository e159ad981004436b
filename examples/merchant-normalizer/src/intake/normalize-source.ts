import { randomUUID } from "node:crypto";
import {
  defineSource,
  PayloadParseError,
  type AcknowledgeContext,
  type HandshakeResponse,
} from "@hookwise/core";
import type { EndpointRegistry } from "@hookwise/outbound";
import { CLIENT_ID_HEADER, createClientVerifier } from "./client-verifier.ts";
import { NORMALIZE_REQUEST_TYPE, transactionSchema } from "./transaction.ts";

/** The source's name; request ids derive from it and the idempotency key. */
export const NORMALIZE_SOURCE = "normalize-merchant";

/**
 * Optional header: a client that may send the same transaction twice (its own retry after a
 * timeout) sends the same key and gets the same `request_id` back, and the transaction is
 * normalized once. The same key with another body is refused with 409.
 */
export const IDEMPOTENCY_KEY_HEADER = "idempotency-key";

const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/**
 * `POST /normalize_merchant` as a hookwise source: the client is checked by the verifier (see
 * client-verifier.ts), the body by zod (422 with the issues), and the request is stored and queued
 * before the answer, `202 {"request_id"}`. The request id is hookwise's event id, derived from the
 * client id and the idempotency key (a fresh one when the client sends none).
 */
export function createNormalizeSource(endpoints: EndpointRegistry) {
  return defineSource({
    name: NORMALIZE_SOURCE,
    verifier: createClientVerifier(endpoints),
    id: ({ headers }) => {
      // The verifier has checked the client id; scoping the key by it keeps clients' keys apart.
      const clientId = headers.get(CLIENT_ID_HEADER)?.trim() ?? "";
      const key = headers.get(IDEMPOTENCY_KEY_HEADER)?.trim();
      if (key !== undefined && (key === "" || key.length > MAX_IDEMPOTENCY_KEY_LENGTH)) {
        throw new PayloadParseError(
          `The idempotency-key header must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters; leave it out to have every request normalized on its own.`,
        );
      }
      return `${clientId}\n${key ?? randomUUID()}`;
    },
    type: () => NORMALIZE_REQUEST_TYPE,
    schemas: { [NORMALIZE_REQUEST_TYPE]: transactionSchema },
    acknowledge,
  });
}

/** The intake source's type, for `on(...)`. */
export type NormalizeSource = ReturnType<typeof createNormalizeSource>;

/** Client id of a stored request: the header the verifier accepted, kept in the event record. */
export function clientIdOf(headers: Readonly<Record<string, string>>): string | undefined {
  return headers[CLIENT_ID_HEADER]?.trim();
}

/**
 * Accepted and duplicate (the same idempotency key again) are answered alike, `202 {"request_id"}`
 * with a `location` to poll: the client cannot tell, and need not.
 */
function acknowledge({ outcome, eventId }: AcknowledgeContext): HandshakeResponse | undefined {
  if (outcome !== "accepted" && outcome !== "duplicate") return undefined;
  return {
    status: 202,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      location: `/requests/${eventId}`,
    },
    body: JSON.stringify({ request_id: eventId }),
  };
}
