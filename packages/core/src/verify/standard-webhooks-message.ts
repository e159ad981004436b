/**
 * Reading a Standard Webhooks request: which header family is used, the signed prefix
 * `${id}.${timestamp}.`, the timestamp check and the listed signature entries.
 */
import { ErrorCode, SignatureVerificationError } from "../errors.ts";
import { decodeBase64 } from "./encoding.ts";
import type { VerifyRequest } from "./signature-scheme.ts";
import { assertWithinTolerance, parseUnixSeconds } from "./timestamp.ts";
import type { TimestampTolerance } from "./timestamp.ts";

/**
 * A Standard Webhooks request as read from its headers.
 * @internal
 */
export interface Message {
  readonly header: string;
  readonly entries: readonly string[];
  /** `${id}.${timestamp}.`: the signed content before the body. */
  readonly signedPrefix: string;
  /** The signed `webhook-timestamp`, epoch milliseconds (already within tolerance). */
  readonly timestampMs: number;
}

/**
 * The three header names of one family (`webhook-*`, `svix-*`), built once per verifier.
 * @internal
 */
export interface HeaderFamily {
  readonly id: string;
  readonly timestamp: string;
  readonly signature: string;
}

/**
 * The header family of each prefix, lower-cased.
 * @internal
 */
export function headerFamilies(prefixes: readonly string[]): readonly HeaderFamily[] {
  return prefixes.map((prefix) => {
    const lower = prefix.toLowerCase();
    return { id: `${lower}-id`, timestamp: `${lower}-timestamp`, signature: `${lower}-signature` };
  });
}

/**
 * Finds the header family, checks the timestamp, and returns the entries and the signed prefix.
 * @internal
 */
export function readMessage(
  request: VerifyRequest,
  families: readonly HeaderFamily[],
  tolerance: TimestampTolerance,
): Message {
  let family: HeaderFamily | undefined;
  let signature: string | null = null;
  for (const candidate of families) {
    signature = request.headers.get(candidate.signature);
    if (signature !== null) {
      family = candidate;
      break;
    }
  }
  if (family === undefined || signature === null) {
    const names = families.map((candidate) => `\`${candidate.signature}\``).join(" or ");
    throw new SignatureVerificationError(
      ErrorCode.SIGNATURE_MISSING,
      `The ${names} header is missing: the request is not signed, or not by this sender.`,
    );
  }
  const id = request.headers.get(family.id);
  if (id === null || id === "") {
    throw new SignatureVerificationError(
      ErrorCode.SIGNATURE_MALFORMED,
      `The \`${family.id}\` header is missing; it is part of what is signed.`,
    );
  }
  const timestampText = request.headers.get(family.timestamp);
  const timestamp = parseUnixSeconds(timestampText);
  assertWithinTolerance(timestamp, request.now, tolerance);
  const signedPrefix = `${id}.${timestampText ?? ""}.`;
  return {
    header: family.signature,
    entries: signature.split(" "),
    signedPrefix,
    timestampMs: timestamp * 1000,
  };
}

/**
 * The error for a header with no readable entry of a configured kind.
 * @internal
 */
export function noSignatureError(
  header: string,
  v1: boolean,
  v1a: boolean,
): SignatureVerificationError {
  const wanted = [v1 ? "`v1,`" : "", v1a ? "`v1a,`" : ""].filter(Boolean).join(" or ");
  return new SignatureVerificationError(
    ErrorCode.SIGNATURE_MALFORMED,
    `The \`${header}\` header has no readable ${wanted} signature.`,
  );
}

/**
 * Decoded signatures of the entries labelled `label` with the expected byte length.
 * @internal
 */
export function decodeEntries(
  entries: readonly string[],
  label: string,
  length: number,
): Uint8Array[] {
  const decoded: Uint8Array[] = [];
  for (const entry of entries) {
    if (!entry.startsWith(label)) continue;
    const bytes = decodeBase64(entry.slice(label.length));
    if (bytes?.length === length) decoded.push(bytes);
  }
  return decoded;
}
