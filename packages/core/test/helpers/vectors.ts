/**
 * Published signature vectors, typed, for table-driven verifier tests. The file is a copy of the
 * team's shared `vectors/published-signatures.json` (each vector names its public source), kept in
 * the repo so the tests never depend on a folder outside it.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { VerifyRequest } from "../../src/verify/signature-scheme.ts";

/** One vector as published; see the file's `fields` for meanings. */
export interface SignatureVector {
  readonly id: string;
  readonly scheme: string;
  readonly tier: "docs" | "sdk-test" | "sdk" | "sdk-verified" | "spec";
  readonly source: string;
  /** Secret as a user pastes it (asymmetric schemes: the public key). */
  readonly secret: string;
  readonly additionalSecrets?: readonly string[];
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Raw body, byte-exact as UTF-8. */
  readonly body: string;
  readonly url?: string;
  readonly method?: string;
  /** Unix seconds to verify at. */
  readonly now: number;
  /** Tolerance in seconds the SDK applied. */
  readonly tolerance?: number;
  /** The official SDK's verdict. */
  readonly expect: "valid" | "invalid";
  /** The provider docs' verdict where it differs from the SDK. */
  readonly docsExpect?: "valid" | "invalid";
  /** The SDK accepts this but a stricter verifier may reasonably reject it. */
  readonly strictMayReject?: boolean;
  readonly reason: string;
  readonly verifiedBy?: string;
  readonly sdkError?: string;
}

const fixturesDir = fileURLToPath(new URL("../fixtures/", import.meta.url));
/** Path of the vectors file. */
export const VECTORS_PATH: string = `${fixturesDir}published-signatures.json`;

let cache: readonly SignatureVector[] | undefined;

/** Every vector in the file. */
export function loadAllVectors(): readonly SignatureVector[] {
  cache ??= (
    JSON.parse(readFileSync(VECTORS_PATH, "utf8")) as {
      vectors: SignatureVector[];
    }
  ).vectors;
  return cache;
}

/** The vectors of one scheme; throws when there are none, so a table test can never pass vacuously. */
export function loadVectors(scheme: string): readonly SignatureVector[] {
  const vectors = loadAllVectors().filter((vector) => vector.scheme === scheme);
  if (vectors.length === 0)
    throw new Error(`No vectors for scheme "${scheme}" in ${VECTORS_PATH}.`);
  return vectors;
}

/** The verdict a docs-following verifier must give: `docsExpect` when present, else `expect`. */
export function expectedVerdict(vector: SignatureVector): "valid" | "invalid" {
  return vector.docsExpect ?? vector.expect;
}

/** Every configured secret of a vector (rotation included). */
export function vectorSecrets(vector: SignatureVector): string[] {
  return [vector.secret, ...(vector.additionalSecrets ?? [])];
}

/** The {@link VerifyRequest} a vector describes (POST unless it says otherwise). */
export function vectorRequest(vector: SignatureVector): VerifyRequest {
  return {
    method: vector.method ?? "POST",
    url: vector.url ?? "https://example.com/webhooks",
    headers: new Headers(vector.headers),
    body: new TextEncoder().encode(vector.body),
    now: vector.now * 1000,
  };
}
