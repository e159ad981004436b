/** What a verifier sees of a request. */
export interface VerifyRequest {
  /** HTTP method, upper-case. */
  readonly method: string;
  /** The full URL as the sender addressed it (some schemes sign it: Twilio, Square, HubSpot). */
  readonly url: string;
  /** Request headers. */
  readonly headers: Headers;
  /** The exact raw body bytes. */
  readonly body: Uint8Array;
  /** Current time, epoch milliseconds (from the injected clock). */
  readonly now: number;
}

/**
 * What a verifier learned while accepting a request, handed on to the source (for example to
 * `Source.handshake`, where Zoom keys its answer with the secret that signed). Every field is
 * optional: a scheme fills in what it knows. Never holds a secret or a signature.
 * @category Verification
 */
export interface Verification {
  /**
   * Which configured secret or key verified the request: 0-based, in the order the user gave them
   * (the first match when several would). For Standard Webhooks it indexes `secret` for a `v1`
   * signature and `publicKey` for a `v1a` one.
   */
  readonly secretIndex?: number;
  /** The signed timestamp, epoch milliseconds, for schemes that sign one (checked against the tolerance). */
  readonly timestamp?: number;
}

/**
 * The verification of a scheme that learned nothing worth passing on; shared and frozen, so
 * returning it allocates nothing.
 * @category Verification
 */
export const EMPTY_VERIFICATION: Verification = Object.freeze({});

/**
 * Checks that a request was signed by the expected sender. Resolves with a {@link Verification}
 * when it was; rejects with a `SignatureVerificationError` (401) naming what failed
 * (`SIGNATURE_MISSING`, `SIGNATURE_MALFORMED`, `SIGNATURE_MISMATCH`, `TIMESTAMP_INVALID`,
 * `TIMESTAMP_OUT_OF_TOLERANCE`) otherwise. Implementations compare in constant time and never put
 * secrets or signatures in messages.
 *
 * A custom verifier may still resolve `undefined` (the contract before {@link Verification}
 * existed): hookwise treats that as an empty verification, so it keeps working, but a handshake
 * that needs to know which secret signed (Zoom's) cannot be answered through it.
 * @category Verification
 */
export interface SignatureVerifier {
  /** Scheme id, e.g. `standard-webhooks`, `hmac`, `stripe`. */
  readonly scheme: string;
  // `void` stays allowed so verifiers written against the old `Promise<void>` contract still type-check.
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type
  verify(request: VerifyRequest): Promise<Verification | void>;
}

/** What a signer needs to produce a signature. */
export interface SignRequest {
  /** The exact body bytes that will be sent. */
  readonly body: Uint8Array;
  /** Message id, for schemes that sign one (Standard Webhooks). */
  readonly id?: string;
  /** Signing time, epoch milliseconds. */
  readonly now: number;
  /** Full URL, for schemes that sign it. */
  readonly url?: string;
  /** HTTP method, for schemes that sign it. */
  readonly method?: string;
}

/**
 * Produces the headers a sender of this scheme would add, so outbound webhooks, test tooling and the
 * simulator can make real, verifiable requests.
 * @category Verification
 */
export interface Signer {
  readonly scheme: string;
  /** Headers to add to the request (lower-case names). */
  sign(request: SignRequest): Promise<Record<string, string>>;
}
