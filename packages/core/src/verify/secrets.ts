/**
 * Configured secrets: one string, or several during a rotation (every one is tried), and the
 * `whsec_` format of Standard Webhooks / Svix (base64 key bytes after the prefix).
 */
import { ConfigurationError } from "../errors.ts";
import { utf8 } from "../util/bytes.ts";
import { decodeBase64 } from "./encoding.ts";

/**
 * A secret, or several while rotating: a request verifies if any of them signed it.
 * @example
 * secret: [process.env.NEW_SECRET!, process.env.OLD_SECRET!]
 * @category Verification
 */
export type SecretInput = string | readonly string[];

/**
 * How a secret string becomes HMAC key bytes: `utf8` (the string itself: GitHub, Stripe, Slack...),
 * `base64` (decoded), `whsec` (base64 after an optional `whsec_` prefix: Standard Webhooks, Svix),
 * or a function for anything else (return `undefined` when the secret is unusable).
 * @category Verification
 */
export type SecretEncoding =
  "utf8" | "base64" | "whsec" | ((secret: string) => Uint8Array | undefined);

/**
 * Prefix of Standard Webhooks, Svix and Stripe secrets (which do not derive the key the same way).
 * @category Verification
 */
export const WHSEC_PREFIX = "whsec_";

/**
 * Normalises a `secret` option to a non-empty list of non-empty strings.
 * @throws ConfigurationError naming `optionName` when the option is missing or empty.
 * @category Verification
 */
export function toSecretList(
  input: SecretInput | undefined,
  optionName: string,
): readonly string[] {
  const list: readonly unknown[] =
    typeof input === "string" ? [input] : Array.isArray(input) ? input : [];
  if (list.length === 0) {
    throw new ConfigurationError(
      `\`${optionName}\` is required: give the signing secret, or an array of secrets while rotating.`,
    );
  }
  for (const secret of list) {
    if (typeof secret !== "string" || secret.length === 0) {
      throw new ConfigurationError(
        `\`${optionName}\` must contain only non-empty strings (an environment variable may be unset).`,
      );
    }
  }
  return Object.freeze([...(list as string[])]);
}

/**
 * Removes a leading `whsec_` if present.
 * @category Verification
 */
export function stripWhsecPrefix(secret: string): string {
  return secret.startsWith(WHSEC_PREFIX) ? secret.slice(WHSEC_PREFIX.length) : secret;
}

/**
 * The HMAC key of a Standard Webhooks / Svix secret: base64-decoded bytes after the optional
 * `whsec_` prefix (padding optional), or `undefined` when that is not base64.
 * @category Verification
 */
export function tryDecodeWhsecSecret(secret: string): Uint8Array | undefined {
  const body = stripWhsecPrefix(secret);
  const padded = body.length % 4 === 0 ? body : body + "=".repeat(4 - (body.length % 4));
  const key = decodeBase64(padded);
  return key === undefined || key.length === 0 ? undefined : key;
}

/**
 * Like {@link tryDecodeWhsecSecret}, for configuration: throws a `ConfigurationError` naming the option.
 * @category Verification
 */
export function decodeWhsecSecret(secret: string, optionName: string): Uint8Array {
  const key = tryDecodeWhsecSecret(secret);
  if (key !== undefined) return key;
  const hint = secret.trim() === secret ? "" : " It has leading or trailing whitespace; remove it.";
  throw new ConfigurationError(
    `\`${optionName}\` is not a Standard Webhooks secret: expected \`whsec_\` followed by base64 key bytes.${hint}`,
  );
}

/**
 * Key bytes of one secret under `encoding`, or `undefined` when the secret cannot be decoded.
 * @category Verification
 */
export function deriveSecretKey(secret: string, encoding: SecretEncoding): Uint8Array | undefined {
  if (typeof encoding === "function") return encoding(secret);
  if (encoding === "utf8") return utf8(secret);
  if (encoding === "base64") return decodeBase64(secret);
  return tryDecodeWhsecSecret(secret);
}

/**
 * Key bytes of every configured secret, derived once at setup.
 * @throws ConfigurationError naming `optionName` when a secret cannot be decoded.
 * @category Verification
 */
export function deriveSecretKeys(
  secrets: readonly string[],
  encoding: SecretEncoding,
  optionName: string,
): readonly Uint8Array[] {
  return secrets.map((secret) => {
    if (encoding === "whsec") return decodeWhsecSecret(secret, optionName);
    const key = deriveSecretKey(secret, encoding);
    if (key === undefined || key.length === 0) {
      const expected = encoding === "base64" ? "padded standard base64" : "a usable secret";
      throw new ConfigurationError(
        `\`${optionName}\` could not be turned into a key: expected ${expected}.`,
      );
    }
    return key;
  });
}
