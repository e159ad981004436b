/**
 * The flow Discord (Ed25519) and SendGrid (ECDSA P-256) share: a timestamp header and a signature
 * header, the signature made with a private key over `timestamp + raw body`, accepted when any
 * configured public key verifies it and the timestamp is within tolerance. Providers supply only
 * their header names, algorithm, signature encoding and wording.
 */
import { ErrorCode, SignatureVerificationError } from "../errors.ts";
import { utf8 } from "../util/bytes.ts";
import { concatBytes } from "./concat-bytes.ts";
import { indexOfVerifyingKey } from "./public-key-signature.ts";
import { readSignatureHeader } from "./read-signature-header.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";
import { assertWithinTolerance, parseUnixSeconds, type TimestampTolerance } from "./timestamp.ts";

/**
 * What a provider of the flow names: its scheme and headers, and the web crypto sign/verify algorithm.
 * @internal
 */
export interface TimestampedPublicKeyScheme {
  readonly scheme: string;
  readonly signatureHeader: string;
  readonly timestampHeader: string;
  readonly algorithm: AlgorithmIdentifier | EcdsaParams;
}

/**
 * How a provider's verifier reads signatures and explains a mismatch.
 * @internal
 */
export interface TimestampedPublicKeyVerification {
  /** The configured public keys, imported once (see `lazyPublicKeys`). */
  readonly keys: () => Promise<CryptoKey[]>;
  readonly tolerance: TimestampTolerance;
  /** Header text to the bytes web crypto verifies; `undefined` when malformed. */
  readonly decodeSignature: (text: string) => Uint8Array | undefined;
  /** The expected encoding, for the malformed message (e.g. "a hex Ed25519 signature"). */
  readonly signatureFormat: string;
  /** What to check when no key verifies the signature. */
  readonly mismatchDiagnosis: string;
}

/**
 * A verifier of `scheme`: signature header, then timestamp, then any key, then the tolerance.
 * Resolves with the index of the public key that verified and the signed timestamp (epoch ms).
 * @internal
 */
export function createTimestampedPublicKeyVerifier(
  scheme: TimestampedPublicKeyScheme,
  verification: TimestampedPublicKeyVerification,
): SignatureVerifier {
  const { keys, tolerance } = verification;
  return {
    scheme: scheme.scheme,
    async verify(request) {
      const signature = readSignatureHeader(
        request.headers,
        scheme.signatureHeader,
        verification.decodeSignature,
        verification.signatureFormat,
      );
      const timestampText = request.headers.get(scheme.timestampHeader);
      const timestamp = parseUnixSeconds(timestampText);
      const parts = [utf8(timestampText ?? ""), request.body];
      const secretIndex = await indexOfVerifyingKey(
        scheme.algorithm,
        await keys(),
        signature,
        parts,
      );
      if (secretIndex === -1) {
        throw new SignatureVerificationError(
          ErrorCode.SIGNATURE_MISMATCH,
          `The \`${scheme.signatureHeader}\` signature does not match.`,
          { diagnosis: verification.mismatchDiagnosis },
        );
      }
      assertWithinTolerance(timestamp, request.now, tolerance);
      return { secretIndex, timestamp: timestamp * 1000 };
    },
  };
}

/**
 * A signer of `scheme` for tests and simulators: the current unix second and the body, signed with
 * `key` and written to the signature header by `encodeSignature` (given web crypto's raw output).
 * @internal
 */
export function createTimestampedPublicKeySigner(
  scheme: TimestampedPublicKeyScheme,
  key: Promise<CryptoKey>,
  encodeSignature: (raw: Uint8Array) => string,
): Signer {
  return {
    scheme: scheme.scheme,
    async sign(request) {
      const timestamp = String(Math.floor(request.now / 1000));
      const signed = concatBytes(utf8(timestamp), request.body);
      const raw = new Uint8Array(
        await crypto.subtle.sign(scheme.algorithm, await key, signed as Uint8Array<ArrayBuffer>),
      );
      return {
        [scheme.signatureHeader]: encodeSignature(raw),
        [scheme.timestampHeader]: timestamp,
      };
    },
  };
}
