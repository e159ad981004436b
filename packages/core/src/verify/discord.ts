/**
 * Discord interactions and webhook events: Ed25519 over `timestamp + body`, hex signature in
 * `X-Signature-Ed25519`, the application's hex public key.
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#security-and-authorization
 */
import { ConfigurationError } from "../errors.ts";
import { concatBytes } from "./concat-bytes.ts";
import { decodeHex, encodeHex } from "./encoding.ts";
import { lazyPublicKeys } from "./public-key-signature.ts";
import { ofLength } from "./read-signature-header.ts";
import { toSecretList, type SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";
import { DEFAULT_TOLERANCE, resolveTolerance, type TimestampTolerance } from "./timestamp.ts";
import {
  createTimestampedPublicKeySigner,
  createTimestampedPublicKeyVerifier,
  type TimestampedPublicKeyScheme,
} from "./timestamped-public-key-scheme.ts";

/** Header carrying Discord's hex Ed25519 signature. */
export const DISCORD_SIGNATURE_HEADER = "x-signature-ed25519";
/** Header carrying the signed unix timestamp, seconds. */
export const DISCORD_TIMESTAMP_HEADER = "x-signature-timestamp";
/**
 * Discord documents no window and its SDK checks none; hookwise defaults to five minutes each way
 * (interactions are answered within 3 s, so a fresh request is always well inside it).
 */
export const DEFAULT_DISCORD_TOLERANCE: TimestampTolerance = DEFAULT_TOLERANCE;

const ED25519 = { name: "Ed25519" } as const;
const DISCORD: TimestampedPublicKeyScheme = {
  scheme: "discord",
  signatureHeader: DISCORD_SIGNATURE_HEADER,
  timestampHeader: DISCORD_TIMESTAMP_HEADER,
  algorithm: ED25519,
};
/** PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410), the only private form web crypto imports. */
const PKCS8_ED25519_PREFIX = decodeHex("302e020100300506032b657004220420") ?? new Uint8Array();

/**
 * Options of {@link createDiscordVerifier}.
 * @category Verification
 */
export interface DiscordVerifierOptions {
  /** The application's public key, hex (32 bytes), from the developer portal; several while moving apps. */
  readonly publicKey: SecretInput;
  /** How far the signed timestamp may be from now. @default five minutes each way ({@link DEFAULT_DISCORD_TOLERANCE}) */
  readonly tolerance?: Partial<TimestampTolerance>;
}

/**
 * Verifies Discord's Ed25519 signature over the timestamp header followed by the raw body.
 * Discord probes endpoints with invalid signatures and expects a 401, which this gives.
 * @example
 * const verifier = createDiscordVerifier({ publicKey: process.env.DISCORD_PUBLIC_KEY! });
 * @category Verification
 */
export function createDiscordVerifier(options: DiscordVerifierOptions): SignatureVerifier {
  const rawKeys = toSecretList(options.publicKey, "publicKey").map(parsePublicKey);
  const tolerance = resolveTolerance(options.tolerance, DEFAULT_DISCORD_TOLERANCE);
  return createTimestampedPublicKeyVerifier(DISCORD, {
    keys: lazyPublicKeys("raw", rawKeys, ED25519),
    tolerance,
    decodeSignature: ofLength(decodeHex, 64),
    signatureFormat: "a hex Ed25519 signature",
    mismatchDiagnosis:
      "Discord signs the exact raw body with the application's key; check the public key and that nothing re-serialised the body.",
  });
}

/**
 * Options of {@link createDiscordSigner}.
 * @category Verification
 */
export interface DiscordSignerOptions {
  /** The Ed25519 private key: a web crypto `CryptoKey`, or the 32-byte seed in hex. */
  readonly privateKey: CryptoKey | string;
}

/**
 * Signs the way Discord does, for tests and simulators.
 * @example
 * const { privateKey, publicKey } = await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]);
 * const headers = await createDiscordSigner({ privateKey }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createDiscordSigner(options: DiscordSignerOptions): Signer {
  return createTimestampedPublicKeySigner(DISCORD, importPrivateKey(options.privateKey), encodeHex);
}

function parsePublicKey(hex: string): Uint8Array {
  const raw = decodeHex(hex.trim());
  if (raw === undefined || raw.length !== 32) {
    throw new ConfigurationError(
      "`publicKey` must be the application's Ed25519 public key: 64 hex characters.",
    );
  }
  return raw;
}

function importPrivateKey(privateKey: CryptoKey | string): Promise<CryptoKey> {
  if (typeof privateKey !== "string") return Promise.resolve(privateKey);
  const seed = decodeHex(privateKey.trim());
  if (seed === undefined || seed.length !== 32) {
    throw new ConfigurationError(
      "`privateKey` must be a CryptoKey or the 32-byte Ed25519 seed as 64 hex characters.",
    );
  }
  const pkcs8 = concatBytes(PKCS8_ED25519_PREFIX, seed);
  return crypto.subtle.importKey("pkcs8", pkcs8 as Uint8Array<ArrayBuffer>, ED25519, false, [
    "sign",
  ]);
}
