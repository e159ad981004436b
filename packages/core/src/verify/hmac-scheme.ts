/**
 * The options of the generic HMAC scheme, resolved and validated once for both the verifier and
 * the signer.
 */
import { ConfigurationError } from "../errors.ts";
import {
  decodeBase64,
  decodeBase64Url,
  decodeHex,
  encodeBase64,
  encodeBase64Url,
  encodeHex,
} from "./encoding.ts";
import type { HmacAlgorithm, HmacParts } from "./hmac.ts";
import { deriveSecretKeys, toSecretList } from "./secrets.ts";
import type { SecretEncoding, SecretInput } from "./secrets.ts";
import { listSignatureFormat } from "./signature-header-format.ts";
import type { SignatureHeaderFormat } from "./signature-header-format.ts";
import { compileSignedContent } from "./signed-content.ts";
import type { SignedContent, SignedFields } from "./signed-content.ts";

/**
 * Text encoding of a signature in its header.
 * @category Verification
 */
export type SignatureEncoding = "hex" | "base64" | "base64url";

/**
 * Options shared by {@link createHmacVerifier} and {@link createHmacSigner}.
 * @category Verification
 */
export interface HmacSchemeOptions {
  /** The signing secret, or several while rotating (every one is tried; the signer uses all when the header holds several signatures, else the first). */
  readonly secret: SecretInput;
  /** Header carrying the signature, e.g. `x-hub-signature-256`. */
  readonly header: string;
  /** Hash function. @default "SHA-256" */
  readonly algorithm?: HmacAlgorithm;
  /** Encoding of the signature text. @default "hex" */
  readonly encoding?: SignatureEncoding;
  /** Label before each signature, e.g. `sha256=` or `v1,`. @default "" */
  readonly prefix?: string;
  /** Separator when the header lists several signatures, e.g. `" "`. @default undefined (one signature) */
  readonly separator?: string;
  /** A custom header layout (e.g. {@link keyValueSignatureFormat} for `t=…,v1=…`); replaces `prefix` and `separator`. */
  readonly format?: SignatureHeaderFormat;
  /** What is signed: a template over `{body}`, `{timestamp}`, `{id}`, `{url}`, `{method}`, or a function. @default "{body}" */
  readonly signedContent?: SignedContent;
  /** How a secret string becomes key bytes. @default "utf8" */
  readonly secretEncoding?: SecretEncoding;
  /** Header carrying the signed timestamp, when it is not inside the signature header. */
  readonly timestampHeader?: string;
  /** Unit of the signed timestamp. @default "seconds" */
  readonly timestampUnit?: "seconds" | "milliseconds";
  /** Header carrying the message id used by `{id}`. */
  readonly idHeader?: string;
  /** Scheme id reported by the verifier/signer. @default "hmac" */
  readonly scheme?: string;
  /**
   * Called only when the signature header is absent; a string returned replaces the
   * `SIGNATURE_MISSING` message (e.g. "only the legacy header is present: enable it"). Never put a
   * header value in it.
   * @default undefined
   */
  readonly missingSignatureHint?: (headers: Headers) => string | undefined;
}

/**
 * An {@link HmacSchemeOptions} with defaults applied, secrets decoded and the template compiled.
 * @internal
 */
export interface ResolvedHmacScheme {
  readonly id: string;
  readonly header: string;
  readonly algorithm: HmacAlgorithm;
  /** Length of a digest of `algorithm`, bytes: a signature of any other length is malformed. */
  readonly digestBytes: number;
  readonly format: SignatureHeaderFormat;
  readonly decode: (text: string) => Uint8Array | undefined;
  readonly encode: (bytes: Uint8Array) => string;
  readonly content: { readonly build: (fields: SignedFields) => HmacParts };
  readonly usesTimestamp: boolean;
  readonly usesId: boolean;
  readonly timestampHeader: string | undefined;
  readonly timestampUnit: "seconds" | "milliseconds";
  readonly idHeader: string | undefined;
  readonly secrets: readonly string[];
  readonly secretEncoding: SecretEncoding;
  readonly keys: readonly Uint8Array[];
  readonly missingSignatureHint: ((headers: Headers) => string | undefined) | undefined;
}

const DIGEST_BYTES: Readonly<Record<HmacAlgorithm, number>> = {
  "SHA-1": 20,
  "SHA-256": 32,
  "SHA-512": 64,
};

const CODECS = {
  hex: { decode: decodeHex, encode: encodeHex },
  base64: { decode: decodeBase64, encode: encodeBase64 },
  base64url: { decode: decodeBase64Url, encode: encodeBase64Url },
} as const;

/**
 * Validates and resolves the options.
 * @throws ConfigurationError naming the wrong option.
 * @internal
 */
export function resolveHmacScheme(options: HmacSchemeOptions): ResolvedHmacScheme {
  if (typeof options.header !== "string" || options.header === "")
    throw new ConfigurationError("`header` is required: the name of the signature header.");
  const secrets = toSecretList(options.secret, "secret");
  const secretEncoding = options.secretEncoding ?? "utf8";
  const encoding = options.encoding ?? "hex";
  const codec = CODECS[encoding] as (typeof CODECS)[SignatureEncoding] | undefined;
  if (codec === undefined)
    throw new ConfigurationError("`encoding` must be `hex`, `base64` or `base64url`.");
  const algorithm = options.algorithm ?? "SHA-256";
  if (!["SHA-1", "SHA-256", "SHA-512"].includes(algorithm))
    throw new ConfigurationError("`algorithm` must be `SHA-1`, `SHA-256` or `SHA-512`.");
  const content = compileSignedContent(options.signedContent ?? "{body}", "signedContent");
  const isFunction = typeof options.signedContent === "function";
  const usesTimestamp = isFunction ? options.timestampHeader !== undefined : content.usesTimestamp;
  const usesId = isFunction ? options.idHeader !== undefined : content.usesId;
  if (usesTimestamp && options.timestampHeader === undefined && options.format === undefined) {
    throw new ConfigurationError(
      "`signedContent` uses {timestamp}: set `timestampHeader` (or a `format` whose header carries it).",
    );
  }
  if (usesId && options.idHeader === undefined)
    throw new ConfigurationError("`signedContent` uses {id}: set `idHeader`.");
  return {
    id: options.scheme ?? "hmac",
    header: options.header.toLowerCase(),
    algorithm,
    digestBytes: DIGEST_BYTES[algorithm],
    format:
      options.format ??
      listSignatureFormat({ prefix: options.prefix ?? "", separator: options.separator }),
    ...codec,
    content,
    usesTimestamp,
    usesId,
    timestampHeader: options.timestampHeader?.toLowerCase(),
    timestampUnit: options.timestampUnit ?? "seconds",
    idHeader: options.idHeader?.toLowerCase(),
    secrets,
    secretEncoding,
    keys: deriveSecretKeys(secrets, secretEncoding, "secret"),
    missingSignatureHint: options.missingSignatureHint,
  };
}
