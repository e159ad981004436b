// Providers with an official SDK verifier on npm (issue 12): each one's source preset, verifier,
// test signer, options and header names. Re-exported by `@hookwise/core/providers` (index.ts).

// Adyen
export { adyenSource } from "../sources/presets/adyen.ts";
export type { AdyenSourceOptions } from "../sources/presets/adyen.ts";
export { createAdyenVerifier, createAdyenSigner } from "../verify/adyen.ts";
export type { AdyenVerifierOptions, AdyenSignerOptions, AdyenSigner } from "../verify/adyen.ts";

// GoCardless
export { gocardlessSource } from "../sources/presets/gocardless.ts";
export type { GoCardlessSourceOptions } from "../sources/presets/gocardless.ts";
export {
  createGoCardlessVerifier,
  createGoCardlessSigner,
  GOCARDLESS_SIGNATURE_HEADER,
} from "../verify/gocardless.ts";
export type { GoCardlessVerifierOptions, GoCardlessSignerOptions } from "../verify/gocardless.ts";

// LINE
export { lineSource } from "../sources/presets/line.ts";
export type { LineSourceOptions } from "../sources/presets/line.ts";
export { createLineVerifier, createLineSigner, LINE_SIGNATURE_HEADER } from "../verify/line.ts";
export type { LineVerifierOptions, LineSignerOptions } from "../verify/line.ts";

// Liveblocks
export { liveblocksSource } from "../sources/presets/liveblocks.ts";
export type { LiveblocksSourceOptions } from "../sources/presets/liveblocks.ts";
export {
  createLiveblocksVerifier,
  createLiveblocksSigner,
  DEFAULT_LIVEBLOCKS_TOLERANCE,
} from "../verify/liveblocks.ts";
export type { LiveblocksVerifierOptions, LiveblocksSignerOptions } from "../verify/liveblocks.ts";

// Mux
export { muxSource } from "../sources/presets/mux.ts";
export type { MuxSourceOptions } from "../sources/presets/mux.ts";
export {
  createMuxVerifier,
  createMuxSigner,
  MUX_SIGNATURE_HEADER,
  DEFAULT_MUX_TOLERANCE,
} from "../verify/mux.ts";
export type { MuxVerifierOptions, MuxSignerOptions } from "../verify/mux.ts";

// Polar
export { polarSource } from "../sources/presets/polar.ts";
export type { PolarSourceOptions } from "../sources/presets/polar.ts";
export {
  createPolarVerifier,
  createPolarSigner,
  DEFAULT_POLAR_TOLERANCE,
} from "../verify/polar.ts";
export type { PolarVerifierOptions, PolarSignerOptions } from "../verify/polar.ts";

// Pusher
export { pusherSource } from "../sources/presets/pusher.ts";
export type { PusherSourceOptions } from "../sources/presets/pusher.ts";
export {
  createPusherVerifier,
  createPusherSigner,
  PUSHER_KEY_HEADER,
  PUSHER_SIGNATURE_HEADER,
} from "../verify/pusher.ts";
export type {
  PusherVerifierOptions,
  PusherSignerOptions,
  PusherCredentials,
} from "../verify/pusher.ts";

// Razorpay
export { razorpaySource } from "../sources/presets/razorpay.ts";
export type { RazorpaySourceOptions } from "../sources/presets/razorpay.ts";
export {
  createRazorpayVerifier,
  createRazorpaySigner,
  RAZORPAY_SIGNATURE_HEADER,
  RAZORPAY_EVENT_ID_HEADER,
} from "../verify/razorpay.ts";
export type { RazorpayVerifierOptions, RazorpaySignerOptions } from "../verify/razorpay.ts";

// Sanity
export { sanitySource } from "../sources/presets/sanity.ts";
export type { SanitySourceOptions } from "../sources/presets/sanity.ts";
export {
  createSanityVerifier,
  createSanitySigner,
  SANITY_SIGNATURE_HEADER,
  DEFAULT_SANITY_TOLERANCE,
} from "../verify/sanity.ts";
export type { SanityVerifierOptions, SanitySignerOptions } from "../verify/sanity.ts";

// Upstash QStash
export { qstashSource, QSTASH_MESSAGE_ID_HEADER } from "../sources/presets/qstash.ts";
export type { QStashSourceOptions } from "../sources/presets/qstash.ts";
export {
  createQStashVerifier,
  createQStashSigner,
  QSTASH_SIGNATURE_HEADER,
  QSTASH_ISSUER,
  DEFAULT_QSTASH_TOLERANCE,
} from "../verify/qstash.ts";
export type { QStashVerifierOptions, QStashSignerOptions } from "../verify/qstash.ts";

// Vonage
export { vonageSource } from "../sources/presets/vonage.ts";
export type { VonageSourceOptions } from "../sources/presets/vonage.ts";
export {
  createVonageVerifier,
  createVonageSigner,
  VONAGE_AUTHORIZATION_HEADER,
  DEFAULT_VONAGE_TOLERANCE,
} from "../verify/vonage.ts";
export type { VonageVerifierOptions, VonageSignerOptions } from "../verify/vonage.ts";

// Contentful
export { contentfulSource } from "../sources/presets/contentful.ts";
export type { ContentfulSourceOptions } from "../sources/presets/contentful.ts";
export {
  createContentfulVerifier,
  createContentfulSigner,
  CONTENTFUL_SIGNATURE_HEADER,
  CONTENTFUL_SIGNED_HEADERS_HEADER,
  CONTENTFUL_TIMESTAMP_HEADER,
  DEFAULT_CONTENTFUL_TOLERANCE,
} from "../verify/contentful.ts";
export type { ContentfulVerifierOptions, ContentfulSignerOptions } from "../verify/contentful.ts";

// Braintree
export { braintreeSource } from "../sources/presets/braintree.ts";
export type { BraintreeSourceOptions } from "../sources/presets/braintree.ts";
export type { BraintreeNotification } from "../sources/presets/braintree-notification.ts";
export { createBraintreeVerifier, createBraintreeSigner } from "../verify/braintree.ts";
export type {
  BraintreeVerifierOptions,
  BraintreeSignerOptions,
  BraintreeSigner,
  BraintreeKey,
} from "../verify/braintree.ts";
