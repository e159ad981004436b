import { EndpointUrlRefusedError, isHookwiseError } from "@hookwise/core";
import type { Outbox } from "@hookwise/outbound";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { MERCHANT_NORMALIZED } from "../delivery/merchant-normalized.ts";
import { CLIENT_ID_PATTERN } from "../intake/client-verifier.ts";
import { sendError, sendHookwiseError } from "./http-errors.ts";
import { createKeyedQueue } from "./keyed-queue.ts";

/** The route clients register their webhook URL on. */
export const ENDPOINTS_PATH = "/webhooks/endpoints";

/** "is required" for a missing field, "must be a string" for another type. */
function required(issue: { readonly input: unknown }): string {
  return issue.input === undefined ? "is required" : "must be a string";
}

const registrationSchema = z.object({
  client_id: z
    .string({ error: required })
    .regex(
      CLIENT_ID_PATTERN,
      "1 to 128 letters, digits, '_', '-', '.' or ':', starting with a letter or digit",
    ),
  url: z.string({ error: required }).min(1, "must not be empty").max(2_048),
});

/** What registering answers: the secret is shown here, and on every later registration. */
export interface RegistrationView {
  readonly client_id: string;
  readonly endpoint_id: string;
  readonly url: string;
  /** `whsec_…`: verify the `webhook-signature` of every result with it. */
  readonly secret: string;
}

/**
 * `POST /webhooks/endpoints {"client_id","url"}`: one endpoint per client, in the outbox's
 * registry. The first registration creates it (201); a later one sets the URL, enables it again
 * (after a 410 Gone disabled it) and rotates the secret (200), so the answer always holds a secret
 * that signs: a client that lost its secret registers again. The previous secret keeps signing
 * beside the new one for a day, so results in flight still verify.
 *
 * Unauthenticated, as the exercise specifies it: anyone who knows a client id could redirect its
 * results and get a valid secret. A production service authenticates this route per client and
 * takes the client id from the credential (see the README).
 */
export function registerEndpointsRoute(app: FastifyInstance, outbox: Outbox): void {
  // Registrations of one client in this process run one after another: two at once would create
  // two endpoints and the client would receive every result twice.
  const serialised = createKeyedQueue();

  app.post(ENDPOINTS_PATH, async (request, reply) => {
    const parsed = registrationSchema.safeParse(request.body);
    if (!parsed.success) {
      const issues = parsed.error.issues.map(({ path, message }) => ({
        path: path.map((part) => (typeof part === "number" ? part : String(part))),
        message,
      }));
      return sendError(
        reply,
        400,
        "INVALID_REQUEST",
        `Send a JSON object with "client_id" and "url": ${issues.map((issue) => `${issue.path.join(".") || "body"} ${issue.message}`).join("; ")}.`,
        issues,
      );
    }
    const { client_id: clientId, url } = parsed.data;
    let registered: Awaited<ReturnType<typeof register>>;
    try {
      registered = await serialised(clientId, () => register(outbox, clientId, url));
    } catch (error) {
      if (isHookwiseError(error) && error.code === "ENDPOINT_URL_REFUSED") {
        return sendHookwiseError(
          reply,
          new EndpointUrlRefusedError(withServiceAdvice(error.message)),
        );
      }
      return sendHookwiseError(reply, error);
    }
    return reply
      .code(registered.created ? 201 : 200)
      .header("cache-control", "no-store")
      .send(registered.view);
  });
}

async function register(
  outbox: Outbox,
  clientId: string,
  url: string,
): Promise<{ created: boolean; view: RegistrationView }> {
  const [current, ...extra] = await outbox.endpoints.list(clientId);
  if (current === undefined) {
    const { endpoint, secret } = await outbox.endpoints.create({
      tenant: clientId,
      url,
      eventTypes: [MERCHANT_NORMALIZED],
      description: "merchant-normalizer results",
    });
    return { created: true, view: toView(clientId, endpoint.id, endpoint.url, secret) };
  }
  // The URL is checked first: a refused URL changes nothing, the current secret stays the only one.
  let endpoint = await outbox.endpoints.update(current.id, { url });
  if (!endpoint.enabled) endpoint = await outbox.endpoints.enable(current.id);
  const { secret } = await outbox.endpoints.rotateSecret(current.id);
  // Left by two instances registering the same client at once: one endpoint per client.
  for (const duplicate of extra) await outbox.endpoints.delete(duplicate.id);
  return { created: false, view: toView(clientId, endpoint.id, endpoint.url, secret) };
}

function toView(
  clientId: string,
  endpointId: string,
  url: string,
  secret: string,
): RegistrationView {
  return { client_id: clientId, endpoint_id: endpointId, url, secret };
}

/** The outbox speaks of its option; a client of this service needs the service's variable. */
function withServiceAdvice(message: string): string {
  return message.replace(
    "set `allowPrivateNetworks: true` to send to local receivers in development",
    "start the service with ALLOW_PRIVATE_ENDPOINTS=true to register local receivers in development",
  );
}
