/**
 * Upstash QStash: `Upstash-Signature: <JWT>`, HS256 with the current (or, after a rotation, the
 * next) signing key as UTF-8. Claims: `iss` "Upstash", `sub` the destination URL, `exp` / `nbf`,
 * `iat`, `jti`, and `body`: base64url SHA-256 of the raw body.
 * @see https://upstash.com/docs/qstash/howto/signature
 */
import { ConfigurationError, ErrorCode, SignatureVerificationError } from "../errors.ts";
import { timingSafeEqual } from "./constant-time.ts";
import { decodeBase64Url, encodeBase64Url } from "./encoding.ts";
import {
  assertTokenWindow,
  bodyHashMismatch,
  matchingKey,
  numericDate,
  parseHs256Jwt,
  sha256,
  signHs256Jwt,
  tokenMismatch,
} from "./hs256-jwt.ts";
import { compilePublicUrl } from "./public-url.ts";
import type { PublicUrl } from "./public-url.ts";
import { deriveSecretKeys, toSecretList } from "./secrets.ts";
import type { SignatureVerifier, Signer, Verification } from "./signature-scheme.ts";
import { resolveTolerance } from "./timestamp.ts";
import type { TimestampTolerance } from "./timestamp.ts";

/**
 * Header carrying QStash's JWT.
 * @category Verification
 */
export const QSTASH_SIGNATURE_HEADER = "upstash-signature";

/**
 * The `iss` claim of every QStash token.
 * @category Verification
 */
export const QSTASH_ISSUER = "Upstash";

/**
 * Clock-skew slack on the token's own window (`nbf` … `exp`, five minutes by default at QStash):
 * none, as the SDK's default `clockTolerance` of 0.
 * @category Verification
 */
export const DEFAULT_QSTASH_TOLERANCE: TimestampTolerance = Object.freeze({
  pastSeconds: 0,
  futureSeconds: 0,
});

/**
 * Options of {@link createQStashVerifier}.
 * @category Verification
 */
export interface QStashVerifierOptions {
  /** `QSTASH_CURRENT_SIGNING_KEY` (Console → QStash → Signing keys): `secretIndex` 0. */
  readonly currentSigningKey: string;
  /** `QSTASH_NEXT_SIGNING_KEY`, which signs after you roll the keys: `secretIndex` 1. */
  readonly nextSigningKey: string;
  /** Slack after `exp` (`pastSeconds`) and before `nbf` (`futureSeconds`); a number sets both, as the SDK's `clockTolerance`. @default { pastSeconds: 0, futureSeconds: 0 } */
  readonly tolerance?: Partial<TimestampTolerance> | number;
  /** The public URL QStash was told to call, when a proxy changes what the server sees: `sub` must equal it. @default the request URL */
  readonly publicUrl?: PublicUrl;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createQStashSigner}.
 * @category Verification
 */
export interface QStashSignerOptions {
  /** The key to sign with (QStash signs with the current one). */
  readonly signingKey: string;
  /** Lifetime of the token, seconds. @default 300 */
  readonly lifetimeSeconds?: number;
}

/**
 * Verifies `Upstash-Signature` under the current, then the next signing key, then its claims:
 * `iss`, `sub` against the request URL, `exp` and `nbf` (both required), and the body hash.
 * @example
 * const verifier = createQStashVerifier({
 *   currentSigningKey: process.env.QSTASH_CURRENT_SIGNING_KEY!,
 *   nextSigningKey: process.env.QSTASH_NEXT_SIGNING_KEY!,
 * });
 * @category Verification
 */
export function createQStashVerifier(options: QStashVerifierOptions): SignatureVerifier {
  const secrets = [
    ...toSecretList(options.currentSigningKey, "currentSigningKey"),
    ...toSecretList(options.nextSigningKey, "nextSigningKey"),
  ];
  if (secrets.length !== 2)
    throw new ConfigurationError("`currentSigningKey` and `nextSigningKey` are one string each.");
  const keys = deriveSecretKeys(secrets, "utf8", "signingKey");
  const tolerance = resolveTolerance(options.tolerance, DEFAULT_QSTASH_TOLERANCE);
  const urlOf = compilePublicUrl(options.publicUrl);
  const diagnose = options.diagnose ?? true;
  return {
    scheme: "qstash",
    async verify(request): Promise<Verification> {
      const token = request.headers.get(QSTASH_SIGNATURE_HEADER);
      if (token === null || token === "") {
        throw new SignatureVerificationError(
          ErrorCode.SIGNATURE_MISSING,
          "The `upstash-signature` header is missing: the request is not from QStash, or signing is off.",
        );
      }
      const jwt = parseHs256Jwt(token, QSTASH_SIGNATURE_HEADER);
      const secretIndex = await matchingKey(jwt, keys);
      if (secretIndex < 0) throw await tokenMismatch(jwt, keys, secrets, request.body, diagnose);
      const { claims } = jwt;
      if (claims.iss !== QSTASH_ISSUER) throw mismatch("The token's `iss` is not `Upstash`.");
      const exp = numericDate(claims, "exp", true);
      const nbf = numericDate(claims, "nbf", true);
      const iat = numericDate(claims, "iat", false);
      assertTokenWindow({ exp, nbf }, request.now, tolerance);
      if (claims.sub !== urlOf(request)) {
        throw mismatch(
          "The token's `sub` is not this request's URL: QStash was told to call another URL, or a proxy changed it (set `publicUrl`).",
        );
      }
      const claimed = typeof claims.body === "string" ? decodeBase64Url(claims.body) : undefined;
      if (claimed?.length !== 32)
        throw malformed("The token's `body` claim is not base64url of a SHA-256.");
      if (!timingSafeEqual(await sha256(request.body), claimed))
        throw await bodyHashMismatch(claimed, request.body, diagnose);
      return { secretIndex, timestamp: (iat ?? nbf ?? 0) * 1000 };
    },
  };
}

/**
 * Produces `upstash-signature` as QStash does (padded base64url `body` claim, `jti` random), for
 * tests and simulators. `url` is required: it becomes `sub`.
 * @example
 * const headers = await createQStashSigner({ signingKey }).sign({ body, now: Date.now(), url });
 * @category Verification
 */
export function createQStashSigner(options: QStashSignerOptions): Signer {
  const [key] = deriveSecretKeys(
    toSecretList(options.signingKey, "signingKey"),
    "utf8",
    "signingKey",
  );
  const lifetime = options.lifetimeSeconds ?? 300;
  if (!Number.isSafeInteger(lifetime) || lifetime <= 0)
    throw new ConfigurationError("`lifetimeSeconds` must be a positive whole number of seconds.");
  return {
    scheme: "qstash",
    async sign(request) {
      if (request.url === undefined)
        throw new ConfigurationError(
          "`url` is required to sign for QStash: it is the `sub` claim.",
        );
      const now = Math.floor(request.now / 1000);
      const claims = {
        iss: QSTASH_ISSUER,
        sub: request.url,
        exp: now + lifetime,
        nbf: now,
        iat: now,
        jti: `jwt_${crypto.randomUUID().replaceAll("-", "")}`,
        body: `${encodeBase64Url(await sha256(request.body))}=`,
      };
      return { [QSTASH_SIGNATURE_HEADER]: await signHs256Jwt(key ?? new Uint8Array(), claims) };
    },
  };
}

function mismatch(message: string): SignatureVerificationError {
  return new SignatureVerificationError(ErrorCode.SIGNATURE_MISMATCH, message);
}

function malformed(message: string): SignatureVerificationError {
  return new SignatureVerificationError(ErrorCode.SIGNATURE_MALFORMED, message);
}
