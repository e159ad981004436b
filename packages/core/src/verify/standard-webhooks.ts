/**
 * Standard Webhooks (https://www.standardwebhooks.com/), also Svix's scheme: `webhook-id`,
 * `webhook-timestamp` and a space-separated `webhook-signature` list of `v1,<base64 HMAC-SHA256>`
 * (key = base64 after `whsec_`) and `v1a,<base64 Ed25519>` entries over `${id}.${timestamp}.${body}`.
 */
import { ConfigurationError, ErrorCode, SignatureVerificationError } from "../errors.ts";
import { timingSafeEqual } from "./constant-time.ts";
import { diagnoseSignatureMismatch, signatureMismatchError } from "./diagnose.ts";
import { decodeBase64 } from "./encoding.ts";
import { concatParts, hmacDigestParts } from "./hmac.ts";
import { deriveSecretKeys, toSecretList } from "./secrets.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, VerifyRequest } from "./signature-scheme.ts";
import {
  decodeStandardWebhooksPublicKey,
  importEd25519PublicKey,
} from "./standard-webhooks-keys.ts";
import {
  assertWithinTolerance,
  DEFAULT_TOLERANCE,
  parseUnixSeconds,
  resolveTolerance,
} from "./timestamp.ts";
import type { TimestampTolerance } from "./timestamp.ts";

/**
 * Standard Webhooks' window: five minutes either way (reference library: both bounds inclusive).
 * @category Verification
 */
export const DEFAULT_STANDARD_WEBHOOKS_TOLERANCE: TimestampTolerance = DEFAULT_TOLERANCE;

/**
 * Options of {@link createStandardWebhooksVerifier}. Give `secret`, `publicKey` or both.
 * @category Verification
 */
export interface StandardWebhooksVerifierOptions {
  /** `whsec_…` secret(s) for `v1` (HMAC) signatures; several while rotating. */
  readonly secret?: SecretInput;
  /** `whpk_…` public key(s) for `v1a` (Ed25519) signatures, from your trust list (never from the request). */
  readonly publicKey?: SecretInput;
  /** Accepted distance of `webhook-timestamp` from now, seconds. @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance> | number;
  /** Header name prefixes tried in order; the first whose `-signature` header is present is used. @default ["webhook"] */
  readonly headerPrefixes?: readonly string[];
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
  /** Scheme id reported by the verifier. @default "standard-webhooks" */
  readonly scheme?: string;
}

/**
 * Verifies Standard Webhooks `v1` and/or `v1a` signatures: any listed entry of a configured kind
 * may match, under any configured secret or key. Entries of other versions are ignored.
 * @example
 * const verifier = createStandardWebhooksVerifier({ secret: process.env.WEBHOOK_SECRET! });
 * @category Verification
 */
