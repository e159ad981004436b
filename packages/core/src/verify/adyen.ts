/**
 * Adyen standard webhooks (payments): the body is `{ live, notificationItems: [{
 * NotificationRequestItem }] }` and each item carries its own signature in
 * `additionalData.hmacSignature`: base64 HMAC-SHA256, keyed with the hex-decoded HMAC key, of
 * `pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success`
 * (absent fields are empty). Every item of a request must verify. No timestamp is signed.
 * @see https://docs.adyen.com/development-resources/webhooks/secure-webhooks/verify-hmac-signatures/
 */
import { ConfigurationError, ErrorCode, SignatureVerificationError } from "../errors.ts";
import { fromUtf8 } from "../util/bytes.ts";
import { timingSafeEqual } from "./constant-time.ts";
import { diagnoseSignatureMismatch, signatureMismatchError } from "./diagnose.ts";
import { decodeBase64, decodeHex, encodeBase64 } from "./encoding.ts";
import { hmacDigestParts, hmacDigestPartsSync } from "./hmac.ts";
import { deriveSecretKeys, toSecretList } from "./secrets.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer, Verification } from "./signature-scheme.ts";

/**
 * Options of {@link createAdyenVerifier}.
 * @category Verification
 */
export interface AdyenVerifierOptions {
  /** The webhook's HMAC key, hex as shown in the Customer Area; several while rotating. */
  readonly hmacKey: SecretInput;
  /** After a mismatch, look for a likely cause (whitespace around the key). @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createAdyenSigner}.
 * @category Verification
 */
export interface AdyenSignerOptions {
  /** The hex HMAC key to sign with (the first one when several are given). */
  readonly hmacKey: SecretInput;
}

/**
 * A signer that writes each item's `additionalData.hmacSignature` into the body (Adyen signs
 * inside the payload, not in a header).
 * @category Verification
 */
export interface AdyenSigner extends Signer {
  /** The notification JSON with every item's `hmacSignature` set, as Adyen would send it. */
  signBody(notification: unknown): Promise<string>;
}

/**
 * Verifies every notification item's `hmacSignature` with any configured key (all items under
 * the same key). The signature must be canonical base64 of 32 bytes: the SDK's `Buffer` base64
 * decoding also accepts base64url, missing padding and stray characters.
 * @example
 * const verifier = createAdyenVerifier({ hmacKey: process.env.ADYEN_HMAC_KEY! });
 * @category Verification
 */
export function createAdyenVerifier(options: AdyenVerifierOptions): SignatureVerifier {
  const secrets = toSecretList(options.hmacKey, "hmacKey");
  const keys = deriveSecretKeys(secrets, decodeHexKey, "hmacKey");
  const diagnose = options.diagnose ?? true;
  return {
    scheme: "adyen",
    // Not `async`: on Node every item is checked synchronously, so the common path allocates no
    // promise chain per item (see bench/verify-cases-sdk-2.ts).
    verify(request) {
      try {
        const items = readItems(request.body);
        for (const [index, key] of keys.entries()) {
          const matched = allMatchSync(key, items);
          if (matched === undefined)
            return verifySlowly(keys, secrets, items, request.body, diagnose);
          if (matched) return Promise.resolve({ secretIndex: index } satisfies Verification);
        }
        return rejectMismatch(keys, secrets, items, request.body, diagnose);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
}

/**
 * Signs notification items the way Adyen does, for tests and simulators. `sign` returns no
 * headers (the signature is in the body); use `signBody`.
 * @example
 * const body = await createAdyenSigner({ hmacKey: "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056" }).signBody({ live: "false", notificationItems: [] });
 * @category Verification
 */
export function createAdyenSigner(options: AdyenSignerOptions): AdyenSigner {
  const [key] = deriveSecretKeys(
    toSecretList(options.hmacKey, "hmacKey").slice(0, 1),
    decodeHexKey,
    "hmacKey",
  );
  const keyBytes = key as Uint8Array;
  return {
    scheme: "adyen",
    sign: () => Promise.resolve({}),
    async signBody(notification) {
      const copy = structuredClone(notification) as { notificationItems?: unknown };
      if (!Array.isArray(copy.notificationItems))
        throw new ConfigurationError(
          "`notificationItems` must be an array of `{ NotificationRequestItem }`.",
        );
      for (const wrapper of copy.notificationItems as { NotificationRequestItem?: Item }[]) {
        const item = wrapper.NotificationRequestItem;
        if (item === undefined)
          throw new ConfigurationError("Each entry needs a `NotificationRequestItem`.");
        const digest = await hmacDigestParts("SHA-256", keyBytes, [adyenSignedData(item)]);
        item.additionalData = { ...item.additionalData, hmacSignature: encodeBase64(digest) };
      }
      return JSON.stringify(copy);
    },
  };
}

/**
 * The text Adyen signs for one notification item.
 * @internal
 */
export function adyenSignedData(item: Item): string {
  const amount = item.amount ?? {};
  return (
    [
      item.pspReference,
      item.originalReference,
      item.merchantAccountCode,
      item.merchantReference,
      amount.value,
      amount.currency,
      item.eventCode,
      item.success,
    ]
      // `String()` of whatever is there, exactly as the SDK's `Array.join` does (an object gives
      // "[object Object]" on both sides, so a malformed item cannot verify differently here).
      // eslint-disable-next-line @typescript-eslint/no-base-to-string
      .map((value) => (value === undefined || value === null ? "" : String(value)))
      .join(":")
  );
}

interface Item {
  pspReference?: unknown;
  originalReference?: unknown;
  merchantAccountCode?: unknown;
  merchantReference?: unknown;
  amount?: { value?: unknown; currency?: unknown };
  eventCode?: unknown;
  success?: unknown;
  additionalData?: Record<string, unknown>;
}

interface SignedItem {
  readonly data: string;
  readonly signature: Uint8Array;
}

function readItems(body: Uint8Array): SignedItem[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8(body));
  } catch {
    throw malformed(
      "The body is not JSON: an Adyen notification is a JSON object with `notificationItems`.",
    );
  }
  const list = (parsed as { notificationItems?: unknown } | null)?.notificationItems;
  if (!Array.isArray(list) || list.length === 0)
    throw malformed("The body has no `notificationItems`: not an Adyen standard notification.");
  return list.map((wrapper) => {
    const item = (wrapper as { NotificationRequestItem?: Item } | null)?.NotificationRequestItem;
    const text = item?.additionalData?.hmacSignature;
    if (item === undefined || typeof text !== "string" || text === "") {
      throw new SignatureVerificationError(
        ErrorCode.SIGNATURE_MISSING,
        "A notification item has no `additionalData.hmacSignature`: enable HMAC signing for this webhook in the Customer Area.",
      );
    }
    const signature = decodeBase64(text);
    if (signature?.length !== 32)
      throw malformed(
        "A notification item's `hmacSignature` is not base64 of a 32-byte HMAC-SHA256.",
      );
    return { data: adyenSignedData(item), signature };
  });
}

/** Whether every item verifies under `key`; `undefined` where `node:crypto` is unavailable. */
function allMatchSync(key: Uint8Array, items: readonly SignedItem[]): boolean | undefined {
  let all = true;
  for (const item of items) {
    const digest = hmacDigestPartsSync("SHA-256", key, [item.data]);
    if (digest === undefined) return undefined;
    all = timingSafeEqual(digest, item.signature) && all;
  }
  return all;
}

async function allMatch(key: Uint8Array, items: readonly SignedItem[]): Promise<boolean> {
  let all = true;
  for (const item of items)
    all =
      timingSafeEqual(await hmacDigestParts("SHA-256", key, [item.data]), item.signature) && all;
  return all;
}

/** The web crypto path: same checks, awaited. */
async function verifySlowly(
  keys: readonly Uint8Array[],
  secrets: readonly string[],
  items: readonly SignedItem[],
  body: Uint8Array,
  diagnose: boolean,
): Promise<Verification> {
  for (const [index, key] of keys.entries())
    if (await allMatch(key, items)) return { secretIndex: index };
  return rejectMismatch(keys, secrets, items, body, diagnose);
}

async function rejectMismatch(
  keys: readonly Uint8Array[],
  secrets: readonly string[],
  items: readonly SignedItem[],
  body: Uint8Array,
  diagnose: boolean,
): Promise<never> {
  if (!diagnose) throw signatureMismatchError();
  // The signed fields do not depend on the body's formatting, so only the key checks can explain it.
  const matches = (key: Uint8Array): Promise<boolean> => allMatch(key, items);
  const secretsInput = { values: secrets, encoding: decodeHexKey };
  throw signatureMismatchError(
    await diagnoseSignatureMismatch({ body, keys, matches, secrets: secretsInput }),
  );
}

function decodeHexKey(secret: string): Uint8Array | undefined {
  return decodeHex(secret);
}

function malformed(message: string): SignatureVerificationError {
  return new SignatureVerificationError(ErrorCode.SIGNATURE_MALFORMED, message);
}
