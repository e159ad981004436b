/**
 * Shopify webhooks: `X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256(secret, body)>`, no prefix, no
 * timestamp. Newer "events" deliveries use the same scheme under un-prefixed `shopify-*` headers.
 * (Not Shopify's OAuth / app proxy HMAC, which signs query parameters.)
 * @see https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-2-validate-the-origin-of-your-webhook-to-ensure-its-coming-from-shopify
 */
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";

/**
 * Shopify's signature header.
 * @category Verification
 */
export const SHOPIFY_SIGNATURE_HEADER = "x-shopify-hmac-sha256";
/**
 * The un-prefixed signature header of Shopify "events" deliveries (checked first, as the SDK does).
 * @category Verification
 */
export const SHOPIFY_EVENTS_SIGNATURE_HEADER = "shopify-hmac-sha256";

/**
 * Options of {@link createShopifyVerifier}.
 * @category Verification
 */
export interface ShopifyVerifierOptions {
  /** The app's client secret (or the store's notification secret for admin-created webhooks); several while rotating. */
  readonly secret: SecretInput;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createShopifySigner}.
 * @category Verification
 */
export interface ShopifySignerOptions {
  /** The secret to sign with (the first one when several are given). */
  readonly secret: SecretInput;
}

/**
 * Verifies Shopify's base64 HMAC of the raw body.
 * @example
 * const verifier = createShopifyVerifier({ secret: process.env.SHOPIFY_API_SECRET! });
 * @category Verification
 */
export function createShopifyVerifier(options: ShopifyVerifierOptions): SignatureVerifier {
  const diagnose = options.diagnose ?? true;
  const classic = createHmacVerifier({
    ...scheme(options.secret, SHOPIFY_SIGNATURE_HEADER),
    diagnose,
  });
  const events = createHmacVerifier({
    ...scheme(options.secret, SHOPIFY_EVENTS_SIGNATURE_HEADER),
    diagnose,
  });
  return {
    scheme: "shopify",
    verify: (request) =>
      (request.headers.has(SHOPIFY_EVENTS_SIGNATURE_HEADER) ? events : classic).verify(request),
  };
}

/**
 * Produces `x-shopify-hmac-sha256`, for tests and simulators.
 * @example
 * const headers = await createShopifySigner({ secret: "s3cret" }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createShopifySigner(options: ShopifySignerOptions): Signer {
  return createHmacSigner(scheme(options.secret, SHOPIFY_SIGNATURE_HEADER));
}

function scheme(secret: SecretInput, header: string) {
  return { secret, header, encoding: "base64", algorithm: "SHA-256", scheme: "shopify" } as const;
}
