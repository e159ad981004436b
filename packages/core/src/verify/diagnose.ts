/**
 * Explains a signature mismatch when the cause can be told safely: after a mismatch only, the
 * verifier's own check is re-run against a few likely mistakes (body re-serialised by the host app,
 * whitespace around the secret, the `whsec_` prefix handled the other way). The answer names the
 * mistake, never a secret, a signature or a payload value.
 */
import { ErrorCode, SignatureVerificationError } from "../errors.ts";
import { fromUtf8, utf8 } from "../util/bytes.ts";
import {
  deriveSecretKey,
  stripWhsecPrefix,
  tryDecodeWhsecSecret,
  WHSEC_PREFIX,
} from "./secrets.ts";
import type { SecretEncoding } from "./secrets.ts";

/**
 * Bodies larger than this are not diagnosed at all: a mismatch on them costs what a match does. Real
 * mistakes (a body parser in front, a secret with a newline) show on small events just as well.
 * @category Verification
 */
export const DIAGNOSIS_MAX_BODY_BYTES: number = 64 * 1024;

/**
 * Body bytes this process may diagnose per second, all verifiers together (a token bucket; each
 * diagnosis costs its body size, at least 1 KiB). Past it, mismatches are answered undiagnosed, so an
 * unauthenticated flood cannot buy CPU with bad signatures.
 * @category Verification
 */
export const DIAGNOSIS_BYTES_PER_SECOND: number = 1024 * 1024;

/**
 * Diagnosis when the signature matches the body re-serialised as JSON.
 * @category Verification
 */
export const DIAGNOSIS_BODY_RESERIALIZED: string =
  "The signature matches this body re-serialised as JSON, so the bytes changed after signing: the host app most likely parsed the body (e.g. express.json()) before hookwise. Give hookwise the raw request bytes: mount it before any body parser, or use express.raw() on this route.";

/**
 * What a verifier hands to {@link diagnoseSignatureMismatch}.
 * @category Verification
 */
export interface MismatchDiagnosisInput {
  /** The received body. */
  readonly body: Uint8Array;
  /** Re-runs the verifier's check: true when a presented signature matches `body` under `key`. */
  readonly matches: (key: Uint8Array, body: Uint8Array) => Promise<boolean>;
  /** Key bytes of the configured secrets as the verifier derives them (public keys for asymmetric schemes). */
  readonly keys: readonly Uint8Array[];
  /** The configured secret strings and their encoding, for the secret checks; omit for public-key schemes. */
  readonly secrets?: { readonly values: readonly string[]; readonly encoding: SecretEncoding };
}

/**
 * Looks for a likely cause of a signature mismatch. Costs a handful of extra HMACs and at most one
 * `JSON.parse` of a body up to {@link DIAGNOSIS_MAX_BODY_BYTES}; larger bodies, and any past this
 * process's {@link DIAGNOSIS_BYTES_PER_SECOND}, are not diagnosed. Never throws; call it only after
 * a mismatch.
 * @returns a message safe to log and return, or `undefined` when no cause was found.
 * @category Verification
 */
export async function diagnoseSignatureMismatch(
  input: MismatchDiagnosisInput,
): Promise<string | undefined> {
  if (input.body.byteLength > DIAGNOSIS_MAX_BODY_BYTES || !budget.take(input.body.byteLength))
    return undefined;
  try {
    return await findCause(input);
  } catch {
    // A diagnosis is a courtesy: whatever it trips on (a body nested too deep to re-serialise, a
    // key the verifier cannot import), the answer stays the plain 401.
    return undefined;
  }
}

async function findCause(input: MismatchDiagnosisInput): Promise<string | undefined> {
  if (input.secrets !== undefined) {
    for (const secret of input.secrets.values) {
      for (const candidate of secretCandidates(secret, input.secrets.encoding)) {
        if (candidate.key !== undefined && (await input.matches(candidate.key, input.body)))
          return candidate.diagnosis;
      }
    }
  }
  for (const body of reserializedBodies(input.body)) {
    for (const key of input.keys) {
      if (await input.matches(key, body)) return DIAGNOSIS_BODY_RESERIALIZED;
    }
  }
  return undefined;
}

/**
 * The `SIGNATURE_MISMATCH` error every verifier throws, with an optional diagnosis.
 * @category Verification
 */
export function signatureMismatchError(diagnosis?: string): SignatureVerificationError {
  return new SignatureVerificationError(
    ErrorCode.SIGNATURE_MISMATCH,
    "The signature does not match the request body with any configured secret.",
    diagnosis === undefined ? {} : { diagnosis },
  );
}

interface Candidate {
  readonly key: Uint8Array | undefined;
  readonly diagnosis: string;
}

function secretCandidates(secret: string, encoding: SecretEncoding): Candidate[] {
  const candidates: Candidate[] = [];
  const trimmed = secret.trim();
  if (trimmed !== secret && trimmed.length > 0) {
    candidates.push({
      key: deriveSecretKey(trimmed, encoding),
      diagnosis:
        "The configured secret has leading or trailing whitespace (often a newline from an env file); the signature matches it trimmed. Remove the whitespace.",
    });
  }
  if (encoding === "utf8" && !trimmed.startsWith(WHSEC_PREFIX)) {
    candidates.push({
      key: utf8(WHSEC_PREFIX + trimmed),
      diagnosis:
        "The sender uses the whole secret including its `whsec_` prefix as the key (Stripe does); the configured secret lacks the prefix. Configure it exactly as shown by the provider.",
    });
  }
  if (encoding === "utf8" && trimmed.startsWith(WHSEC_PREFIX)) {
    candidates.push({
      key: tryDecodeWhsecSecret(trimmed),
      diagnosis:
        "The sender derives the key Standard Webhooks-style (base64-decoded bytes after `whsec_`), not from the whole string: use the Standard Webhooks verifier for this sender.",
    });
  }
  if (encoding === "whsec") {
    candidates.push(
      {
        key: utf8(trimmed),
        diagnosis:
          "The sender used the whole `whsec_…` string as the key (Stripe's rule); Standard Webhooks keys are the base64-decoded bytes after `whsec_`. Fix the sender, or verify it with its own scheme.",
      },
      {
        key: utf8(stripWhsecPrefix(trimmed)),
        diagnosis:
          "The sender used the base64 text after `whsec_` as the key without decoding it; Standard Webhooks keys are the decoded bytes. Fix the sender.",
      },
    );
  }
  return candidates;
}

/** The process-wide diagnosis budget: a token bucket of body bytes, refilled continuously. */
const budget = (() => {
  const minimumCost = 1024;
  let tokens = DIAGNOSIS_BYTES_PER_SECOND;
  let refilledAt = performance.now();
  return {
    take(bytes: number): boolean {
      const now = performance.now();
      tokens = Math.min(
        DIAGNOSIS_BYTES_PER_SECOND,
        tokens + ((now - refilledAt) / 1000) * DIAGNOSIS_BYTES_PER_SECOND,
      );
      refilledAt = now;
      const cost = Math.max(bytes, minimumCost);
      if (tokens < cost) return false;
      tokens -= cost;
      return true;
    },
  };
})();

function reserializedBodies(body: Uint8Array): Uint8Array[] {
  if (body.length === 0) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8(body));
  } catch {
    return [];
  }
  if (typeof parsed !== "object" || parsed === null) return [];
  const original = fromUtf8(body);
  const variants = [JSON.stringify(parsed), JSON.stringify(parsed, null, 2)];
  return variants.filter((text) => text !== original).map(utf8);
}
