import type { SignatureVerifier, Verification, VerifyRequest } from "@hookwise/core";
import type { EndpointRegistry } from "@hookwise/outbound";
import { ClientAuthError } from "./client-auth-error.ts";

/** The header a client names itself with on `POST /normalize_merchant`. */
export const CLIENT_ID_HEADER = "client-id";

/** What a client id may be: it names Redis keys and goes back into a header. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9][\w.:-]{0,127}$/;

const VERIFIED: Verification = Object.freeze({});

/**
 * The intake source's verifier: the request is the client's when its `client-id` header names a
 * client with an enabled webhook endpoint. It runs inside the ingestor, before parsing and storing,
 * so a request that could never be delivered (no endpoint to deliver to) is never accepted, whatever
 * glue mounts the ingestor.
 *
 * The spec identifies clients by a header, not a secret: put the route behind your API gateway's
 * authentication (an API key per client) in production, and keep this check as what it is, the
 * "is there anywhere to deliver to" gate.
 */
export function createClientVerifier(endpoints: EndpointRegistry): SignatureVerifier {
  return Object.freeze({
    scheme: "client-id",
    async verify({ headers }: VerifyRequest): Promise<Verification> {
      const clientId = headers.get(CLIENT_ID_HEADER)?.trim();
      if (clientId === undefined || clientId === "") {
        throw new ClientAuthError(
          "CLIENT_ID_MISSING",
          "The client-id header is missing: send the client_id you registered with POST /webhooks/endpoints.",
        );
      }
      const registered = CLIENT_ID_PATTERN.test(clientId) ? await endpoints.list(clientId) : [];
      if (registered.length === 0) {
        throw new ClientAuthError(
          "CLIENT_UNKNOWN",
          "No webhook endpoint is registered for this client-id: register one with POST /webhooks/endpoints first, so the result has somewhere to go.",
        );
      }
      if (!registered.some((endpoint) => endpoint.enabled)) {
        throw new ClientAuthError(
          "ENDPOINT_DISABLED",
          "This client's webhook endpoint is disabled (it answered 410 Gone, or was disabled): register its URL again with POST /webhooks/endpoints.",
        );
      }
      return VERIFIED;
    },
  });
}
