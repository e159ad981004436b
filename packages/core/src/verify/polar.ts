/**
 * Polar: Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>`
 * over `${id}.${timestamp}.${body}`), but the HMAC key is the UTF-8 bytes of the whole secret as
 * Polar shows it (`polar_whs_…`), not base64-decoded bytes: `@polar-sh/sdk` base64-encodes the
 * secret before handing it to `standardwebhooks`.
 * @see https://polar.sh/docs/integrate/webhooks/delivery
 */
import { toSecretList } from "./secrets.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";
import { encodeBase64 } from "./encoding.ts";
import { createStandardWebhooksSigner } from "./standard-webhooks-signer.ts";
import { createStandardWebhooksVerifier } from "./standard-webhooks.ts";
import { DEFAULT_TOLERANCE } from "./timestamp.ts";
import type { TimestampTolerance } from "./timestamp.ts";
import { utf8 } from "../util/bytes.ts";

/**
 * Five minutes either way, the Standard Webhooks window `@polar-sh/sdk` applies.
 * @category Verification
 */
export const DEFAULT_POLAR_TOLERANCE: TimestampTolerance = DEFAULT_TOLERANCE;

/**
 * Options of {@link createPolarVerifier}.
 * @category Verification
 */
export interface PolarVerifierOptions {
  /** The endpoint's secret exactly as Polar shows it; several while rotating. */
  readonly secret: SecretInput;
  /** Accepted distance of `webhook-timestamp` from now, seconds. @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance> | number;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createPolarSigner}.
 * @category Verification
 */
export interface PolarSignerOptions {
  /** Secret(s) to sign with; one `v1` entry each. */
  readonly secret: SecretInput;
}

/**
 * Verifies Polar's Standard Webhooks signatures with the secret's UTF-8 bytes as the key.
 * @example
 * const verifier = createPolarVerifier({ secret: process.env.POLAR_WEBHOOK_SECRET! });
 * @category Verification
 */
export function createPolarVerifier(options: PolarVerifierOptions): SignatureVerifier {
  return createStandardWebhooksVerifier({
    secret: asWhsec(options.secret),
    tolerance: options.tolerance ?? DEFAULT_POLAR_TOLERANCE,
    diagnose: options.diagnose ?? true,
    scheme: "polar",
  });
}

/**
 * Produces Polar's `webhook-*` headers, for tests and simulators (`id` is required).
 * @example
 * const headers = await createPolarSigner({ secret }).sign({ id: "msg_1", body, now: Date.now() });
 * @category Verification
 */
export function createPolarSigner(options: PolarSignerOptions): Signer {
  const signer = createStandardWebhooksSigner({ secret: asWhsec(options.secret) });
  return { scheme: "polar", sign: (request) => signer.sign(request) };
}

/** The `whsec_` form whose decoded key is the secret's UTF-8 bytes (what the SDK builds). */
function asWhsec(secret: SecretInput): readonly string[] {
  return toSecretList(secret, "secret").map((value) => `whsec_${encodeBase64(utf8(value))}`);
}
