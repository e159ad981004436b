/**
 * Webhooks signed as a compact JWT with HS256 (RFC 7515 / 7519: Upstash QStash, Vonage), checked
 * without a JWT library: the token is parsed strictly, its MAC computed with the HMAC engine of
 * hmac.ts and compared in constant time. Only `alg: "HS256"` is accepted: no `none`, no other
 * HMAC size, no `crit` extensions (which a verifier that does not know them must reject).
 */
import { ErrorCode, SignatureVerificationError } from "../errors.ts";
import { fromUtf8, utf8 } from "../util/bytes.ts";
import { nodeCrypto } from "../util/node-crypto.ts";
import { timingSafeEqual } from "./constant-time.ts";
import { diagnoseSignatureMismatch, signatureMismatchError } from "./diagnose.ts";
import { decodeBase64Url, encodeBase64Url } from "./encoding.ts";
import { hmacDigestParts, hmacDigestPartsSync } from "./hmac.ts";
import type { TimestampTolerance } from "./timestamp.ts";

/**
 * A parsed, not yet verified, compact JWS.
 * @internal
 */
export interface Hs256Jwt {
  /** `<header>.<payload>` as received: what the MAC covers. */
  readonly signingInput: string;
  readonly signature: Uint8Array;
  readonly claims: Readonly<Record<string, unknown>>;
}

const COMPACT_JWS = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;

/**
 * Parses `token` as an HS256 compact JWS; `where` names the header in messages.
 * @throws SignatureVerificationError `SIGNATURE_MALFORMED` on anything but three canonical
 *   base64url parts, a JSON header with `alg: "HS256"` and no `crit`, JSON object claims and a 32-byte MAC.
 * @internal
 */
export function parseHs256Jwt(token: string, where: string): Hs256Jwt {
  const parts = COMPACT_JWS.exec(token);
  const header = parts === null ? undefined : jsonObject(parts[1] ?? "");
  const claims = parts === null ? undefined : jsonObject(parts[2] ?? "");
  const signature = parts === null ? undefined : decodeBase64Url(parts[3] ?? "");
  if (header === undefined || claims === undefined || signature?.length !== 32)
    throw malformed(
      `\`${where}\` is not a compact JWT (three base64url parts, JSON header and claims).`,
    );
  if (header.alg !== "HS256" || "crit" in header)
    throw malformed(`\`${where}\` is not signed with HS256, the only algorithm this scheme uses.`);
  return { signingInput: `${parts?.[1] ?? ""}.${parts?.[2] ?? ""}`, signature, claims };
}

/**
 * Index of the first key whose HMAC-SHA256 of the signing input equals the token's MAC, else -1.
 * @internal
 */
export async function matchingKey(jwt: Hs256Jwt, keys: readonly Uint8Array[]): Promise<number> {
  for (const [index, key] of keys.entries()) if (await macMatches(jwt, key)) return index;
  return -1;
}

/**
 * A compact HS256 JWT of `claims` under `key` (header `{"alg":"HS256","typ":"JWT"}`).
 * @internal
 */
export async function signHs256Jwt(key: Uint8Array, claims: object): Promise<string> {
  const header = encodeBase64Url(utf8(JSON.stringify({ alg: "HS256", typ: "JWT" })));
  const input = `${header}.${encodeBase64Url(utf8(JSON.stringify(claims)))}`;
  return `${input}.${encodeBase64Url(await hmacDigestParts("SHA-256", key, [input]))}`;
}

/**
 * A NumericDate claim (whole seconds); `undefined` when absent and not `required`.
 * @throws SignatureVerificationError `TIMESTAMP_INVALID` when required and absent, or not a whole number.
 * @internal
 */
export function numericDate(
  claims: Hs256Jwt["claims"],
  name: string,
  required: boolean,
): number | undefined {
  const value = claims[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new SignatureVerificationError(
      ErrorCode.TIMESTAMP_INVALID,
      `The token's \`${name}\` claim is ${value === undefined ? "missing" : "not a whole number of seconds"}.`,
    );
  }
  return value;
}

/**
 * Rejects a token past `exp` (exclusive, as jose and jsonwebtoken do) or before `nbf`, allowing
 * `tolerance.pastSeconds` after the one and `tolerance.futureSeconds` before the other for clock skew.
 * @internal
 */
export function assertTokenWindow(
  window: { readonly exp: number | undefined; readonly nbf: number | undefined },
  nowMs: number,
  tolerance: TimestampTolerance,
): void {
  const now = Math.floor(nowMs / 1000);
  if (window.exp !== undefined && now - tolerance.pastSeconds >= window.exp)
    throw outOfTolerance(
      "The token has expired (`exp` passed): a replayed or long-delayed request, or a receiver clock running ahead.",
    );
  if (window.nbf !== undefined && window.nbf > now + tolerance.futureSeconds)
    throw outOfTolerance(
      "The token is not valid yet (`nbf` ahead of now): check the clocks of sender and receiver.",
    );
}

/**
 * SHA-256 of `data`: `node:crypto` where available, web crypto elsewhere.
 * @internal
 */
export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  const digest = nodeCrypto?.createHash("sha256").update(data).digest();
  if (digest !== undefined) return new Uint8Array(digest);
  return new Uint8Array(await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
}

/**
 * The mismatch error when no key produced the token's MAC, diagnosed (whitespace around a key) when asked.
 * @internal
 */
export async function tokenMismatch(
  jwt: Hs256Jwt,
  keys: readonly Uint8Array[],
  secrets: readonly string[],
  body: Uint8Array,
  diagnose: boolean,
): Promise<SignatureVerificationError> {
  if (!diagnose) return signatureMismatchError();
  const matches = (key: Uint8Array): Promise<boolean> => macMatches(jwt, key);
  const secretsInput = { values: secrets, encoding: "utf8" as const };
  return signatureMismatchError(
    await diagnoseSignatureMismatch({ body, keys, matches, secrets: secretsInput }),
  );
}

/**
 * The mismatch error when the token verified but the body's SHA-256 is not the claimed one; the
 * diagnosis tells when the claim matches the body re-serialised as JSON (a body parser ran first).
 * @internal
 */
export async function bodyHashMismatch(
  claimed: Uint8Array,
  body: Uint8Array,
  diagnose: boolean,
): Promise<SignatureVerificationError> {
  if (!diagnose) return signatureMismatchError();
  const matches = async (_key: Uint8Array, candidate: Uint8Array): Promise<boolean> =>
    timingSafeEqual(await sha256(candidate), claimed);
  return signatureMismatchError(
    await diagnoseSignatureMismatch({ body, keys: [claimed], matches }),
  );
}

async function macMatches(jwt: Hs256Jwt, key: Uint8Array): Promise<boolean> {
  const parts = [jwt.signingInput];
  const mac =
    hmacDigestPartsSync("SHA-256", key, parts) ?? (await hmacDigestParts("SHA-256", key, parts));
  return timingSafeEqual(mac, jwt.signature);
}

function jsonObject(part: string): Record<string, unknown> | undefined {
  const bytes = decodeBase64Url(part);
  if (bytes === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(fromUtf8(bytes));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function malformed(message: string): SignatureVerificationError {
  return new SignatureVerificationError(ErrorCode.SIGNATURE_MALFORMED, message);
}

function outOfTolerance(message: string): SignatureVerificationError {
  return new SignatureVerificationError(ErrorCode.TIMESTAMP_OUT_OF_TOLERANCE, message);
}