export function createStandardWebhooksVerifier(
  options: StandardWebhooksVerifierOptions,
): SignatureVerifier {
  const secrets = options.secret === undefined ? [] : toSecretList(options.secret, "secret");
  const hmacKeys = deriveSecretKeys(secrets, "whsec", "secret");
  const publicKeys =
    options.publicKey === undefined ? [] : toSecretList(options.publicKey, "publicKey");
  const ed25519Keys = new Map(
    publicKeys.map((text) => importOnce(decodeStandardWebhooksPublicKey(text, "publicKey"))),
  );
  if (hmacKeys.length === 0 && ed25519Keys.size === 0) {
    throw new ConfigurationError("`secret` (whsec_…) or `publicKey` (whpk_…) is required.");
  }
  const tolerance = resolveTolerance(options.tolerance, DEFAULT_STANDARD_WEBHOOKS_TOLERANCE);
  const prefixes = (options.headerPrefixes ?? ["webhook"]).map((prefix) => prefix.toLowerCase());
  const keys = [...hmacKeys, ...ed25519Keys.keys()];
  return {
    scheme: options.scheme ?? "standard-webhooks",
    async verify(request) {
      const message = readMessage(request, prefixes, tolerance);
      const v1 = hmacKeys.length > 0 ? decodeEntries(message.entries, "v1,", 32) : [];
      const v1a = ed25519Keys.size > 0 ? decodeEntries(message.entries, "v1a,", 64) : [];
      if (v1.length === 0 && v1a.length === 0) {
        const wanted = [hmacKeys.length > 0 ? "`v1,`" : "", ed25519Keys.size > 0 ? "`v1a,`" : ""]
          .filter(Boolean)
          .join(" or ");
        throw new SignatureVerificationError(
          ErrorCode.SIGNATURE_MALFORMED,
          `The \`${message.header}\` header has no readable ${wanted} signature.`,
        );
      }
      // A key from `ed25519Keys` is a public key; any other key bytes (configured or a diagnosis guess) are an HMAC key.
      const matches = async (key: Uint8Array, body: Uint8Array): Promise<boolean> => {
        const parts = [message.signedPrefix, body];
        const publicKey = ed25519Keys.get(key);
        if (publicKey === undefined)
          return matchesAny(await hmacDigestParts("SHA-256", key, parts), v1);
        return verifyEd25519(await publicKey(), v1a, concatParts(parts));
      };
      for (const key of keys) if (await matches(key, request.body)) return;
      if (options.diagnose === false) throw signatureMismatchError();
      const secretsInfo = { values: secrets, encoding: "whsec" as const };
      throw signatureMismatchError(
        await diagnoseSignatureMismatch({
          body: request.body,
          matches,
          keys,
          secrets: secretsInfo,
        }),
      );
    },
  };
}

interface Message {
  readonly header: string;
  readonly entries: readonly string[];
  /** `${id}.${timestamp}.`: the signed content before the body. */
  readonly signedPrefix: string;
}

function readMessage(
  request: VerifyRequest,
  prefixes: readonly string[],
  tolerance: TimestampTolerance,
): Message {
  const prefix = prefixes.find((candidate) => request.headers.has(`${candidate}-signature`));
  if (prefix === undefined) {
    const names = prefixes.map((candidate) => `\`${candidate}-signature\``).join(" or ");
    throw new SignatureVerificationError(
      ErrorCode.SIGNATURE_MISSING,
      `The ${names} header is missing: the request is not signed, or not by this sender.`,
    );
  }
  const id = request.headers.get(`${prefix}-id`);
  if (id === null || id === "") {
    throw new SignatureVerificationError(
      ErrorCode.SIGNATURE_MALFORMED,
      `The \`${prefix}-id\` header is missing; it is part of what is signed.`,
    );
  }
  const timestampText = request.headers.get(`${prefix}-timestamp`);
  assertWithinTolerance(parseUnixSeconds(timestampText), request.now, tolerance);
  const header = `${prefix}-signature`;
  return {
    header,
    entries: (request.headers.get(header) ?? "").split(" "),
    signedPrefix: `${id}.${timestampText ?? ""}.`,
  };
}

function decodeEntries(entries: readonly string[], label: string, length: number): Uint8Array[] {
  const decoded: Uint8Array[] = [];
  for (const entry of entries) {
    if (!entry.startsWith(label)) continue;
    const bytes = decodeBase64(entry.slice(label.length));
    if (bytes?.length === length) decoded.push(bytes);
  }
  return decoded;
}

function matchesAny(digest: Uint8Array, signatures: readonly Uint8Array[]): boolean {
  let found = false;
  for (const signature of signatures) found = timingSafeEqual(digest, signature) || found;
  return found;
}

async function verifyEd25519(
  key: CryptoKey,
  signatures: readonly Uint8Array[],
  content: Uint8Array,
): Promise<boolean> {
  for (const signature of signatures) {
    const data = content as Uint8Array<ArrayBuffer>;
    if (await crypto.subtle.verify("Ed25519", key, signature as Uint8Array<ArrayBuffer>, data))
      return true;
  }
  return false;
}

/** A raw public key and its web crypto import, done on first use and kept. */
function importOnce(raw: Uint8Array): [Uint8Array, () => Promise<CryptoKey>] {
  let imported: Promise<CryptoKey> | undefined;
  return [raw, () => (imported ??= importEd25519PublicKey(raw))];
}
