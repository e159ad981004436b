/**
 * Mailgun signs inside the body: `signature: { timestamp, token, signature }` next to `event-data`
 * (legacy form posts carry `timestamp`, `token`, `signature` fields), with
 * `signature` = hex HMAC-SHA256(webhook signing key, timestamp + token).
 * @see https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks
 */
import { ConfigurationError, ErrorCode, SignatureVerificationError } from "../errors.ts";
import { utf8 } from "../util/bytes.ts";
import { timingSafeEqual } from "./constant-time.ts";
import { decodeHex, encodeHex } from "./encoding.ts";
import { hmacDigestParts } from "./hmac.ts";
import { readMailgunSignature, type MailgunSignature } from "./mailgun-signature.ts";
import { toSecretList, type SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";
import {
  assertWithinTolerance,
  DEFAULT_TOLERANCE,
  parseUnixSeconds,
  resolveTolerance,
  type TimestampTolerance,
} from "./timestamp.ts";

/** Mailgun's docs give no window (they ask receivers to cache tokens); hookwise defaults to five minutes each way. */
export const DEFAULT_MAILGUN_TOLERANCE: TimestampTolerance = DEFAULT_TOLERANCE;

/**
 * Options of {@link createMailgunVerifier}.
 * @category Verification
 */
export interface MailgunVerifierOptions {
  /** The HTTP webhook signing key (not the API key); several while rotating (any may match). */
  readonly secret: SecretInput;
  /** How far the signed timestamp may be from now. @default five minutes each way ({@link DEFAULT_MAILGUN_TOLERANCE}) */
  readonly tolerance?: Partial<TimestampTolerance>;
}

/**
 * Verifies the signature block Mailgun puts in the body. The signature covers only the timestamp
 * and token, not the event, so deduplicating on the token (as the Mailgun source does) is what
 * stops a replay within the window.
 * @example
 * const verifier = createMailgunVerifier({ secret: process.env.MAILGUN_WEBHOOK_SIGNING_KEY! });
 * @category Verification
 */
export function createMailgunVerifier(options: MailgunVerifierOptions): SignatureVerifier {
  const keys = toSecretList(options.secret, "secret").map(utf8);
  const tolerance = resolveTolerance(options.tolerance, DEFAULT_MAILGUN_TOLERANCE);
  return {
    scheme: "mailgun",
    async verify(request) {
      const block = readMailgunSignature(request.body, request.headers.get("content-type"));
      if (block === undefined) {
        throw new SignatureVerificationError(
          ErrorCode.SIGNATURE_MISSING,
          "The body carries no Mailgun `signature` block (timestamp, token, signature).",
        );
      }
      const signature = decodeHex(block.signature);
      if (signature?.length !== 32) {
        throw new SignatureVerificationError(
          ErrorCode.SIGNATURE_MALFORMED,
          "The Mailgun `signature` is not a hex HMAC-SHA256.",
        );
      }
      const timestamp = parseUnixSeconds(block.timestamp);
      const secretIndex = await signingKeyIndex(keys, block, signature);
      if (secretIndex === -1) {
        throw new SignatureVerificationError(
          ErrorCode.SIGNATURE_MISMATCH,
          "The Mailgun signature does not match.",
          {
            diagnosis: "Mailgun signs with the HTTP webhook signing key, not the API key.",
          },
        );
      }
      assertWithinTolerance(timestamp, request.now, tolerance);
      return { secretIndex, timestamp: timestamp * 1000 };
    },
  };
}

/**
 * Options of {@link createMailgunSigner}.
 * @category Verification
 */
export interface MailgunSignerOptions {
  /** Webhook signing key to sign with. */
  readonly secret: string;
  /** Makes the per-delivery token. @default 50 random hex characters from `crypto.getRandomValues` */
  readonly createToken?: () => string;
}

/**
 * Mailgun signs inside the body, so its signer's `sign` adds no header: build bodies with
 * `signEvent`, which returns the JSON body Mailgun would send for `eventData`.
 * @category Verification
 */
export interface MailgunSigner extends Signer {
  /** The body `{ "signature": {…}, "event-data": eventData }`, signed at `now` (epoch ms). */
  signEvent(eventData: unknown, now: number): Promise<Uint8Array>;
  /** The signature block for a timestamp (unix seconds) and token. */
  signBlock(timestamp: string, token: string): Promise<MailgunSignature>;
}

/**
 * Signs the way Mailgun does, for tests and simulators.
 * @example
 * const body = await createMailgunSigner({ secret }).signEvent({ event: "delivered", id: "…" }, Date.now());
 * @category Verification
 */
export function createMailgunSigner(options: MailgunSignerOptions): MailgunSigner {
  const [secret = ""] = toSecretList(options.secret, "secret");
  const key = utf8(secret);
  const createToken = options.createToken ?? randomToken;
  const signBlock = async (timestamp: string, token: string): Promise<MailgunSignature> => {
    const signature = encodeHex(await hmacDigestParts("SHA-256", key, [timestamp, token]));
    return { timestamp, token, signature };
  };
  return {
    scheme: "mailgun",
    sign: () =>
      Promise.reject(
        new ConfigurationError(
          "Mailgun signs inside the body: build it with `signEvent` (sign adds no header).",
        ),
      ),
    signBlock,
    async signEvent(eventData, now) {
      const signature = await signBlock(String(Math.floor(now / 1000)), createToken());
      return utf8(JSON.stringify({ signature, "event-data": eventData }));
    },
  };
}

/** Index of the first key that signed the block, `-1` for none; every key is tried. */
async function signingKeyIndex(
  keys: readonly Uint8Array[],
  block: MailgunSignature,
  signature: Uint8Array,
): Promise<number> {
  let matched = -1;
  let index = 0;
  for (const key of keys) {
    const digest = await hmacDigestParts("SHA-256", key, [block.timestamp, block.token]);
    if (timingSafeEqual(digest, signature) && matched === -1) matched = index;
    index += 1;
  }
  return matched;
}

function randomToken(): string {
  return encodeHex(crypto.getRandomValues(new Uint8Array(25)));
}
