/**
 * Braintree webhooks: a form body with `bt_signature` and `bt_payload`. The payload is base64 of
 * the notification XML (line breaks allowed); the signature is `public_key|hex` pairs joined by
 * `&`, one per API key of the merchant, each an HMAC-SHA1 of the payload text keyed with the
 * SHA-1 digest of that key's private key. No timestamp is signed.
 * @see https://developer.paypal.com/braintree/docs/guides/webhooks/parse/node
 */
import { ConfigurationError, ErrorCode, SignatureVerificationError } from "../errors.ts";
import { utf8 } from "../util/bytes.ts";
import { nodeCrypto } from "../util/node-crypto.ts";
import { timingSafeEqual } from "./constant-time.ts";
import { diagnoseSignatureMismatch, signatureMismatchError } from "./diagnose.ts";
import { decodeHex, encodeBase64, encodeHex } from "./encoding.ts";
import { hmacDigestParts } from "./hmac.ts";
import type { SignatureVerifier, Signer, Verification } from "./signature-scheme.ts";

/**
 * One Braintree API key pair (Control Panel → Settings → API).
 * @category Verification
 */
export interface BraintreeKey {
  readonly publicKey: string;
  readonly privateKey: string;
}

/**
 * Options of {@link createBraintreeVerifier}.
 * @category Verification
 */
