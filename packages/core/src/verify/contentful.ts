/**
 * Contentful request verification (webhooks, app events, app actions): `x-contentful-signature`
 * is the hex HMAC-SHA256, keyed with the 64-character signing secret as UTF-8, of the canonical
 * request `method \n path \n k:v;k:v… \n body`: the path encoded as `@contentful/node-apps-toolkit`
 * does, the headers named in `x-contentful-signed-headers` sorted by name, and
 * `x-contentful-timestamp` (unix ms) among them.
 * @see https://www.contentful.com/developers/docs/extensibility/app-framework/request-verification/
 */
import { ConfigurationError, ErrorCode, SignatureVerificationError } from "../errors.ts";
import { utf8 } from "../util/bytes.ts";
import { timingSafeEqual } from "./constant-time.ts";
import {
  canonicalPrefix,
  CONTENTFUL_SIGNED_HEADERS_HEADER,
  CONTENTFUL_TIMESTAMP_HEADER,
  isHeaderName,
  pathAndQueryOf,
  pickSignedHeaders,
} from "./contentful-canonical.ts";
import { diagnoseSignatureMismatch, signatureMismatchError } from "./diagnose.ts";
import { decodeHex, encodeHex } from "./encoding.ts";
import { hmacDigestParts, hmacDigestPartsSync } from "./hmac.ts";
import type { HmacParts } from "./hmac.ts";
import { deriveSecretKeys, toSecretList } from "./secrets.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer, Verification, VerifyRequest } from "./signature-scheme.ts";
import { assertWithinToleranceMs, parseUnixMilliseconds, resolveTolerance } from "./timestamp.ts";
import type { TimestampTolerance } from "./timestamp.ts";

export { CONTENTFUL_SIGNED_HEADERS_HEADER, CONTENTFUL_TIMESTAMP_HEADER };

/**
 * Contentful's signature header.
 * @category Verification
 */
export const CONTENTFUL_SIGNATURE_HEADER = "x-contentful-signature";

/**
 * 30 s old, as the SDK's default TTL; hookwise also rejects timestamps more than 30 s ahead (the
 * SDK checks age only).
 * @category Verification
 */
export const DEFAULT_CONTENTFUL_TOLERANCE: TimestampTolerance = Object.freeze({
  pastSeconds: 30,
  futureSeconds: 30,
});

/**
 * Options of {@link createContentfulVerifier}.
 * @category Verification
 */
export interface ContentfulVerifierOptions {
  /** The signing secret (64 characters of `[0-9a-zA-Z+/=_-]`); several while rotating. */
  readonly secret: SecretInput;
  /** Accepted distance of `x-contentful-timestamp` from now, seconds. @default { pastSeconds: 30, futureSeconds: 30 } */
  readonly tolerance?: Partial<TimestampTolerance> | number;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createContentfulSigner}.
 * @category Verification
 */
