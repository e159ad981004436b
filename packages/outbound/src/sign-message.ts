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
      // Keyed by the secrets themselves (not by `updatedAt`, which two writes in one millisecond,
      // or another process's clock, can repeat): a rotation or an expiry always gets a new signer.
      // The signers hold the same secrets, so the keys add nothing to what this process keeps.
      const version = `${endpoint.id} ${secrets.join(" ")}`;
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
