/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>`. The legacy
 * `X-Hub-Signature: sha1=…` is accepted only when asked for. No timestamp: dedupe on
 * `X-GitHub-Delivery`.
 * @see https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
 */
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";

/**
 * GitHub's SHA-256 signature header.
 * @category Verification
 */
export const GITHUB_SIGNATURE_HEADER = "x-hub-signature-256";
/**
 * GitHub's legacy SHA-1 signature header.
 * @category Verification
 */
export const GITHUB_LEGACY_SIGNATURE_HEADER = "x-hub-signature";
/**
 * GitHub's delivery id header: the GitHub source's idempotency key.
 * @category Verification
 */
export const GITHUB_DELIVERY_HEADER = "x-github-delivery";
/**
 * GitHub's event name header (`issues`, `push`, …).
 * @category Verification
 */
export const GITHUB_EVENT_HEADER = "x-github-event";

/**
 * Options of {@link createGitHubVerifier}.
 * @category Verification
 */
export interface GitHubVerifierOptions {
  /** The webhook secret (any string, used as UTF-8); several while changing it. */
  readonly secret: SecretInput;
  /** Accept the SHA-1 `x-hub-signature` when the SHA-256 header is absent (GitHub Enterprise Server before 3.0). @default false */
  readonly allowLegacySha1?: boolean;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createGitHubSigner}.
 * @category Verification
 */
export interface GitHubSignerOptions {
  /** The secret to sign with (the first one when several are given). */
  readonly secret: SecretInput;
  /** Also send the legacy SHA-1 header, as GitHub does. @default false */
  readonly includeLegacySha1?: boolean;
  /** Also send `x-github-event` with this event name (`issues`, `push`, …). @default not sent */
  readonly event?: string;
}

/**
 * Verifies `X-Hub-Signature-256` (and, if allowed, the legacy SHA-1 header when it is the only one).
 * @example
 * const verifier = createGitHubVerifier({ secret: process.env.GITHUB_WEBHOOK_SECRET! });
 * @category Verification
 */
export function createGitHubVerifier(options: GitHubVerifierOptions): SignatureVerifier {
  const diagnose = options.diagnose ?? true;
  const sha256 = createHmacVerifier({
    ...sha256Scheme(options.secret),
    diagnose,
    missingSignatureHint: (headers) =>
      headers.has(GITHUB_LEGACY_SIGNATURE_HEADER) ? LEGACY_ONLY : undefined,
  });
  if (options.allowLegacySha1 !== true) return sha256;
  const sha1 = createHmacVerifier({ ...sha1Scheme(options.secret), diagnose });
  return {
    scheme: "github",
    verify(request) {
      const legacyOnly =
        request.headers.get(GITHUB_SIGNATURE_HEADER) === null &&
        request.headers.has(GITHUB_LEGACY_SIGNATURE_HEADER);
      return (legacyOnly ? sha1 : sha256).verify(request);
    },
  };
}

/**
 * Produces `x-hub-signature-256` (and optionally `x-hub-signature`) plus `x-github-delivery` (the
 * request's `id`, or a random UUID as GitHub sends) and, with `event`, `x-github-event`: what the
 * GitHub source needs, for tests and simulators.
 * @example
 * const headers = await createGitHubSigner({ secret: "s3cret" }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createGitHubSigner(options: GitHubSignerOptions): Signer {
  const sha256 = createHmacSigner(sha256Scheme(options.secret));
  const sha1 =
    options.includeLegacySha1 === true ? createHmacSigner(sha1Scheme(options.secret)) : undefined;
  return {
    scheme: "github",
    async sign(request) {
      return {
        [GITHUB_DELIVERY_HEADER]: request.id ?? globalThis.crypto.randomUUID(),
        ...(options.event === undefined ? {} : { [GITHUB_EVENT_HEADER]: options.event }),
        ...(await sha1?.sign(request)),
        ...(await sha256.sign(request)),
      };
    },
  };
}

const LEGACY_ONLY =
  "Only the legacy SHA-1 `x-hub-signature` header is present; set `allowLegacySha1: true` to accept it, or upgrade the sender.";

function sha256Scheme(secret: SecretInput) {
  return {
    secret,
    header: GITHUB_SIGNATURE_HEADER,
    prefix: "sha256=",
    encoding: "hex",
    algorithm: "SHA-256",
    scheme: "github",
  } as const;
}

function sha1Scheme(secret: SecretInput) {
  return {
    secret,
    header: GITHUB_LEGACY_SIGNATURE_HEADER,
    prefix: "sha1=",
    encoding: "hex",
    algorithm: "SHA-1",
    scheme: "github",
  } as const;
}
