/**
 * Asana: `X-Hook-Signature: <hex HMAC-SHA256(hook secret, raw body)>`. The secret is not chosen by
 * you: Asana sends it once, in `X-Hook-Secret`, in the handshake POST that completes webhook
 * creation (answered by the Asana source preset); you store it per webhook and give it back here.
 * @see https://developers.asana.com/docs/webhooks-guide
 */
import { ConfigurationError } from "../errors.ts";
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";

/**
 * Asana's signature header (every event delivery).
 * @category Verification
 */
export const ASANA_SIGNATURE_HEADER = "x-hook-signature";
/**
 * Header of Asana's handshake request, echoed back in the answer.
 * @category Verification
 */
export const ASANA_HOOK_SECRET_HEADER = "x-hook-secret";

/**
 * The hook secret(s) to verify with: fixed, or looked up per request (the secrets your
 * handshake callback stored), for example `() => store.get("asana-hook-secret")`.
 * @category Verification
 */
export type AsanaSecretSource =
  SecretInput | (() => SecretInput | undefined | Promise<SecretInput | undefined>);

/**
 * Options of {@link createAsanaVerifier}.
 * @category Verification
 */
export interface AsanaVerifierOptions {
  /** The stored `X-Hook-Secret` of the webhook(s) posting here, or a function returning them. */
  readonly secret: AsanaSecretSource;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createAsanaSigner}.
 * @category Verification
 */
export interface AsanaSignerOptions {
  /** The hook secret to sign with (the first one when several are given). */
  readonly secret: SecretInput;
}

/**
 * Verifies `X-Hook-Signature`. With a function as `secret`, it is called per request and one
 * verifier is kept per distinct secret list (at most 16), so keys are derived once.
 * @example
 * const verifier = createAsanaVerifier({ secret: () => secrets.get("asana") });
 * @category Verification
 */
export function createAsanaVerifier(options: AsanaVerifierOptions): SignatureVerifier {
  const diagnose = options.diagnose ?? true;
  const source = options.secret;
  if (typeof source !== "function") return createHmacVerifier({ ...asanaScheme(source), diagnose });
  const cache = new Map<string, SignatureVerifier>();
  return {
    scheme: "asana",
    async verify(request) {
      const secrets = await source();
      if (secrets === undefined || secrets.length === 0) {
        throw new ConfigurationError(
          "The Asana `secret` function returned no secret: no handshake has been stored yet.",
        );
      }
      const key = JSON.stringify(secrets);
      let verifier = cache.get(key);
      if (verifier === undefined) {
        if (cache.size >= 16) cache.clear();
        verifier = createHmacVerifier({ ...asanaScheme(secrets), diagnose });
        cache.set(key, verifier);
      }
      return verifier.verify(request);
    },
  };
}

/**
 * Produces `x-hook-signature`, for tests and simulators.
 * @example
 * const headers = await createAsanaSigner({ secret }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createAsanaSigner(options: AsanaSignerOptions): Signer {
  return createHmacSigner(asanaScheme(options.secret));
}

function asanaScheme(secret: SecretInput) {
  return {
    secret,
    header: ASANA_SIGNATURE_HEADER,
    encoding: "hex",
    algorithm: "SHA-256",
    scheme: "asana",
  } as const;
}
