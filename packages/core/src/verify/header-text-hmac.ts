/**
 * An HMAC over header text followed by the raw body, for schemes whose signed header is not unix
 * digits (the generic HMAC engine parses those): Twitch signs `id + timestamp + body` with an
 * RFC 3339 timestamp, Zendesk `timestamp + body`. Same checks as the generic engine: every
 * configured secret, constant-time compares, length-checked decoding, the safe mismatch diagnosis.
 */
import { ErrorCode, SignatureVerificationError } from "../errors.ts";
import { utf8 } from "../util/bytes.ts";
import { timingSafeEqual } from "./constant-time.ts";
import { diagnoseSignatureMismatch, signatureMismatchError } from "./diagnose.ts";
import { decodeBase64, decodeHex, encodeBase64, encodeHex } from "./encoding.ts";
import { hmacDigestParts } from "./hmac.ts";
import { toSecretList, type SecretInput } from "./secrets.ts";

/**
 * How one header-text HMAC scheme is laid out.
 * @internal
 */
export interface HeaderTextHmacScheme {
  readonly secret: SecretInput;
  /** Header carrying the signature (lower-case). */
  readonly header: string;
  /** Label before the encoded signature, e.g. `sha256=`. */
  readonly prefix: string;
  readonly encoding: "hex" | "base64";
}

/**
 * A resolved {@link HeaderTextHmacScheme}: `verify` checks a signature over `text + body`.
 * @internal
 */
export interface HeaderTextHmac {
  /** Resolves with the index of the secret that signed; rejects 401 otherwise. */
  verify(headers: Headers, text: string, body: Uint8Array, diagnose: boolean): Promise<number>;
  /** The signature header value for `text + body` under the first secret. */
  sign(text: string, body: Uint8Array): Promise<string>;
}

const CODECS = {
  hex: { decode: decodeHex, encode: encodeHex },
  base64: { decode: decodeBase64, encode: encodeBase64 },
} as const;

/**
 * Resolves the scheme once (keys derived at setup).
 * @internal
 */
export function createHeaderTextHmac(scheme: HeaderTextHmacScheme): HeaderTextHmac {
  const secrets = toSecretList(scheme.secret, "secret");
  const keys = secrets.map(utf8);
  const codec = CODECS[scheme.encoding];
  const matches = async (key: Uint8Array, parts: (string | Uint8Array)[], signature: Uint8Array) =>
    timingSafeEqual(await hmacDigestParts("SHA-256", key, parts), signature);
  return {
    async verify(headers, text, body, diagnose) {
      const signature = readSignature(headers, scheme, codec.decode);
      let found = -1;
      let index = 0;
      for (const key of keys) {
        if ((await matches(key, [text, body], signature)) && found === -1) found = index;
        index += 1;
      }
      if (found !== -1) return found;
      if (!diagnose) throw signatureMismatchError();
      const diagnosis = await diagnoseSignatureMismatch({
        body,
        keys,
        secrets: { values: secrets, encoding: "utf8" },
        matches: (key, candidate) => matches(key, [text, candidate], signature),
      });
      throw signatureMismatchError(diagnosis);
    },
    async sign(text, body) {
      const [key = new Uint8Array(0)] = keys;
      return scheme.prefix + codec.encode(await hmacDigestParts("SHA-256", key, [text, body]));
    },
  };
}

function readSignature(
  headers: Headers,
  scheme: HeaderTextHmacScheme,
  decode: (text: string) => Uint8Array | undefined,
): Uint8Array {
  const value = headers.get(scheme.header);
  if (value === null || value === "") {
    throw new SignatureVerificationError(
      ErrorCode.SIGNATURE_MISSING,
      `The \`${scheme.header}\` header is missing: the request is not signed, or not by this sender.`,
    );
  }
  const bytes = value.startsWith(scheme.prefix)
    ? decode(value.slice(scheme.prefix.length))
    : undefined;
  if (bytes?.length !== 32) {
    throw new SignatureVerificationError(
      ErrorCode.SIGNATURE_MALFORMED,
      `The \`${scheme.header}\` header holds no signature in the expected format.`,
    );
  }
  return bytes;
}
