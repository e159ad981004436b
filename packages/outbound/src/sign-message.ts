import { createStandardWebhooksSigner, type EndpointRecord, type Signer } from "@hookwise/core";
import { signingSecrets } from "./endpoint-secret.ts";

/** Signers kept per endpoint version; keys are derived once, not per attempt. */
const MAX_SIGNERS = 10_000;

/** Signs messages for endpoints with Standard Webhooks, with every secret that signs right now. */
export interface MessageSigner {
  /** `webhook-id`, `webhook-timestamp` and `webhook-signature` for one attempt. */
  headers(
    endpoint: EndpointRecord,
    messageId: string,
    body: Uint8Array,
    now: number,
  ): Promise<Record<string, string>>;
}

/** A {@link MessageSigner} with a bounded cache of derived keys. */
export function createMessageSigner(): MessageSigner {
  const signers = new Map<string, Signer>();
  return {
    async headers(endpoint, messageId, body, now) {
      const secrets = signingSecrets(endpoint.secrets, now);
      // The version names the secrets without holding them: a rotation changes `updatedAt`, an
      // expiry changes the count.
      const version = `${endpoint.id}|${String(endpoint.updatedAt)}|${String(secrets.length)}`;
      let signer = signers.get(version);
      if (signer === undefined) {
        if (signers.size >= MAX_SIGNERS) signers.delete(signers.keys().next().value as string);
        signer = createStandardWebhooksSigner({ secret: secrets });
        signers.set(version, signer);
      }
      return signer.sign({ id: messageId, body, now });
    },
  };
}
