/**
 * SendGrid's Signed Event Webhook: ECDSA P-256 / SHA-256 over `timestamp + body`, the signature
 * base64 DER in `X-Twilio-Email-Event-Webhook-Signature`, the verification key base64 SPKI.
 * @see https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features
 */
import { ConfigurationError } from "../errors.ts";
import { derToP1363, p1363ToDer } from "./ecdsa-der.ts";
import { decodeBase64, encodeBase64, encodeHex } from "./encoding.ts";
import { lazyPublicKeys } from "./public-key-signature.ts";
import { toSecretList, type SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";
import { DEFAULT_TOLERANCE, resolveTolerance, type TimestampTolerance } from "./timestamp.ts";
import {
  createTimestampedPublicKeySigner,
  createTimestampedPublicKeyVerifier,
  type TimestampedPublicKeyScheme,
} from "./timestamped-public-key-scheme.ts";

/** Header carrying SendGrid's base64 DER ECDSA signature. */
export const SENDGRID_SIGNATURE_HEADER = "x-twilio-email-event-webhook-signature";
/** Header carrying the signed unix timestamp, seconds. */
export const SENDGRID_TIMESTAMP_HEADER = "x-twilio-email-event-webhook-timestamp";
/** SendGrid documents no window and its SDK checks none; hookwise defaults to five minutes each way. */
export const DEFAULT_SENDGRID_TOLERANCE: TimestampTolerance = DEFAULT_TOLERANCE;

const ECDSA_P256 = { name: "ECDSA", namedCurve: "P-256" } as const;
const ECDSA_SHA256 = { name: "ECDSA", hash: "SHA-256" } as const;
const SENDGRID: TimestampedPublicKeyScheme = {
  scheme: "sendgrid",
  signatureHeader: SENDGRID_SIGNATURE_HEADER,
  timestampHeader: SENDGRID_TIMESTAMP_HEADER,
  algorithm: ECDSA_SHA256,
};
/** DER SubjectPublicKeyInfo header of an uncompressed P-256 key (id-ecPublicKey, prime256v1). */
const P256_SPKI_PREFIX = "3059301306072a8648ce3d020106082a8648ce3d030107034200";

/**
 * Options of {@link createSendGridVerifier}.
 * @category Verification
 */
export interface SendGridVerifierOptions {
  /** Verification key from Mail Settings → Signed Event Webhook: base64 DER SPKI (PEM armor allowed). Several while rotating. */
  readonly publicKey: SecretInput;
  /** How far the signed timestamp may be from now. @default five minutes each way ({@link DEFAULT_SENDGRID_TOLERANCE}) */
  readonly tolerance?: Partial<TimestampTolerance>;
}

/**
 * Verifies SendGrid's ECDSA signature on the raw body bytes (the body usually ends in CRLF: keep it).
 * The DER signature is converted to the `r || s` form web crypto expects, strictly.
 * @example
 * const verifier = createSendGridVerifier({ publicKey: process.env.SENDGRID_VERIFICATION_KEY! });
 * @category Verification
 */
export function createSendGridVerifier(options: SendGridVerifierOptions): SignatureVerifier {
  const spkis = toSecretList(options.publicKey, "publicKey").map(parsePublicKey);
  const tolerance = resolveTolerance(options.tolerance, DEFAULT_SENDGRID_TOLERANCE);
  return createTimestampedPublicKeyVerifier(SENDGRID, {
    keys: lazyPublicKeys("spki", spkis, ECDSA_P256),
    tolerance,
    decodeSignature: decodeDerSignature,
    signatureFormat: "a base64 DER ECDSA signature",
    mismatchDiagnosis:
      "SendGrid signs the exact raw body, including its trailing CRLF; check the verification key and that nothing trimmed or re-serialised the body.",
  });
}

/**
 * Options of {@link createSendGridSigner}.
 * @category Verification
 */
export interface SendGridSignerOptions {
  /** The P-256 private key: a web crypto `CryptoKey`, or PKCS#8 DER as base64 (PEM armor allowed). */
  readonly privateKey: CryptoKey | string;
}

/**
 * Signs the way SendGrid does (base64 DER ECDSA), for tests and simulators.
 * @example
 * const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
 * const headers = await createSendGridSigner({ privateKey: pair.privateKey }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createSendGridSigner(options: SendGridSignerOptions): Signer {
  return createTimestampedPublicKeySigner(SENDGRID, importPrivateKey(options.privateKey), (raw) =>
    encodeBase64(p1363ToDer(raw)),
  );
}

/** Base64 DER signature → the `r || s` form web crypto verifies; `undefined` unless strict DER. */
function decodeDerSignature(text: string): Uint8Array | undefined {
  const der = decodeBase64(text);
  return der === undefined ? undefined : derToP1363(der, 32);
}

/** Base64 DER of a key pasted as-is or with PEM armor and line breaks. */
function dearmor(text: string): Uint8Array | undefined {
  return decodeBase64(text.replace(/-----(BEGIN|END) [A-Z ]+-----/g, "").replace(/\s+/g, ""));
}

function parsePublicKey(text: string): Uint8Array {
  const spki = dearmor(text);
  const hex = spki === undefined ? "" : encodeHex(spki.subarray(0, 26));
  // An uncompressed P-256 key is the 26-byte header, 0x04, then 64 bytes of coordinates.
  if (spki === undefined || spki.length !== 91 || hex !== P256_SPKI_PREFIX || spki[26] !== 4) {
    throw new ConfigurationError(
      "`publicKey` must be SendGrid's verification key: a base64 DER P-256 public key (SubjectPublicKeyInfo).",
    );
  }
  return spki;
}

function importPrivateKey(privateKey: CryptoKey | string): Promise<CryptoKey> {
  if (typeof privateKey !== "string") return Promise.resolve(privateKey);
  const pkcs8 = dearmor(privateKey);
  if (pkcs8 === undefined) {
    throw new ConfigurationError(
      "`privateKey` must be a CryptoKey or a base64 PKCS#8 P-256 private key.",
    );
  }
  return crypto.subtle.importKey("pkcs8", pkcs8 as Uint8Array<ArrayBuffer>, ECDSA_P256, false, [
    "sign",
  ]);
}
