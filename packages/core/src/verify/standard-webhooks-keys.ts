/**
 * Standard Webhooks v1a (Ed25519) keys: `whpk_` + base64 of the 32-byte public key to verify,
 * `whsk_` + base64 of the private key to sign. The spec does not pin the private layout, so both
 * the 32-byte seed and the 64-byte seed‖public-key form (libsodium, tweetnacl) are accepted.
 */
import { ConfigurationError } from "../errors.ts";
import { decodeBase64, encodeBase64 } from "./encoding.ts";

/**
 * Prefix of a Standard Webhooks v1a public key.
 * @category Verification
 */
export const WHPK_PREFIX = "whpk_";
/**
 * Prefix of a Standard Webhooks v1a secret (signing) key.
 * @category Verification
 */
export const WHSK_PREFIX = "whsk_";

const ED25519 = { name: "Ed25519" } as const;
/** PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): the only private form web crypto imports. */
const PKCS8_SEED_PREFIX = Uint8Array.of(
  0x30,
  0x2e,
  0x02,
  0x01,
  0x00,
  0x30,
  0x05,
  0x06,
  0x03,
  0x2b,
  0x65,
  0x70,
  0x04,
  0x22,
  0x04,
  0x20,
);

/**
 * A v1a key pair, as strings to store in configuration.
 * @category Verification
 */
export interface StandardWebhooksKeyPair {
  /** `whsk_…`: give to the signer; keep secret. */
  readonly signingKey: string;
  /** `whpk_…`: give to receivers' verifiers. */
  readonly publicKey: string;
}

/**
 * Creates a fresh Ed25519 key pair for Standard Webhooks v1a signing.
 * @example
 * const { signingKey, publicKey } = await generateStandardWebhooksKeyPair();
 * @category Verification
 */
export async function generateStandardWebhooksKeyPair(): Promise<StandardWebhooksKeyPair> {
  const pair = await crypto.subtle.generateKey(ED25519, true, ["sign", "verify"]);
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const publicKey = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
  return {
    signingKey: WHSK_PREFIX + encodeBase64(pkcs8.subarray(-32)),
    publicKey: WHPK_PREFIX + encodeBase64(publicKey),
  };
}

/**
 * Raw 32-byte public key of a `whpk_` string (prefix optional).
 * @throws ConfigurationError naming `optionName`.
 * @internal
 */
export function decodeStandardWebhooksPublicKey(text: string, optionName: string): Uint8Array {
  const raw = decodeBase64(text.startsWith(WHPK_PREFIX) ? text.slice(WHPK_PREFIX.length) : text);
  if (raw?.length !== 32) {
    throw new ConfigurationError(
      `\`${optionName}\` must be a \`whpk_\` Ed25519 public key: base64 of 32 bytes.`,
    );
  }
  return raw;
}

/**
 * 32-byte seed of a `whsk_` string (prefix optional; seed or seed‖public key).
 * @throws ConfigurationError naming `optionName`.
 * @internal
 */
export function decodeStandardWebhooksSigningKey(text: string, optionName: string): Uint8Array {
  const raw = decodeBase64(text.startsWith(WHSK_PREFIX) ? text.slice(WHSK_PREFIX.length) : text);
  if (raw?.length !== 32 && raw?.length !== 64) {
    throw new ConfigurationError(
      `\`${optionName}\` must be a \`whsk_\` Ed25519 secret key: base64 of a 32-byte seed or 64-byte secret key.`,
    );
  }
  return raw.subarray(0, 32);
}

/**
 * Imports a raw Ed25519 public key for verification.
 * @internal
 */
export function importEd25519PublicKey(raw: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", raw as Uint8Array<ArrayBuffer>, ED25519, false, ["verify"]);
}

/**
 * Imports a 32-byte Ed25519 seed for signing.
 * @internal
 */
export function importEd25519Seed(seed: Uint8Array): Promise<CryptoKey> {
  const pkcs8 = new Uint8Array(PKCS8_SEED_PREFIX.length + 32);
  pkcs8.set(PKCS8_SEED_PREFIX);
  pkcs8.set(seed, PKCS8_SEED_PREFIX.length);
  return crypto.subtle.importKey("pkcs8", pkcs8, ED25519, false, ["sign"]);
}
