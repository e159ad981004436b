import type { SignatureVerifier } from "@hookwise/core";

const NOTHING_LEARNED = Object.freeze({});

/**
 * A verifier that accepts every request. hookwise requires a verifier on every source, and this
 * example's sender is specified without a signature, so "no signature" is spelled out here instead
 * of hidden: it is used only when `WEBHOOK_SECRET` is unset, and the server says so at start. Put
 * the endpoint behind your own authentication (mTLS, a private network, an API gateway) then.
 */
export const unsignedVerifier: SignatureVerifier = Object.freeze({
  scheme: "unsigned",
  verify: () => Promise.resolve(NOTHING_LEARNED),
});
