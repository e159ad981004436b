/**
 * Twilio: `X-Twilio-Signature` = base64 HMAC-SHA1(auth token, URL + sorted form parameters). JSON
 * callbacks sign the URL only and bind the body through a `bodySHA256` query parameter.
 * @see https://www.twilio.com/docs/usage/security
 */
import { ConfigurationError, ErrorCode, SignatureVerificationError } from "../errors.ts";
import { fromUtf8, utf8 } from "../util/bytes.ts";
import { timingSafeEqual } from "./constant-time.ts";
import { decodeBase64, decodeHex, encodeBase64, encodeHex } from "./encoding.ts";
import { hmacDigestParts } from "./hmac.ts";
import { ofLength, readSignatureHeader } from "./read-signature-header.ts";
import { compilePublicUrl, type PublicUrl } from "./public-url.ts";
import { toSecretList, type SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";
import { bodyHashParameter, twilioUrlCandidates } from "./twilio-url.ts";

/** Header carrying Twilio's signature. */
export const TWILIO_SIGNATURE_HEADER = "x-twilio-signature";

const SHA1_BYTES = 20;
const PROXY_HINT =
  "Twilio signs the public URL it requested (scheme, host, port, path and query); behind a proxy or tunnel set `publicUrl`.";

/**
 * Options of {@link createTwilioVerifier}.
 * @category Verification
 */
export interface TwilioVerifierOptions {
  /** Auth token; give the primary and the secondary while promoting a new one (any may match). */
  readonly secret: SecretInput;
  /**
   * The URL as Twilio requested it, when it differs from the one the server sees (proxies, tunnels).
   * @default the request URL
   */
  readonly publicUrl?: PublicUrl;
}

/**
 * Verifies `X-Twilio-Signature` (HMAC-SHA1, base64) over the public URL plus the form parameters
 * sorted by name, or, for JSON callbacks, over the URL carrying `bodySHA256` plus a check of that
 * hash. Like twilio-node, the URL is tried as received with and without the default port, then
 * normalised. Twilio signs no timestamp, so there is no replay window: deduplicate on
 * `I-Twilio-Idempotency-Token`.
 * @example
 * const verifier = createTwilioVerifier({ secret: process.env.TWILIO_AUTH_TOKEN!, publicUrl: "https://hooks.example.com" });
 * @category Verification
 */
export function createTwilioVerifier(options: TwilioVerifierOptions): SignatureVerifier {
  const keys = toSecretList(options.secret, "secret").map(utf8);
  const resolveUrl = compilePublicUrl(options.publicUrl);
  return {
    scheme: "twilio",
    async verify(request) {
      const signature = readSignatureHeader(
        request.headers,
        TWILIO_SIGNATURE_HEADER,
        ofLength(decodeBase64, SHA1_BYTES),
        "a base64 HMAC-SHA1",
      );
      const url = resolveUrl(request);
      const bodyHash = bodyHashParameter(url);
      const params = bodyHash === undefined ? formParameterString(request.body) : "";
      const secretIndex = await signingKeyIndex(keys, twilioUrlCandidates(url), params, signature);
      if (secretIndex === -1) {
        throw new SignatureVerificationError(
          ErrorCode.SIGNATURE_MISMATCH,
          "The `x-twilio-signature` header does not match.",
          {
            diagnosis: PROXY_HINT,
          },
        );
      }
      if (bodyHash !== undefined) await assertBodyHash(bodyHash, request.body);
      return { secretIndex };
    },
  };
}

/**
 * Options of {@link createTwilioSigner}.
 * @category Verification
 */
export interface TwilioSignerOptions {
  /** Auth token to sign with. */
  readonly secret: string;
}

/**
 * Signs the way Twilio does. `url` is required. For a JSON body, pass a URL made with
 * {@link withTwilioBodyHash} (Twilio adds `bodySHA256`); otherwise the body is read as form parameters.
 * @example
 * const url = await withTwilioBodyHash("https://hooks.example.com/twilio", body);
 * const headers = await createTwilioSigner({ secret }).sign({ body, url, now: Date.now() });
 * @category Verification
 */
export function createTwilioSigner(options: TwilioSignerOptions): Signer {
  const [secret] = toSecretList(options.secret, "secret");
  const key = utf8(secret ?? "");
  return {
    scheme: "twilio",
    async sign(request) {
      if (request.url === undefined)
        throw new ConfigurationError("Twilio signs the URL: pass `url` to `sign`.");
      const params =
        bodyHashParameter(request.url) === undefined ? formParameterString(request.body) : "";
      const mac = await hmacDigestParts("SHA-1", key, [request.url, params]);
      return { [TWILIO_SIGNATURE_HEADER]: encodeBase64(mac) };
    },
  };
}

/**
 * `url` with the `bodySHA256` query parameter Twilio adds to JSON callbacks (hex SHA-256 of `body`).
 * @example
 * await withTwilioBodyHash("https://hooks.example.com/twilio?x=1", body); // ...?x=1&bodySHA256=…
 * @category Verification
 */
export async function withTwilioBodyHash(url: string, body: Uint8Array): Promise<string> {
  const digest = encodeHex(await sha256(body));
  return `${url}${url.includes("?") ? "&" : "?"}bodySHA256=${digest}`;
}

/**
 * Twilio's parameter string: every decoded form parameter sorted by name and appended as
 * `name + value` with no delimiter; a repeated name contributes its distinct values, sorted
 * (twilio-node's rule).
 * @internal
 */
export function formParameterString(body: Uint8Array): string {
  if (body.length === 0) return "";
  const grouped = new Map<string, string[]>();
  // The leading `&` keeps URLSearchParams from dropping a leading `?`, which Node's querystring
  // (what twilio-node sees through Express) keeps as part of the first name.
  for (const [name, value] of new URLSearchParams(`&${fromUtf8(body)}`)) {
    const values = grouped.get(name);
    if (values === undefined) grouped.set(name, [value]);
    else values.push(value);
  }
  let out = "";
  for (const name of [...grouped.keys()].sort()) {
    const values = grouped.get(name) ?? [];
    const ordered = values.length === 1 ? values : [...new Set(values)].sort();
    for (const value of ordered) out += name + value;
  }
  return out;
}

/** Index of the first key that signed one of the URL candidates, `-1` for none. */
async function signingKeyIndex(
  keys: readonly Uint8Array[],
  urls: readonly string[],
  params: string,
  signature: Uint8Array,
): Promise<number> {
  let matched = -1;
  let index = 0;
  for (const key of keys) {
    for (const url of urls) {
      // No early exit: the work done does not depend on which candidate matched.
      const digest = await hmacDigestParts("SHA-1", key, [url, params]);
      if (timingSafeEqual(digest, signature) && matched === -1) matched = index;
    }
    index += 1;
  }
  return matched;
}

async function assertBodyHash(expectedHex: string, body: Uint8Array): Promise<void> {
  const expected = decodeHex(expectedHex);
  if (expected === undefined || !timingSafeEqual(await sha256(body), expected)) {
    throw new SignatureVerificationError(
      ErrorCode.SIGNATURE_MISMATCH,
      "The body does not match the `bodySHA256` parameter of the signed URL.",
      {
        diagnosis:
          "The body was changed after Twilio sent it (a proxy or framework re-serialised it?).",
      },
    );
  }
}

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
}
