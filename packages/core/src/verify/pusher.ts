/**
 * Pusher Channels webhooks: `X-Pusher-Key: <app key>` names the app, and
 * `X-Pusher-Signature: <hex HMAC-SHA256(appSecret, rawBody)>` signs the body. No timestamp is
 * signed; the body carries `time_ms`.
 * @see https://pusher.com/docs/channels/server_api/webhooks/#authentication
 */
import { ConfigurationError, ErrorCode, SignatureVerificationError } from "../errors.ts";
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import { toSecretList } from "./secrets.ts";
import type { SignatureVerifier, Signer, Verification } from "./signature-scheme.ts";

/**
 * Header naming the app key whose secret signed.
 * @category Verification
 */
export const PUSHER_KEY_HEADER = "x-pusher-key";
/**
 * Pusher's signature header.
 * @category Verification
 */
export const PUSHER_SIGNATURE_HEADER = "x-pusher-signature";

/**
 * One Pusher app's key and secret.
 * @category Verification
 */
export interface PusherCredentials {
  /** The app key (public; sent in `X-Pusher-Key`). */
  readonly key: string;
  /** The app secret. */
  readonly secret: string;
}

/**
 * Options of {@link createPusherVerifier}.
 * @category Verification
 */
export interface PusherVerifierOptions {
  /** The app's key and secret, or several (several apps, or a key being rotated); `secretIndex` indexes this list. */
  readonly credentials: PusherCredentials | readonly PusherCredentials[];
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createPusherSigner}.
 * @category Verification
 */
export interface PusherSignerOptions {
  /** The app's key and secret. */
  readonly credentials: PusherCredentials;
}

/**
 * Verifies `X-Pusher-Signature` with the secret of the app named by `X-Pusher-Key`, as the
 * `pusher` SDK's `webhook(...).isValid()` does.
 * @example
 * const verifier = createPusherVerifier({ credentials: { key: process.env.PUSHER_KEY!, secret: process.env.PUSHER_SECRET! } });
 * @category Verification
 */
export function createPusherVerifier(options: PusherVerifierOptions): SignatureVerifier {
  const list = credentialList(options.credentials);
  const diagnose = options.diagnose ?? true;
  const verifiers = list.map(({ key, secret }, index) => ({
    key,
    index,
    verifier: createHmacVerifier({ ...scheme(secret), diagnose }),
  }));
  return {
    scheme: "pusher",
    async verify(request) {
      const key = request.headers.get(PUSHER_KEY_HEADER);
      if (key === null || key === "") {
        throw new SignatureVerificationError(
          ErrorCode.SIGNATURE_MISSING,
          `The \`${PUSHER_KEY_HEADER}\` header is missing: the request is not a Pusher webhook.`,
        );
      }
      const candidates = verifiers.filter((entry) => entry.key === key);
      if (candidates.length === 0) {
        throw new SignatureVerificationError(
          ErrorCode.SIGNATURE_MISMATCH,
          `The \`${PUSHER_KEY_HEADER}\` header names an app key that is not configured: add its credentials.`,
        );
      }
      let failure: unknown;
      for (const { index, verifier } of candidates) {
        try {
          await verifier.verify(request);
          return { secretIndex: index } satisfies Verification;
        } catch (error) {
          failure ??= error;
        }
      }
      throw failure;
    },
  };
}

/**
 * Produces `x-pusher-key` and `x-pusher-signature`, for tests and simulators.
 * @example
 * const headers = await createPusherSigner({ credentials: { key: "app-key", secret } }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createPusherSigner(options: PusherSignerOptions): Signer {
  const [credentials] = credentialList(options.credentials);
  const { key, secret } = credentials as PusherCredentials;
  const signer = createHmacSigner(scheme(secret));
  return {
    scheme: "pusher",
    async sign(request) {
      return { [PUSHER_KEY_HEADER]: key, ...(await signer.sign(request)) };
    },
  };
}

function credentialList(
  input: PusherCredentials | readonly PusherCredentials[] | undefined,
): readonly PusherCredentials[] {
  const list: readonly unknown[] = Array.isArray(input)
    ? input
    : input === undefined
      ? []
      : [input];
  if (list.length === 0)
    throw new ConfigurationError("`credentials` is required: the app's `{ key, secret }`.");
  for (const entry of list) {
    const { key, secret } = (entry ?? {}) as Partial<PusherCredentials>;
    if (typeof key !== "string" || key === "")
      throw new ConfigurationError("`credentials.key` must be the app key, a non-empty string.");
    toSecretList(secret, "credentials.secret");
  }
  return list as readonly PusherCredentials[];
}

function scheme(secret: string) {
  return {
    secret,
    header: PUSHER_SIGNATURE_HEADER,
    encoding: "hex",
    algorithm: "SHA-256",
    scheme: "pusher",
  } as const;
}