export interface ContentfulSignerOptions {
  /** The signing secret (the first one when several are given). */
  readonly secret: SecretInput;
  /** Further headers to sign and send, e.g. `x-contentful-topic` or the context headers (`x-contentful-crn`, …). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Verifies `x-contentful-signature` over the canonical request; the request's path and query are
 * taken from its URL as received. A `?` after the first one is signed like any other character
 * (the SDK silently drops everything after a second `?`).
 * @example
 * const verifier = createContentfulVerifier({ secret: process.env.CONTENTFUL_SIGNING_SECRET! });
 * @category Verification
 */
export function createContentfulVerifier(options: ContentfulVerifierOptions): SignatureVerifier {
  const secrets = checkedSecrets(options.secret);
  const keys = deriveSecretKeys(secrets, "utf8", "secret");
  const tolerance = resolveTolerance(options.tolerance, DEFAULT_CONTENTFUL_TOLERANCE);
  const diagnose = options.diagnose ?? true;
  return {
    scheme: "contentful",
    async verify(request): Promise<Verification> {
      const signature = readSignature(request.headers);
      const text = request.headers.get(CONTENTFUL_TIMESTAMP_HEADER);
      const timestamp = parseUnixMilliseconds(text);
      assertWithinToleranceMs(timestamp, request.now, tolerance);
      const list = request.headers.get(CONTENTFUL_SIGNED_HEADERS_HEADER) ?? "";
      if (list.split(",").length < 2)
        throw malformed(
          "`x-contentful-signed-headers` lists fewer than two headers; Contentful always signs at least its own two.",
        );
      const picked = pickSignedHeaders(request.headers, list);
      const content = (body: Uint8Array): HmacParts => [
        canonicalPrefix(request.method, pathAndQueryOf(request.url), picked, text ?? ""),
        body,
      ];
      for (const [secretIndex, key] of keys.entries())
        if (await matches(key, content(request.body), signature)) return { secretIndex, timestamp };
      throw await mismatch(request, keys, secrets, signature, content, diagnose);
    },
  };
}

/**
 * Produces the three `x-contentful-*` headers (plus `options.headers`) as Contentful signs a
 * request, for tests and simulators. `url` is required and `method` defaults to `POST`.
 * @example
 * const headers = await createContentfulSigner({ secret }).sign({ body, now: Date.now(), url });
 * @category Verification
 */
export function createContentfulSigner(options: ContentfulSignerOptions): Signer {
  const [key] = deriveSecretKeys(checkedSecrets(options.secret).slice(0, 1), "utf8", "secret");
  const extra = normaliseHeaders(options.headers ?? {});
  return {
    scheme: "contentful",
    async sign(request) {
      if (request.url === undefined)
        throw new ConfigurationError(
          "`url` is required to sign for Contentful: its path is signed.",
        );
      const timestamp = String(Math.floor(request.now));
      const signed = new Map(Object.entries(extra));
      const prefix = canonicalPrefix(
        request.method ?? "POST",
        pathAndQueryOf(request.url),
        signed,
        timestamp,
      );
      const mac = await hmacDigestParts("SHA-256", key ?? utf8(""), [prefix, request.body]);
      const names = [
        ...signed.keys(),
        CONTENTFUL_SIGNED_HEADERS_HEADER,
        CONTENTFUL_TIMESTAMP_HEADER,
      ];
      return {
        ...extra,
        [CONTENTFUL_SIGNATURE_HEADER]: encodeHex(mac),
        [CONTENTFUL_SIGNED_HEADERS_HEADER]: [...new Set(names)].sort().join(","),
        [CONTENTFUL_TIMESTAMP_HEADER]: timestamp,
      };
    },
  };
}

function checkedSecrets(secret: SecretInput): readonly string[] {
  const secrets = toSecretList(secret, "secret");
  for (const value of secrets) {
    if (!/^[0-9a-zA-Z+/=_-]{64}$/.test(value)) {
      throw new ConfigurationError(
        "`secret` must be a Contentful signing secret: exactly 64 characters of `[0-9a-zA-Z+/=_-]` (check for whitespace).",
      );
    }
  }
  return secrets;
}

function readSignature(headers: Headers): Uint8Array {
  const value = headers.get(CONTENTFUL_SIGNATURE_HEADER);
  if (value === null || value === "") {
    throw new SignatureVerificationError(
      ErrorCode.SIGNATURE_MISSING,
      "The `x-contentful-signature` header is missing: enable request verification (a signing secret) for this webhook or app.",
    );
  }
  // Lower-case only: the SDK compares the hex text, so upper-case never verifies there either.
  const bytes = /^[0-9a-f]{64}$/.test(value) ? decodeHex(value) : undefined;
  if (bytes === undefined)
    throw malformed("`x-contentful-signature` is not 64 lower-case hex digits.");
  return bytes;
}

async function matches(key: Uint8Array, parts: HmacParts, signature: Uint8Array): Promise<boolean> {
  const mac =
    hmacDigestPartsSync("SHA-256", key, parts) ?? (await hmacDigestParts("SHA-256", key, parts));
  return timingSafeEqual(mac, signature);
}

async function mismatch(
  request: VerifyRequest,
  keys: readonly Uint8Array[],
  secrets: readonly string[],
  signature: Uint8Array,
  content: (body: Uint8Array) => HmacParts,
  diagnose: boolean,
): Promise<SignatureVerificationError> {
  if (!diagnose) return signatureMismatchError();
  const check = (key: Uint8Array, body: Uint8Array): Promise<boolean> =>
    matches(key, content(body), signature);
  const input = {
    body: request.body,
    keys,
    matches: check,
    secrets: { values: secrets, encoding: "utf8" as const },
  };
  return signatureMismatchError(await diagnoseSignatureMismatch(input));
}

function normaliseHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase().trim();
    if (!isHeaderName(key))
      throw new ConfigurationError(`\`headers\` holds an invalid header name: \`${name}\`.`);
    out[key] = value.trim();
  }
  return out;
}

function malformed(message: string): SignatureVerificationError {
  return new SignatureVerificationError(ErrorCode.SIGNATURE_MALFORMED, message);
}
