/**
 * HubSpot's older signatures, kept for endpoints that still receive them: `X-HubSpot-Signature` is
 * the hex plain SHA-256 (not an HMAC) of `clientSecret + body` (v1) or
 * `clientSecret + method + URI + body` (v2), named by `X-HubSpot-Signature-Version`. No timestamp.
 */
import { ErrorCode, SignatureVerificationError } from "../errors.ts";
import { utf8 } from "../util/bytes.ts";
import { concatBytes } from "./concat-bytes.ts";
import { timingSafeEqual } from "./constant-time.ts";
import { decodeHex, encodeHex } from "./encoding.ts";
import { ofLength, readSignatureHeader } from "./read-signature-header.ts";
import type { HubSpotSignatureVersion } from "./hubspot.ts";
import type { Verification, VerifyRequest } from "./signature-scheme.ts";

/** Header carrying the v1/v2 signature. */
export const HUBSPOT_LEGACY_SIGNATURE_HEADER = "x-hubspot-signature";
/** Header naming the v1/v2 version. */
export const HUBSPOT_SIGNATURE_VERSION_HEADER = "x-hubspot-signature-version";

/**
 * Verifies a v1 or v2 signature for the versions allowed.
 * @internal
 */
export async function verifyHubSpotLegacy(
  request: VerifyRequest,
  secrets: readonly string[],
  versions: ReadonlySet<HubSpotSignatureVersion>,
): Promise<Verification> {
  if (!request.headers.has(HUBSPOT_LEGACY_SIGNATURE_HEADER)) {
    throw new SignatureVerificationError(
      ErrorCode.SIGNATURE_MISSING,
      "No HubSpot signature header (`x-hubspot-signature-v3` or `x-hubspot-signature`).",
    );
  }
  const version = acceptedVersion(request.headers, versions);
  const signature = readSignatureHeader(
    request.headers,
    HUBSPOT_LEGACY_SIGNATURE_HEADER,
    ofLength(decodeHex, 32),
    "a hex SHA-256",
  );
  // Every secret is tried (no early exit); the first that matches is reported.
  let secretIndex = -1;
  let index = 0;
  for (const secret of secrets) {
    const digest = await sha256(legacySource(version, secret, request));
    if (timingSafeEqual(digest, signature) && secretIndex === -1) secretIndex = index;
    index += 1;
  }
  if (secretIndex === -1) {
    const diagnosis =
      version === "v2"
        ? "v2 signs the method and the full public URI; behind a proxy set `publicUrl`."
        : undefined;
    throw new SignatureVerificationError(
      ErrorCode.SIGNATURE_MISMATCH,
      "The `x-hubspot-signature` header does not match.",
      { diagnosis },
    );
  }
  return { secretIndex };
}

/**
 * The hex v1/v2 signature, for tests and simulators.
 * @internal
 */
export async function hubSpotLegacySignature(
  version: "v1" | "v2",
  secret: string,
  request: VerifyRequest,
): Promise<string> {
  return encodeHex(await sha256(legacySource(version, secret, request)));
}

function acceptedVersion(
  headers: Headers,
  versions: ReadonlySet<HubSpotSignatureVersion>,
): "v1" | "v2" {
  const version = headers.get(HUBSPOT_SIGNATURE_VERSION_HEADER) ?? "v1";
  if ((version !== "v1" && version !== "v2") || !versions.has(version)) {
    throw new SignatureVerificationError(
      ErrorCode.SIGNATURE_MALFORMED,
      "The `x-hubspot-signature-version` is not one this source accepts.",
    );
  }
  return version;
}

function legacySource(version: "v1" | "v2", secret: string, request: VerifyRequest): Uint8Array {
  const prefix = version === "v1" ? secret : secret + request.method + request.url;
  return concatBytes(utf8(prefix), request.body);
}

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
}
