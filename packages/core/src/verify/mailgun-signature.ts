/**
 * Where Mailgun puts its signature: a `signature` object in JSON webhooks, or `timestamp`, `token`
 * and `signature` fields in legacy form posts.
 */
import { fromUtf8 } from "../util/bytes.ts";

/**
 * The signature block of a Mailgun webhook.
 * @category Verification
 */
export interface MailgunSignature {
  /** Unix seconds, as text. */
  readonly timestamp: string;
  /** Random 50-character string, unique per delivery: the idempotency key. */
  readonly token: string;
  /** Hex HMAC-SHA256 of `timestamp + token`. */
  readonly signature: string;
}

/**
 * Reads the signature block from a JSON body (`signature: {…}`) or a legacy form body, choosing by
 * media type (both are tried when it is absent). `undefined` when there is none.
 * @category Verification
 */
export function readMailgunSignature(
  body: Uint8Array,
  contentType: string | null,
): MailgunSignature | undefined {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  const text = fromUtf8(body);
  if (type === "application/x-www-form-urlencoded") return fromForm(text);
  if (type === "application/json") return fromJson(text);
  return fromJson(text) ?? fromForm(text);
}

function fromJson(text: string): MailgunSignature | undefined {
  try {
    const parsed = JSON.parse(text) as { signature?: unknown } | null;
    return asBlock(parsed?.signature);
  } catch {
    return undefined;
  }
}

function fromForm(text: string): MailgunSignature | undefined {
  const form = new URLSearchParams(text);
  return asBlock({
    timestamp: form.get("timestamp"),
    token: form.get("token"),
    signature: form.get("signature"),
  });
}

function asBlock(value: unknown): MailgunSignature | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { timestamp: rawTimestamp, token, signature } = value as Record<string, unknown>;
  // JSON webhooks send the timestamp as text; an integer is signed as its decimal digits.
  const timestamp = Number.isSafeInteger(rawTimestamp) ? String(rawTimestamp) : rawTimestamp;
  if (typeof timestamp !== "string" || typeof token !== "string" || typeof signature !== "string")
    return undefined;
  if (timestamp === "" || token === "" || signature === "") return undefined;
  return { timestamp, token, signature };
}
