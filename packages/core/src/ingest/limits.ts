import { PayloadTooLargeError, UnsupportedMediaTypeError } from "../errors.ts";

/** Default body limit: 1 MiB, larger than any provider's documented webhook size. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

/** Media types a source accepts unless it says otherwise. */
export const DEFAULT_MEDIA_TYPES: readonly string[] = ["application/json"];

/**
 * 415 unless the request's media type (parameters such as `charset` ignored) is one the source
 * accepts; `*\/*` accepts anything.
 */
export function assertMediaType(contentType: string | null, accepted: readonly string[]): void {
  if (contentType !== null && accepted.includes(contentType)) return;
  if (accepted.includes("*/*")) return;
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== undefined && mediaType !== "" && accepted.includes(mediaType)) return;
  throw new UnsupportedMediaTypeError(
    mediaType === undefined || mediaType === ""
      ? `Missing Content-Type; this endpoint accepts ${accepted.join(", ")}.`
      : `Unsupported Content-Type; this endpoint accepts ${accepted.join(", ")}.`,
  );
}

/**
 * 415 for a body sent with a `Content-Encoding` (gzip, br, ...) that hookwise would read still
 * encoded: it verifies and stores the exact bytes the sender signed and decodes none, so such a body
 * would otherwise fail as malformed JSON or a bad signature, which says nothing of the cause. Only
 * bodies hookwise reads itself are judged; one a framework read first may have been decoded.
 */
export function assertIdentityEncoding(contentEncoding: string | null): void {
  if (contentEncoding === null) return;
  for (const coding of contentEncoding.split(",")) {
    const name = coding.trim().toLowerCase();
    if (name !== "" && name !== "identity") {
      throw new UnsupportedMediaTypeError(
        "Content-Encoding is not supported on this endpoint; send the body unencoded.",
      );
    }
  }
}

/** 413 before reading anything when the declared `Content-Length` is already over the limit. */
export function assertDeclaredLength(contentLength: string | null, maxBytes: number): void {
  if (contentLength === null) return;
  const declared = Number(contentLength);
  if (Number.isFinite(declared) && declared > maxBytes) throw new PayloadTooLargeError(maxBytes);
}
