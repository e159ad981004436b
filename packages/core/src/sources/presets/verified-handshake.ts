import { toHex } from "../../util/bytes.ts";
import type { SignatureVerifier, VerifyRequest } from "../../verify/signature-scheme.ts";
import type { HandshakeResponse } from "../source.ts";

/** Handshake bodies are tiny; a larger body is never a handshake, so it is never remembered. */
const MAX_HANDSHAKE_BODY_BYTES = 4096;
/** Answers prepared but not yet taken; the oldest is dropped past this many. */
const MAX_PENDING_ANSWERS = 256;

/**
 * Ties a provider handshake (Zoom's URL validation, Discord's PING) to verification: the wrapped
 * verifier prepares the answer only after it accepted the exact bytes, and `answer` hands out an
 * answer only for bytes that were verified. The answer is prepared inside `verify` because only
 * there is the verified request at hand (its clock time, and for Zoom which of several rotating
 * secrets signed it, which keys the answer); `Source.handshake` sees the payload alone. An unsigned
 * or wrongly signed handshake therefore never gets an answer, whatever order a caller uses.
 * Passing the verified request to `Source.handshake` would let this cache go.
 * @internal
 */
export interface VerifiedHandshake {
  /** The source's verifier: the base verifier plus answer preparation. */
  readonly verifier: SignatureVerifier;
  /** The prepared answer for these verified bytes, once; `undefined` for ordinary events. */
  answer(body: Uint8Array): HandshakeResponse | undefined;
}

/**
 * Wraps `base`; after it accepts a request, `prepare` may return the handshake answer for it
 * (`undefined` when the request is an ordinary event).
 * @internal
 */
export function createVerifiedHandshake(
  base: SignatureVerifier,
  prepare: (request: VerifyRequest) => Promise<HandshakeResponse | undefined>,
): VerifiedHandshake {
  // Counted, so two identical handshakes verified concurrently both get their answer.
  const pending = new Map<string, { answer: HandshakeResponse; count: number }>();
  return {
    verifier: {
      scheme: base.scheme,
      async verify(request) {
        await base.verify(request);
        if (request.body.length > MAX_HANDSHAKE_BODY_BYTES) return;
        const answer = await prepare(request);
        if (answer === undefined) return;
        const key = toHex(request.body);
        const count = (pending.get(key)?.count ?? 0) + 1;
        pending.delete(key);
        pending.set(key, { answer, count });
        if (pending.size > MAX_PENDING_ANSWERS)
          pending.delete(pending.keys().next().value as string);
      },
    },
    answer(body) {
      if (body.length > MAX_HANDSHAKE_BODY_BYTES) return undefined;
      const key = toHex(body);
      const entry = pending.get(key);
      if (entry === undefined) return undefined;
      if (entry.count > 1) entry.count -= 1;
      else pending.delete(key);
      return entry.answer;
    },
  };
}

/**
 * The JSON object in a body, or `undefined` when it is not one.
 * @internal
 */
export function parseJsonObject(body: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
