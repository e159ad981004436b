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
 * Checks that a request was signed by the expected sender. Resolves when it was; rejects with a
 * `SignatureVerificationError` (401) naming what failed (`SIGNATURE_MISSING`, `SIGNATURE_MALFORMED`,
 * `SIGNATURE_MISMATCH`, `TIMESTAMP_INVALID`, `TIMESTAMP_OUT_OF_TOLERANCE`) otherwise.
 * Implementations compare in constant time and never put secrets or signatures in messages.
 * @category Verification
 */
export interface SignatureVerifier {
  /** Scheme id, e.g. `standard-webhooks`, `hmac`, `stripe`. */
  readonly scheme: string;
  verify(request: VerifyRequest): Promise<void>;
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
