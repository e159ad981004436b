/**
 * Liveblocks: Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature:
 * v1,<base64>` over `${id}.${timestamp}.${body}`, key = base64 after `whsec_`).
 * @see https://liveblocks.io/docs/platform/webhooks#Security-verification
 */
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";
import { createStandardWebhooksSigner } from "./standard-webhooks-signer.ts";
import { createStandardWebhooksVerifier } from "./standard-webhooks.ts";
import { DEFAULT_TOLERANCE } from "./timestamp.ts";
import type { TimestampTolerance } from "./timestamp.ts";

/**
 * Five minutes either way, as `@liveblocks/node` checks.
 * @category Verification
 */
export const DEFAULT_LIVEBLOCKS_TOLERANCE: TimestampTolerance = DEFAULT_TOLERANCE;

/**
 * Options of {@link createLiveblocksVerifier}.
 * @category Verification
 */
export interface LiveblocksVerifierOptions {
  /** The endpoint's `whsec_…` signing secret; several while rotating. */
  readonly secret: SecretInput;
  /** Accepted distance of `webhook-timestamp` from now, seconds. @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance> | number;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createLiveblocksSigner}.
 * @category Verification
 */
export interface LiveblocksSignerOptions {
  /** `whsec_…` secret(s) to sign with; one `v1` entry each. */
  readonly secret: SecretInput;
}

/**
 * Verifies Liveblocks' signatures. Only `v1,` entries count and `webhook-timestamp` must be plain
 * digits: `@liveblocks/node` takes whatever follows the first comma of any entry and `parseInt`s
 * the timestamp.
 * @example
 * const verifier = createLiveblocksVerifier({ secret: process.env.LIVEBLOCKS_WEBHOOK_SECRET! });
 * @category Verification
 */
export function createLiveblocksVerifier(options: LiveblocksVerifierOptions): SignatureVerifier {
  return createStandardWebhooksVerifier({
    secret: options.secret,
    tolerance: options.tolerance ?? DEFAULT_LIVEBLOCKS_TOLERANCE,
    diagnose: options.diagnose ?? true,
    scheme: "liveblocks",
  });
}

/**
 * Produces Liveblocks' `webhook-*` headers, for tests and simulators (`id` is required).
 * @example
 * const headers = await createLiveblocksSigner({ secret }).sign({ id: "msg_1", body, now: Date.now() });
 * @category Verification
 */
export function createLiveblocksSigner(options: LiveblocksSignerOptions): Signer {
  const signer = createStandardWebhooksSigner({ secret: options.secret });
  return { scheme: "liveblocks", sign: (request) => signer.sign(request) };
}
