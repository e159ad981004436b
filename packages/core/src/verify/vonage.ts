/**
 * Vonage signed webhooks (Messages, Dispatch, Voice): `Authorization: Bearer <JWT>`, HS256 with
 * the account's signature secret as UTF-8. Claims: `iat`, `jti`, `iss`, `api_key`,
 * `application_id` and `payload_hash`: hex SHA-256 of the raw body.
 * @see https://developer.vonage.com/en/getting-started/concepts/webhooks#validating-signed-webhooks
 */
import { ConfigurationError, ErrorCode, SignatureVerificationError } from "../errors.ts";
import { timingSafeEqual } from "./constant-time.ts";
import { decodeHex, encodeHex } from "./encoding.ts";
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
import { deriveSecretKeys, toSecretList } from "./secrets.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer, Verification } from "./signature-scheme.ts";
import { assertWithinTolerance, resolveTolerance } from "./timestamp.ts";
import type { TimestampTolerance } from "./timestamp.ts";

/**
 * Header carrying Vonage's JWT, as `Bearer <token>`.
 * @category Verification
 */
export const VONAGE_AUTHORIZATION_HEADER = "authorization";

/**
 * Accepted distance of `iat` from now: five minutes either way. `@vonage/jwt` checks no age (the
 * token carries no `exp`), so a captured request verifies there forever.
 * @category Verification
 */
export const DEFAULT_VONAGE_TOLERANCE: TimestampTolerance = Object.freeze({
  pastSeconds: 300,
  futureSeconds: 300,
});

/**
 * Options of {@link createVonageVerifier}.
 * @category Verification
 */
export interface VonageVerifierOptions {
  /** The signature secret (Dashboard → API settings → Signed webhooks); several while rotating. */
  readonly signatureSecret: SecretInput;
  /** Accepted distance of `iat` from now, seconds. @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance> | number;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createVonageSigner}.
 * @category Verification
 */
export interface VonageSignerOptions {
  /** The signature secret to sign with (the first one when several are given). */
  readonly signatureSecret: SecretInput;
  /** `api_key` claim. @default "hookwise-test" */
  readonly apiKey?: string;
  /** `application_id` claim, when set. */
  readonly applicationId?: string;
}

/**
 * Verifies the bearer JWT under any configured secret, then `iat` against the tolerance, `exp` /
 * `nbf` when present, and `payload_hash` against the body: the docs' two checks, of which
 * `@vonage/jwt`'s `verifySignature` makes only the first.
 * @example
 * const verifier = createVonageVerifier({ signatureSecret: process.env.VONAGE_SIGNATURE_SECRET! });
 * @category Verification
 */
export function createVonageVerifier(options: VonageVerifierOptions): SignatureVerifier {
  const secrets = toSecretList(options.signatureSecret, "signatureSecret");
  const keys = deriveSecretKeys(secrets, "utf8", "signatureSecret");
  const tolerance = resolveTolerance(options.tolerance, DEFAULT_VONAGE_TOLERANCE);
  const diagnose = options.diagnose ?? true;
  return {
    scheme: "vonage",
    async verify(request): Promise<Verification> {
      const jwt = parseHs256Jwt(readBearer(request.headers), "authorization");
      const secretIndex = await matchingKey(jwt, keys);
      if (secretIndex < 0) throw await tokenMismatch(jwt, keys, secrets, request.body, diagnose);
      const iat = numericDate(jwt.claims, "iat", true) ?? 0;
      assertWithinTolerance(iat, request.now, tolerance);
      const exp = numericDate(jwt.claims, "exp", false);
      const nbf = numericDate(jwt.claims, "nbf", false);
      // As jsonwebtoken (under @vonage/jwt) does when they are present: no slack.
      assertTokenWindow({ exp, nbf }, request.now, { pastSeconds: 0, futureSeconds: 0 });
      const hash = jwt.claims.payload_hash;
      const claimed = typeof hash === "string" ? decodeHex(hash) : undefined;
      if (claimed?.length !== 32) {
        throw new SignatureVerificationError(
          ErrorCode.SIGNATURE_MALFORMED,
          "The token has no `payload_hash` claim holding a hex SHA-256: the body is not bound to the signature.",
        );
      }
      if (!timingSafeEqual(await sha256(request.body), claimed))
        throw await bodyHashMismatch(claimed, request.body, diagnose);
      return { secretIndex, timestamp: iat * 1000 };
    },
  };
}

/**
 * Produces `authorization: Bearer <JWT>` as Vonage sends it, for tests and simulators.
 * @example
 * const headers = await createVonageSigner({ signatureSecret }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createVonageSigner(options: VonageSignerOptions): Signer {
  const secrets = toSecretList(options.signatureSecret, "signatureSecret").slice(0, 1);
  const [key] = deriveSecretKeys(secrets, "utf8", "signatureSecret");
  if (options.apiKey === "")
    throw new ConfigurationError("`apiKey` must be a non-empty string when given.");
  return {
    scheme: "vonage",
    async sign(request) {
      const claims = {
        iat: Math.floor(request.now / 1000),
        jti: crypto.randomUUID(),
        iss: "Vonage",
        payload_hash: encodeHex(await sha256(request.body)),
        api_key: options.apiKey ?? "hookwise-test",
        ...(options.applicationId === undefined ? {} : { application_id: options.applicationId }),
      };
      const token = await signHs256Jwt(key ?? new Uint8Array(), claims);
      return { [VONAGE_AUTHORIZATION_HEADER]: `Bearer ${token}` };
    },
  };
}

function readBearer(headers: Headers): string {
  const value = headers.get(VONAGE_AUTHORIZATION_HEADER);
  if (value === null || value === "") {
    throw new SignatureVerificationError(
      ErrorCode.SIGNATURE_MISSING,
      "The `authorization` header is missing: turn on signed webhooks for this application, or the request is not from Vonage.",
    );
  }
  const match = /^Bearer ([^\s]+)$/i.exec(value);
  if (match === null) {
    throw new SignatureVerificationError(
      ErrorCode.SIGNATURE_MALFORMED,
      "The `authorization` header is not `Bearer <JWT>`.",
    );
  }
  return match[1] ?? "";
}
