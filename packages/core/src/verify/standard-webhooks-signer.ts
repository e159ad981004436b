/**
 * Signs outbound requests with Standard Webhooks: `v1` (HMAC-SHA256 with each `whsec_` secret)
 * and/or `v1a` (Ed25519 with each `whsk_` key) entries in one `webhook-signature` header.
 */
import { ConfigurationError } from "../errors.ts";
import { encodeBase64 } from "./encoding.ts";
import { concatParts, hmacDigestParts } from "./hmac.ts";
import { deriveSecretKeys, toSecretList } from "./secrets.ts";
import type { SecretInput } from "./secrets.ts";
import type { Signer } from "./signature-scheme.ts";
import { decodeStandardWebhooksSigningKey, importEd25519Seed } from "./standard-webhooks-keys.ts";

/**
 * Options of {@link createStandardWebhooksSigner}. Give `secret`, `signingKey` or both.
 * @category Verification
 */
export interface StandardWebhooksSignerOptions {
  /** `whsec_…` secret(s): one `v1` entry each (send old and new while rotating). */
  readonly secret?: SecretInput;
  /** `whsk_…` Ed25519 secret key(s): one `v1a` entry each. */
  readonly signingKey?: SecretInput;
  /** Header name prefix (`svix` gives `svix-id`, …). @default "webhook" */
  readonly headerPrefix?: string;
}

/**
 * Produces `webhook-id`, `webhook-timestamp` and `webhook-signature` for a message. `id` is required
 * and must stay the same across retries of one message (it is the receiver's idempotency key).
 * @example
 * const signer = createStandardWebhooksSigner({ secret: "whsec_…" });
 * const headers = await signer.sign({ id: "msg_1", body, now: Date.now() });
 * @category Verification
 */
export function createStandardWebhooksSigner(options: StandardWebhooksSignerOptions): Signer {
  const hmacKeys =
    options.secret === undefined
      ? []
      : deriveSecretKeys(toSecretList(options.secret, "secret"), "whsec", "secret");
  const seeds =
    options.signingKey === undefined ? [] : toSecretList(options.signingKey, "signingKey");
  const privateKeys = seeds.map((text) => decodeStandardWebhooksSigningKey(text, "signingKey"));
  if (hmacKeys.length === 0 && privateKeys.length === 0) {
    throw new ConfigurationError("`secret` (whsec_…) or `signingKey` (whsk_…) is required.");
  }
  let imported: Promise<CryptoKey[]> | undefined;
  const prefix = (options.headerPrefix ?? "webhook").toLowerCase();
  return {
    scheme: "standard-webhooks",
    async sign(request) {
      const id = request.id;
      if (id === undefined || id === "" || id.includes(".")) {
        throw new ConfigurationError(
          "`id` is required to sign a Standard Webhooks message and must not contain `.`.",
        );
      }
      const timestamp = String(Math.floor(request.now / 1000));
      const parts = [`${id}.${timestamp}.`, request.body];
      const entries: string[] = [];
      for (const key of hmacKeys)
        entries.push(`v1,${encodeBase64(await hmacDigestParts("SHA-256", key, parts))}`);
      imported ??= Promise.all(privateKeys.map(importEd25519Seed));
      for (const key of await imported) {
        const signature = await crypto.subtle.sign(
          "Ed25519",
          key,
          concatParts(parts) as Uint8Array<ArrayBuffer>,
        );
        entries.push(`v1a,${encodeBase64(new Uint8Array(signature))}`);
      }
      return {
        [`${prefix}-id`]: id,
        [`${prefix}-timestamp`]: timestamp,
        [`${prefix}-signature`]: entries.join(" "),
      };
    },
  };
}
