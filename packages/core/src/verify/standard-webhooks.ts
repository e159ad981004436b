/**
 * Standard Webhooks (https://www.standardwebhooks.com/), also Svix's scheme: `webhook-id`,
 * `webhook-timestamp` and a space-separated `webhook-signature` list of `v1,<base64 HMAC-SHA256>`
 * (key = base64 after `whsec_`) and `v1a,<base64 Ed25519>` entries over `${id}.${timestamp}.${body}`.
 */
import { ConfigurationError } from "../errors.ts";
import { timingSafeEqual } from "./constant-time.ts";
import { diagnoseSignatureMismatch, signatureMismatchError } from "./diagnose.ts";
import { concatParts, hmacDigestParts, hmacDigestPartsSync } from "./hmac.ts";
import { deriveSecretKeys, toSecretList } from "./secrets.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Verification } from "./signature-scheme.ts";
import {
  decodeEntries,
  headerFamilies,
  noSignatureError,
  readMessage,
} from "./standard-webhooks-message.ts";
import {
  decodeStandardWebhooksPublicKey,
  importEd25519PublicKey,
} from "./standard-webhooks-keys.ts";
import { DEFAULT_TOLERANCE, resolveTolerance } from "./timestamp.ts";
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
 * may match, under any configured secret or key. Entries of other versions are ignored. Resolves
 * with `webhook-timestamp` (epoch ms) and the index of the matching entry's secret (`v1`) or
 * public key (`v1a`).
 * @example
 * const verifier = createStandardWebhooksVerifier({ secret: process.env.WEBHOOK_SECRET! });
 * @category Verification
 */
export function createStandardWebhooksVerifier(
  options: StandardWebhooksVerifierOptions,
): SignatureVerifier {
  const keyring = resolveKeyring(options);
  const tolerance = resolveTolerance(options.tolerance, DEFAULT_STANDARD_WEBHOOKS_TOLERANCE);
  const families = headerFamilies(options.headerPrefixes ?? ["webhook"]);
  return {
    scheme: options.scheme ?? "standard-webhooks",
    // Not `async`: v1 on Node is checked synchronously, so the only allocation beyond the
    // message read is the small result (see bench/verify.bench.ts).
    verify(request) {
      try {
        const message = readMessage(request, families, tolerance);
        const v1 = keyring.hmac.length > 0 ? decodeEntries(message.entries, "v1,", 32) : [];
        const v1a = keyring.ed25519.size > 0 ? decodeEntries(message.entries, "v1a,", 64) : [];
        if (v1.length === 0 && v1a.length === 0) {
          throw noSignatureError(message.header, keyring.hmac.length > 0, keyring.ed25519.size > 0);
        }
        const sync =
          v1.length > 0 ? hmacMatchSync(keyring.hmac, message.signedPrefix, request.body, v1) : -1;
        if (sync !== undefined && sync >= 0)
          return Promise.resolve({ secretIndex: sync, timestamp: message.timestampMs });
        return verifySlowly(keyring, { ...message, body: request.body, v1, v1a }, sync === -1);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
}

/** Configured keys, decoded once. */
interface Keyring {
  readonly secrets: readonly string[];
  readonly hmac: readonly Uint8Array[];
  /** Raw public key → its web crypto import (done on first use). */
  readonly ed25519: ReadonlyMap<Uint8Array, () => Promise<CryptoKey>>;
  readonly diagnose: boolean;
}

function resolveKeyring(options: StandardWebhooksVerifierOptions): Keyring {
  const secrets = options.secret === undefined ? [] : toSecretList(options.secret, "secret");
  const hmac = deriveSecretKeys(secrets, "whsec", "secret");
  const publicKeys =
    options.publicKey === undefined ? [] : toSecretList(options.publicKey, "publicKey");
  const ed25519 = new Map(
    publicKeys.map((text) => importOnce(decodeStandardWebhooksPublicKey(text, "publicKey"))),
  );
  if (hmac.length === 0 && ed25519.size === 0) {
    throw new ConfigurationError("`secret` (whsec_…) or `publicKey` (whpk_…) is required.");
  }
  return { secrets, hmac, ed25519, diagnose: options.diagnose ?? true };
}

/**
 * Index of the first secret under which a v1 entry matches, `-1` for none; `undefined` when
 * `node:crypto` is unavailable (the slow path then runs the HMACs).
 */
function hmacMatchSync(
  keys: readonly Uint8Array[],
  signedPrefix: string,
  body: Uint8Array,
  v1: readonly Uint8Array[],
): number | undefined {
  let index = 0;
  for (const key of keys) {
    const digest = hmacDigestPartsSync("SHA-256", key, [signedPrefix, body]);
    if (digest === undefined) return undefined;
    if (matchesAny(digest, v1)) return index;
    index += 1;
  }
  return -1;
}

interface Signed {
  readonly body: Uint8Array;
  readonly signedPrefix: string;
  readonly timestampMs: number;
  readonly v1: readonly Uint8Array[];
  readonly v1a: readonly Uint8Array[];
}

/** v1 on web crypto, v1a (Ed25519 is async everywhere) and, on a mismatch, the diagnosis. */
async function verifySlowly(
  keyring: Keyring,
  signed: Signed,
  hmacChecked: boolean,
): Promise<Verification> {
  // A key from `keyring.ed25519` is a public key; any other key bytes (configured or a diagnosis guess) are an HMAC key.
  const matches = async (key: Uint8Array, body: Uint8Array): Promise<boolean> => {
    const parts = [signed.signedPrefix, body];
    const publicKey = keyring.ed25519.get(key);
    if (publicKey !== undefined)
      return verifyEd25519(await publicKey(), signed.v1a, concatParts(parts));
    return matchesAny(await hmacDigestParts("SHA-256", key, parts), signed.v1);
  };
  const verified = (secretIndex: number): Verification => ({
    secretIndex,
    timestamp: signed.timestampMs,
  });
  let index = 0;
  for (const key of hmacChecked || signed.v1.length === 0 ? [] : keyring.hmac) {
    if (await matches(key, signed.body)) return verified(index);
    index += 1;
  }
  // Public keys are counted on their own: `secretIndex` of a v1a match indexes `publicKey`.
  index = 0;
  for (const key of signed.v1a.length > 0 ? keyring.ed25519.keys() : []) {
    if (await matches(key, signed.body)) return verified(index);
    index += 1;
  }
  if (!keyring.diagnose) throw signatureMismatchError();
  const keys = [...keyring.hmac, ...keyring.ed25519.keys()];
  const secrets = { values: keyring.secrets, encoding: "whsec" as const };
  throw signatureMismatchError(
    await diagnoseSignatureMismatch({ body: signed.body, matches, keys, secrets }),
  );
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
