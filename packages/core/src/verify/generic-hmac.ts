/**
 * The generic HMAC scheme: one parameterised verifier and signer that most providers are thin
 * instances of (header, algorithm, encoding, label, what is signed, timestamp, rotation).
 */
import { ConfigurationError, ErrorCode, SignatureVerificationError } from "../errors.ts";
import type { SignatureVerifier, Signer, Verification, VerifyRequest } from "./signature-scheme.ts";
import { timingSafeEqual } from "./constant-time.ts";
import { diagnoseSignatureMismatch, signatureMismatchError } from "./diagnose.ts";
import { hmacDigestParts, hmacDigestPartsSync } from "./hmac.ts";
import { resolveHmacScheme } from "./hmac-scheme.ts";
import type { HmacSchemeOptions, ResolvedHmacScheme } from "./hmac-scheme.ts";
import type { HmacParts } from "./hmac.ts";
import type { SignedFields } from "./signed-content.ts";
import {
  assertWithinTolerance,
  assertWithinToleranceMs,
  DEFAULT_TOLERANCE,
  parseUnixMilliseconds,
  parseUnixSeconds,
  resolveTolerance,
} from "./timestamp.ts";
import type { TimestampTolerance } from "./timestamp.ts";

/**
 * Options of {@link createHmacVerifier}.
 * @category Verification
 */
