/**
 * HubSpot v3: `X-HubSpot-Signature-v3` = base64 HMAC-SHA256(client secret, method + URI + body +
 * timestamp), `X-HubSpot-Request-Timestamp` in unix milliseconds, at most 5 minutes old.
 * v1 and v2 (plain SHA-256, no timestamp) are accepted only when listed in `versions`.
 * @see https://developers.hubspot.com/docs/api/webhooks/validating-requests
 */
import { ConfigurationError, ErrorCode, isHookwiseError } from "../errors.ts";
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { HmacSchemeOptions } from "./hmac-scheme.ts";
import { verifyHubSpotLegacy } from "./hubspot-legacy.ts";
import { compilePublicUrl, type PublicUrl } from "./public-url.ts";
import { toSecretList, type SecretInput } from "./secrets.ts";
import { EMPTY_VERIFICATION } from "./signature-scheme.ts";
import type { SignatureVerifier, Signer, Verification, VerifyRequest } from "./signature-scheme.ts";
import { resolveTolerance, type TimestampTolerance } from "./timestamp.ts";

/** Header carrying the v3 signature. */
export const HUBSPOT_SIGNATURE_V3_HEADER = "x-hubspot-signature-v3";
/** Header carrying the v3 timestamp, unix milliseconds. */
export const HUBSPOT_TIMESTAMP_HEADER = "x-hubspot-request-timestamp";
/** HubSpot's window (the SDK's `MAX_ALLOWED_TIMESTAMP`, 300 000 ms); hookwise bounds the future the same way. */
export const DEFAULT_HUBSPOT_TOLERANCE: TimestampTolerance = Object.freeze({
  pastSeconds: 300,
  futureSeconds: 300,
});

/**
 * Signature versions HubSpot sends.
 * @category Verification
 */
export type HubSpotSignatureVersion = "v1" | "v2" | "v3";

/** Percent-escapes the docs say to decode in the URI before signing v3 (the SDK does not). */
const DECODED_ESCAPES: Readonly<Record<string, string>> = {
  "%3A": ":",
  "%2F": "/",
  "%3F": "?",
  "%40": "@",
  "%21": "!",
  "%24": "$",
  "%27": "'",
  "%28": "(",
  "%29": ")",
  "%2A": "*",
  "%2C": ",",
  "%3B": ";",
};

/**
 * Options of {@link createHubSpotVerifier}.
 * @category Verification
 */
export interface HubSpotVerifierOptions {
  /** The app's client secret; several while rotating (any may match). */
  readonly secret: SecretInput;
  /** The URL as HubSpot requested it, when the server sees another one. @default the request URL */
  readonly publicUrl?: PublicUrl;
  /** How far the v3 timestamp may be from now. @default 300 s each way ({@link DEFAULT_HUBSPOT_TOLERANCE}) */
  readonly tolerance?: Partial<TimestampTolerance>;
  /**
   * Versions accepted. v1/v2 sign no timestamp (replayable) and use a plain hash; list them only
   * for endpoints that receive nothing newer. v3 is used whenever its header is present.
   * @default ["v3"]
   */
  readonly versions?: readonly HubSpotSignatureVersion[];
  /** Explain a signature mismatch when the cause can be told safely (bounded; see docs/concepts/verification.md). @default true */
  readonly diagnose?: boolean;
}

/**
 * Verifies HubSpot's v3 signature. The URI is checked as the docs define it (the listed
 * percent-escapes decoded) and, failing that, as received (what @hubspot/api-client signs).
 * @example
 * const verifier = createHubSpotVerifier({ secret: process.env.HUBSPOT_CLIENT_SECRET!, publicUrl: "https://hooks.example.com" });
 * @category Verification
 */