export interface BraintreeVerifierOptions {
  /** The API key pair, or several while rotating (`secretIndex` is the position of the one that matched). */
  readonly keys: BraintreeKey | readonly BraintreeKey[];
  /** After a mismatch, look for a likely cause (whitespace around a private key). @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createBraintreeSigner}.
 * @category Verification
 */
export interface BraintreeSignerOptions {
  /** Key pair(s) to sign with: one `public|hex` pair each, as Braintree sends one per API key. */
  readonly keys: BraintreeKey | readonly BraintreeKey[];
}

/**
 * A signer that produces the whole form body (Braintree signs inside it, not in a header).
 * @category Verification
 */
export interface BraintreeSigner extends Signer {
  /** `bt_signature=…&bt_payload=…` for this notification XML, form-encoded, as Braintree posts it. */
  signBody(xml: string): Promise<string>;
}

const PAYLOAD_CHARACTERS = /^[A-Za-z0-9+/=\n]+$/;
const SIGNATURE_HEX = /^[0-9a-f]{40}$/;

/**
 * Verifies `bt_signature` over `bt_payload`, with every pair for a configured public key. Like the
 * SDK it accepts a MAC of the payload with or without one trailing newline; unlike it, only
 * lower-case hex of exactly 20 bytes (the SDK's compare also passes trailing NUL characters).
 * @example
 * const verifier = createBraintreeVerifier({ keys: { publicKey, privateKey } });
 * @category Verification
 */
export function createBraintreeVerifier(options: BraintreeVerifierOptions): SignatureVerifier {
  const keys = keyList(options.keys);
  const secrets = keys.map((key) => key.privateKey);
  const macKeys = Promise.all(secrets.map((secret) => sha1(utf8(secret))));
  // Caught here so an unused failing promise is never "unhandled"; awaited again in verify.
  macKeys.catch(() => undefined);
  const diagnose = options.diagnose ?? true;
  return {
    scheme: "braintree",
    async verify(request): Promise<Verification> {
      const { signature, payload } = readForm(request.body);
      const pairs = signature.split("&").map((pair) => pair.split("|"));
      const derived = await macKeys;
      const check = async (key: Uint8Array, index: number): Promise<boolean> => {
        const publicKey = keys[index]?.publicKey;
        const candidates = pairs.filter((pair) => pair.length === 2 && pair[0] === publicKey);
        return matchesAny(
          key,
          payload,
          candidates.map((pair) => pair[1] ?? ""),
        );
      };
      for (const [secretIndex, key] of derived.entries())
        if (await check(key, secretIndex)) return { secretIndex };
      if (!keys.some((key) => pairs.some((pair) => pair[0] === key.publicKey))) {
        throw new SignatureVerificationError(
          ErrorCode.SIGNATURE_MISMATCH,
          "`bt_signature` holds no pair for a configured public key: configure the key pair of this merchant's API key.",
        );
      }
      if (!diagnose) throw signatureMismatchError();
      const matches = (key: Uint8Array): Promise<boolean> =>
        Promise.all(derived.map((_, index) => check(key, index))).then((all) => all.includes(true));
      const input = {
        body: request.body,
        keys: derived,
        matches,
        secrets: { values: secrets, encoding: sha1Sync },
      };
      throw signatureMismatchError(await diagnoseSignatureMismatch(input));
    },
  };
}

/**
 * Signs a notification as Braintree does, for tests and simulators. `sign` returns no headers
 * (the signature is in the body); use `signBody`.
 * @example
 * const body = await createBraintreeSigner({ keys }).signBody("<notification>…</notification>");
 * @category Verification
 */
export function createBraintreeSigner(options: BraintreeSignerOptions): BraintreeSigner {
  const keys = keyList(options.keys);
  return {
    scheme: "braintree",
    sign: () => Promise.resolve({}),
    async signBody(xml) {
      const payload = `${encodeBase64(utf8(xml))}\n`;
      const pairs = await Promise.all(
        keys.map(async ({ publicKey, privateKey }) => {
          const mac = await hmacDigestParts("SHA-1", await sha1(utf8(privateKey)), [payload]);
          return `${publicKey}|${encodeHex(mac)}`;
        }),
      );
      return new URLSearchParams({ bt_signature: pairs.join("&"), bt_payload: payload }).toString();
    },
  };
}

function keyList(input: BraintreeKey | readonly BraintreeKey[]): readonly BraintreeKey[] {
  const list: readonly unknown[] = Array.isArray(input) ? input : [input];
  if (list.length === 0)
    throw new ConfigurationError("`keys` is required: the merchant's API key pair(s).");
  for (const key of list) {
    const { publicKey, privateKey } = (key ?? {}) as Partial<BraintreeKey>;
    const valid = (value: unknown): boolean =>
      typeof value === "string" && /^[\x21-\x7e]+$/.test(value);
    if (
      !valid(publicKey) ||
      !valid(privateKey) ||
      publicKey?.includes("|") ||
      publicKey?.includes("&")
    ) {
      throw new ConfigurationError(
        "`keys` must hold `{ publicKey, privateKey }` pairs of printable ASCII without spaces (an environment variable may be unset or have a trailing newline).",
      );
    }
  }
  return list as readonly BraintreeKey[];
}

function readForm(body: Uint8Array): { signature: string; payload: string } {
  const form = new URLSearchParams(new TextDecoder().decode(body));
  const signatures = form.getAll("bt_signature");
  const payloads = form.getAll("bt_payload");
  if (signatures.length === 0 || signatures[0] === "") {
    throw new SignatureVerificationError(
      ErrorCode.SIGNATURE_MISSING,
      "The form has no `bt_signature`: the request is not a Braintree webhook (the body must be the raw form, not parsed).",
    );
  }
  if (signatures.length > 1 || payloads.length !== 1 || !PAYLOAD_CHARACTERS.test(payloads[0] ?? ""))
    throw new SignatureVerificationError(
      ErrorCode.SIGNATURE_MALFORMED,
      "The form needs exactly one `bt_signature` and one `bt_payload` of base64 text.",
    );
  return { signature: signatures[0] ?? "", payload: payloads[0] ?? "" };
}

async function matchesAny(
  key: Uint8Array,
  payload: string,
  hexes: readonly string[],
): Promise<boolean> {
  const signatures = hexes
    .filter((hex) => SIGNATURE_HEX.test(hex))
    .map((hex) => decodeHex(hex) ?? new Uint8Array());
  if (signatures.length === 0) return false;
  const macs = await Promise.all(
    [payload, `${payload}\n`].map((data) => hmacDigestParts("SHA-1", key, [data])),
  );
  let found = false;
  for (const mac of macs)
    for (const signature of signatures) found = timingSafeEqual(mac, signature) || found;
  return found;
}

async function sha1(data: Uint8Array): Promise<Uint8Array> {
  return (
    sha1Sync(data) ??
    new Uint8Array(await crypto.subtle.digest("SHA-1", data as Uint8Array<ArrayBuffer>))
  );
}

function sha1Sync(data: Uint8Array | string): Uint8Array | undefined {
  const digest = nodeCrypto
    ?.createHash("sha1")
    .update(typeof data === "string" ? utf8(data) : data)
    .digest();
  return digest === undefined ? undefined : new Uint8Array(digest);
}