export interface HmacVerifierOptions extends HmacSchemeOptions {
  /** Accepted distance of the signed timestamp from now; a number sets both directions, in seconds. @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance> | number;
  /** After a mismatch, look for a likely cause, such as a body re-serialised by a parser (a few more HMACs, only then). @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createHmacSigner}.
 * @category Verification
 */
export type HmacSignerOptions = HmacSchemeOptions;

/**
 * Verifies an HMAC signature scheme described by options. Resolves with the index of the secret
 * that matched and, when the scheme signs a timestamp, that timestamp in epoch milliseconds.
 * @example
 * const verifier = createHmacVerifier({ secret, header: "x-newstore-signature", prefix: "sha256=" });
 * @category Verification
 */
export function createHmacVerifier(options: HmacVerifierOptions): SignatureVerifier {
  const scheme = resolveHmacScheme(options);
  const tolerance = resolveTolerance(options.tolerance, DEFAULT_TOLERANCE);
  const diagnose = options.diagnose ?? true;
  const verifiedByKey = settledPerKey(scheme.keys.length);
  return {
    scheme: scheme.id,
    // Not `async`: on the common path (Node, first key matches) nothing is awaited, and without a
    // timestamp a shared settled promise per key is returned, saving a promise allocation per
    // request (see bench/verify.bench.ts); with one, only the small result object is new.
    verify(request) {
      try {
        const signatures = readSignatures(scheme, request);
        const fields = readFields(scheme, request, tolerance, signatures.timestamp);
        const parts = scheme.content.build(fields);
        let index = 0;
        for (const key of scheme.keys) {
          const digest = hmacDigestPartsSync(scheme.algorithm, key, parts);
          if (digest === undefined)
            return verifyAsync(scheme, parts, fields, signatures.decoded, diagnose);
          if (matchesAny(digest, signatures.decoded)) {
            return scheme.usesTimestamp
              ? Promise.resolve(verificationOf(scheme, index, fields.timestamp))
              : (verifiedByKey[index] as Promise<Verification>);
          }
          index += 1;
        }
        return rejectMismatch(scheme, fields, signatures.decoded, diagnose);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
}

/**
 * Signs requests the way {@link createHmacVerifier} with the same options verifies them.
 * @example
 * const headers = await createHmacSigner({ secret, header: "x-signature" }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createHmacSigner(options: HmacSignerOptions): Signer {
  const scheme = resolveHmacScheme(options);
  const multiple = options.format !== undefined || options.separator !== undefined;
  const keys = multiple ? scheme.keys : scheme.keys.slice(0, 1);
  return {
    scheme: scheme.id,
    async sign(request) {
      if (scheme.usesId && request.id === undefined)
        throw new ConfigurationError("`id` is required to sign with this scheme.");
      const timestamp = String(
        scheme.timestampUnit === "seconds"
          ? Math.floor(request.now / 1000)
          : Math.floor(request.now),
      );
      const id = request.id ?? "";
      const fields = {
        body: request.body,
        timestamp,
        id,
        url: request.url ?? "",
        method: request.method ?? "POST",
      };
      const parts = scheme.content.build(fields);
      const signatures = await Promise.all(
        keys.map(async (key) => scheme.encode(await hmacDigestParts(scheme.algorithm, key, parts))),
      );
      const headers: Record<string, string> = {
        [scheme.header]: scheme.format.format(
          signatures,
          scheme.usesTimestamp ? timestamp : undefined,
        ),
      };
      if (scheme.timestampHeader !== undefined) headers[scheme.timestampHeader] = timestamp;
      if (scheme.idHeader !== undefined && request.id !== undefined)
        headers[scheme.idHeader] = request.id;
      return headers;
    },
  };
}

function readSignatures(
  scheme: ResolvedHmacScheme,
  request: VerifyRequest,
): { decoded: Uint8Array[]; timestamp: string | undefined } {
  const value = request.headers.get(scheme.header);
  if (value === null || value === "") {
    throw new SignatureVerificationError(
      ErrorCode.SIGNATURE_MISSING,
      scheme.missingSignatureHint?.(request.headers) ??
        `The \`${scheme.header}\` header is missing: the request is not signed, or not by this sender.`,
    );
  }
  const parsed = scheme.format.parse(value);
  const decoded: Uint8Array[] = [];
  for (const text of parsed.signatures) {
    const bytes = scheme.decode(text);
    if (bytes?.length === scheme.digestBytes) decoded.push(bytes);
  }
  if (decoded.length === 0) {
    throw new SignatureVerificationError(
      ErrorCode.SIGNATURE_MALFORMED,
      `The \`${scheme.header}\` header holds no signature in the expected format.`,
    );
  }
  return { decoded, timestamp: parsed.timestamp };
}

function readFields(
  scheme: ResolvedHmacScheme,
  request: VerifyRequest,
  tolerance: TimestampTolerance,
  inHeader: string | undefined,
): SignedFields {
  const timestamp =
    inHeader ??
    (scheme.timestampHeader === undefined ? null : request.headers.get(scheme.timestampHeader));
  if (scheme.usesTimestamp || timestamp !== null) {
    if (scheme.timestampUnit === "seconds")
      assertWithinTolerance(parseUnixSeconds(timestamp), request.now, tolerance);
    else assertWithinToleranceMs(parseUnixMilliseconds(timestamp), request.now, tolerance);
  }
  const id = scheme.idHeader === undefined ? null : request.headers.get(scheme.idHeader);
  if (scheme.usesId && (id === null || id === "")) {
    throw new SignatureVerificationError(
      ErrorCode.SIGNATURE_MALFORMED,
      `The \`${scheme.idHeader ?? "id"}\` header is missing; it is part of what is signed.`,
    );
  }
  return {
    body: request.body,
    timestamp: timestamp ?? "",
    id: id ?? "",
    url: request.url,
    method: request.method,
  };
}

/** One settled `{ secretIndex }` per key, built once: what a scheme without a timestamp answers. */
function settledPerKey(count: number): readonly Promise<Verification>[] {
  return Array.from({ length: count }, (_, secretIndex) =>
    Promise.resolve(Object.freeze({ secretIndex })),
  );
}

/** The verification of a match under key `index`; `timestamp` is the header text, already checked. */
function verificationOf(
  scheme: ResolvedHmacScheme,
  index: number,
  timestamp: string,
): Verification {
  if (!scheme.usesTimestamp) return { secretIndex: index };
  const value = Number(timestamp);
  return {
    secretIndex: index,
    timestamp: scheme.timestampUnit === "seconds" ? value * 1000 : value,
  };
}

/** The web crypto path (no `node:crypto`): same checks, awaited. */
async function verifyAsync(
  scheme: ResolvedHmacScheme,
  parts: HmacParts,
  fields: SignedFields,
  signatures: readonly Uint8Array[],
  diagnose: boolean,
): Promise<Verification> {
  let index = 0;
  for (const key of scheme.keys) {
    if (matchesAny(await hmacDigestParts(scheme.algorithm, key, parts), signatures))
      return verificationOf(scheme, index, fields.timestamp);
    index += 1;
  }
  return rejectMismatch(scheme, fields, signatures, diagnose);
}

async function rejectMismatch(
  scheme: ResolvedHmacScheme,
  fields: SignedFields,
  signatures: readonly Uint8Array[],
  diagnose: boolean,
): Promise<never> {
  throw diagnose ? await diagnosedMismatch(scheme, fields, signatures) : signatureMismatchError();
}

async function diagnosedMismatch(
  scheme: ResolvedHmacScheme,
  fields: SignedFields,
  signatures: readonly Uint8Array[],
): Promise<SignatureVerificationError> {
  const matches = async (key: Uint8Array, body: Uint8Array): Promise<boolean> => {
    const parts = scheme.content.build({ ...fields, body });
    return matchesAny(await hmacDigestParts(scheme.algorithm, key, parts), signatures);
  };
  const secrets = { values: scheme.secrets, encoding: scheme.secretEncoding };
  const input = { body: fields.body, matches, keys: scheme.keys, secrets };
  return signatureMismatchError(await diagnoseSignatureMismatch(input));
}

function matchesAny(digest: Uint8Array, signatures: readonly Uint8Array[]): boolean {
  let found = false;
  // Every candidate is compared (no early exit) so timing does not reveal which entry matched.
  for (const signature of signatures) found = timingSafeEqual(digest, signature) || found;
  return found;
}