export function createHubSpotVerifier(options: HubSpotVerifierOptions): SignatureVerifier {
  const versions = new Set<HubSpotSignatureVersion>(options.versions ?? ["v3"]);
  if (
    versions.size === 0 ||
    [...versions].some((version) => !(["v1", "v2", "v3"] as string[]).includes(version))
  ) {
    throw new ConfigurationError("`versions` must list one or more of `v1`, `v2`, `v3`.");
  }
  const secrets = toSecretList(options.secret, "secret");
  const resolveUrl = compilePublicUrl(options.publicUrl);
  const tolerance = resolveTolerance(options.tolerance, DEFAULT_HUBSPOT_TOLERANCE);
  const docsForm = createHmacVerifier({ ...v3Scheme(secrets), tolerance, diagnose: false });
  const asReceived = createHmacVerifier({
    ...v3Scheme(secrets),
    tolerance,
    diagnose: options.diagnose ?? true,
  });
  return {
    scheme: "hubspot",
    async verify(request) {
      const url = resolveUrl(request);
      const useV3 =
        versions.has("v3") &&
        (request.headers.has(HUBSPOT_SIGNATURE_V3_HEADER) || !hasLegacy(versions));
      if (!useV3) return verifyHubSpotLegacy({ ...request, url }, secrets, versions);
      return verifyV3(docsForm, asReceived, { ...request, url });
    },
  };
}

/**
 * Options of {@link createHubSpotSigner}.
 * @category Verification
 */
export interface HubSpotSignerOptions {
  /** Client secret to sign with (the first is used when several are given). */
  readonly secret: SecretInput;
}

/**
 * Signs v3 the way HubSpot's docs describe (the URI with the listed escapes decoded); `url` is required.
 * @example
 * const headers = await createHubSpotSigner({ secret }).sign({ body, url, method: "POST", now: Date.now() });
 * @category Verification
 */
export function createHubSpotSigner(options: HubSpotSignerOptions): Signer {
  const base = createHmacSigner(v3Scheme(toSecretList(options.secret, "secret").slice(0, 1)));
  return {
    scheme: "hubspot",
    sign(request) {
      if (request.url === undefined)
        return Promise.reject(
          new ConfigurationError("HubSpot signs the URI: pass `url` to `sign`."),
        );
      return base.sign({
        ...request,
        url: decodeHubSpotUri(request.url),
        method: request.method ?? "POST",
      });
    },
  };
}

/**
 * The URI as HubSpot v3 signs it: `%3A %2F %3F %40 %21 %24 %27 %28 %29 %2A %2C %3B` decoded (either case).
 * @internal
 */
export function decodeHubSpotUri(url: string): string {
  return url.replace(
    /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi,
    (escape) => DECODED_ESCAPES[escape.toUpperCase()] ?? escape,
  );
}

async function verifyV3(
  docsForm: SignatureVerifier,
  asReceived: SignatureVerifier,
  request: VerifyRequest,
): Promise<Verification> {
  // The HMAC verifiers always resolve a verification; the fallback only satisfies the wider type.
  const decoded = decodeHubSpotUri(request.url);
  if (decoded === request.url) return (await asReceived.verify(request)) ?? EMPTY_VERIFICATION;
  try {
    return (await docsForm.verify({ ...request, url: decoded })) ?? EMPTY_VERIFICATION;
  } catch (error) {
    if (!isHookwiseError(error) || error.code !== ErrorCode.SIGNATURE_MISMATCH) throw error;
    return (await asReceived.verify(request)) ?? EMPTY_VERIFICATION;
  }
}

function hasLegacy(versions: ReadonlySet<HubSpotSignatureVersion>): boolean {
  return versions.has("v1") || versions.has("v2");
}

function v3Scheme(secrets: readonly string[]): HmacSchemeOptions {
  return {
    secret: secrets,
    scheme: "hubspot",
    header: HUBSPOT_SIGNATURE_V3_HEADER,
    encoding: "base64",
    signedContent: "{method}{url}{body}{timestamp}",
    timestampHeader: HUBSPOT_TIMESTAMP_HEADER,
    timestampUnit: "milliseconds",
  };
}
