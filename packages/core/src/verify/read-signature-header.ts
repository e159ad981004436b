/**
 * Reading a single-signature header the same way in every standalone verifier: missing and
 * malformed are told apart, and the message names the header, never its value.
 */
import { ErrorCode, SignatureVerificationError } from "../errors.ts";

/**
 * The decoded signature in header `name`.
 * @throws SignatureVerificationError `SIGNATURE_MISSING` when absent or empty, `SIGNATURE_MALFORMED`
 * when `decode` returns `undefined` (wrong encoding or length); `expected` describes the format.
 * @internal
 */
export function readSignatureHeader(
  headers: Headers,
  name: string,
  decode: (text: string) => Uint8Array | undefined,
  expected: string,
): Uint8Array {
  const value = headers.get(name);
  if (value === null || value === "") {
    throw new SignatureVerificationError(
      ErrorCode.SIGNATURE_MISSING,
      `The \`${name}\` header is missing.`,
    );
  }
  const signature = decode(value);
  if (signature === undefined) {
    throw new SignatureVerificationError(
      ErrorCode.SIGNATURE_MALFORMED,
      `The \`${name}\` header is not ${expected}.`,
    );
  }
  return signature;
}

/**
 * A decoder that also requires an exact byte length.
 * @internal
 */
export function ofLength(
  decode: (text: string) => Uint8Array | undefined,
  bytes: number,
): (text: string) => Uint8Array | undefined {
  return (text) => {
    const decoded = decode(text);
    return decoded?.length === bytes ? decoded : undefined;
  };
}
