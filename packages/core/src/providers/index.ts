/**
 * Built-in providers: for each one a source preset (the usual way in), its signature verifier and
 * test signer, their options and the header names the provider uses. The generic HMAC and
 * Standard Webhooks schemes stay in the root entry, `@hookwise/core`.
 *
 * ```ts
 * import { createIngestor } from "@hookwise/core";
 * import { stripeSource } from "@hookwise/core/providers";
 * ```
 *
 * @module @hookwise/core/providers
 */

export type { PublicUrl } from "../verify/public-url.ts";

// Clerk, Resend, Svix: Standard Webhooks providers
export { clerkSource } from "../sources/presets/clerk.ts";
export type { ClerkSourceOptions } from "../sources/presets/clerk.ts";
export { resendSource } from "../sources/presets/resend.ts";
export type { ResendSourceOptions } from "../sources/presets/resend.ts";
export { svixSource } from "../sources/presets/svix.ts";
export type { SvixSourceOptions } from "../sources/presets/svix.ts";

// Discord
export { discordSource } from "../sources/presets/discord.ts";
export type { DiscordSourceOptions, DiscordEndpointKind } from "../sources/presets/discord.ts";
export {
  createDiscordVerifier,
  createDiscordSigner,
  DISCORD_SIGNATURE_HEADER,
  DISCORD_TIMESTAMP_HEADER,
  DEFAULT_DISCORD_TOLERANCE,
} from "../verify/discord.ts";
export type { DiscordVerifierOptions, DiscordSignerOptions } from "../verify/discord.ts";

// GitHub
export { githubSource } from "../sources/presets/github.ts";
export type { GitHubSourceOptions } from "../sources/presets/github.ts";
export {
  createGitHubVerifier,
  createGitHubSigner,
  GITHUB_SIGNATURE_HEADER,
  GITHUB_LEGACY_SIGNATURE_HEADER,
  GITHUB_DELIVERY_HEADER,
  GITHUB_EVENT_HEADER,
} from "../verify/github.ts";
export type { GitHubVerifierOptions, GitHubSignerOptions } from "../verify/github.ts";

// GitLab: secret token, and signing token (Standard Webhooks)
export { gitlabSource } from "../sources/presets/gitlab.ts";
export type { GitLabSourceOptions } from "../sources/presets/gitlab.ts";
export { createGitLabVerifier, createGitLabSigner, GITLAB_TOKEN_HEADER } from "../verify/gitlab.ts";
export type { GitLabVerifierOptions, GitLabSignerOptions } from "../verify/gitlab.ts";
export { gitlabSigningTokenSource } from "../sources/presets/gitlab-signing-token.ts";
export type { GitLabSigningTokenSourceOptions } from "../sources/presets/gitlab-signing-token.ts";

// HubSpot
export { hubspotSource } from "../sources/presets/hubspot.ts";
export type { HubSpotSourceOptions } from "../sources/presets/hubspot.ts";
export {
  createHubSpotVerifier,
  createHubSpotSigner,
  HUBSPOT_SIGNATURE_V3_HEADER,
  HUBSPOT_TIMESTAMP_HEADER,
  DEFAULT_HUBSPOT_TOLERANCE,
} from "../verify/hubspot.ts";
export type {
  HubSpotVerifierOptions,
  HubSpotSignerOptions,
  HubSpotSignatureVersion,
} from "../verify/hubspot.ts";
export {
  HUBSPOT_LEGACY_SIGNATURE_HEADER,
  HUBSPOT_SIGNATURE_VERSION_HEADER,
} from "../verify/hubspot-legacy.ts";

// Intercom
export { intercomSource } from "../sources/presets/intercom.ts";
export type { IntercomSourceOptions } from "../sources/presets/intercom.ts";
export {
  createIntercomVerifier,
  createIntercomSigner,
  INTERCOM_SIGNATURE_HEADER,
} from "../verify/intercom.ts";
export type { IntercomVerifierOptions, IntercomSignerOptions } from "../verify/intercom.ts";

// Linear
export { linearSource } from "../sources/presets/linear.ts";
export type { LinearSourceOptions } from "../sources/presets/linear.ts";
export {
  createLinearVerifier,
  createLinearSigner,
  LINEAR_SIGNATURE_HEADER,
  LINEAR_TIMESTAMP_HEADER,
  DEFAULT_LINEAR_TOLERANCE,
} from "../verify/linear.ts";
export type { LinearVerifierOptions, LinearSignerOptions } from "../verify/linear.ts";

// Mailgun
export { mailgunSource } from "../sources/presets/mailgun.ts";
export type { MailgunSourceOptions } from "../sources/presets/mailgun.ts";
export {
  createMailgunVerifier,
  createMailgunSigner,
  DEFAULT_MAILGUN_TOLERANCE,
} from "../verify/mailgun.ts";
export type {
  MailgunVerifierOptions,
  MailgunSignerOptions,
  MailgunSigner,
} from "../verify/mailgun.ts";
export type { MailgunSignature } from "../verify/mailgun-signature.ts";

// Paddle
export { paddleSource } from "../sources/presets/paddle.ts";
export type { PaddleSourceOptions } from "../sources/presets/paddle.ts";
export {
  createPaddleVerifier,
  createPaddleSigner,
  PADDLE_SIGNATURE_HEADER,
  DEFAULT_PADDLE_TOLERANCE,
} from "../verify/paddle.ts";
export type { PaddleVerifierOptions, PaddleSignerOptions } from "../verify/paddle.ts";

// SendGrid
export { sendgridSource } from "../sources/presets/sendgrid.ts";
export type { SendGridSourceOptions } from "../sources/presets/sendgrid.ts";
export {
  createSendGridVerifier,
  createSendGridSigner,
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
  DEFAULT_SENDGRID_TOLERANCE,
} from "../verify/sendgrid.ts";
export type { SendGridVerifierOptions, SendGridSignerOptions } from "../verify/sendgrid.ts";

// Shopify
export { shopifySource } from "../sources/presets/shopify.ts";
export type { ShopifySourceOptions } from "../sources/presets/shopify.ts";
export {
  createShopifyVerifier,
  createShopifySigner,
  SHOPIFY_SIGNATURE_HEADER,
  SHOPIFY_EVENTS_SIGNATURE_HEADER,
} from "../verify/shopify.ts";
export type { ShopifyVerifierOptions, ShopifySignerOptions } from "../verify/shopify.ts";

// Slack
export { slackSource } from "../sources/presets/slack.ts";
export type { SlackSourceOptions } from "../sources/presets/slack.ts";
export {
  createSlackVerifier,
  createSlackSigner,
  SLACK_SIGNATURE_HEADER,
  SLACK_TIMESTAMP_HEADER,
  DEFAULT_SLACK_TOLERANCE,
} from "../verify/slack.ts";
export type { SlackVerifierOptions, SlackSignerOptions } from "../verify/slack.ts";

// Square
export { squareSource } from "../sources/presets/square.ts";
export type { SquareSourceOptions } from "../sources/presets/square.ts";
export {
  createSquareVerifier,
  createSquareSigner,
  SQUARE_SIGNATURE_HEADER,
  SQUARE_LEGACY_SIGNATURE_HEADER,
} from "../verify/square.ts";
export type { SquareVerifierOptions, SquareSignerOptions } from "../verify/square.ts";

// Stripe
export { stripeSource } from "../sources/presets/stripe.ts";
export type { StripeSourceOptions } from "../sources/presets/stripe.ts";
export {
  createStripeVerifier,
  createStripeSigner,
  STRIPE_SIGNATURE_HEADER,
  DEFAULT_STRIPE_TOLERANCE,
} from "../verify/stripe.ts";
export type { StripeVerifierOptions, StripeSignerOptions } from "../verify/stripe.ts";

// Twilio
export { twilioSource } from "../sources/presets/twilio.ts";
export type { TwilioSourceOptions } from "../sources/presets/twilio.ts";
export {
  createTwilioVerifier,
  createTwilioSigner,
  withTwilioBodyHash,
  TWILIO_SIGNATURE_HEADER,
} from "../verify/twilio.ts";
export type { TwilioVerifierOptions, TwilioSignerOptions } from "../verify/twilio.ts";

// Typeform
export { typeformSource } from "../sources/presets/typeform.ts";
export type { TypeformSourceOptions } from "../sources/presets/typeform.ts";
export {
  createTypeformVerifier,
  createTypeformSigner,
  TYPEFORM_SIGNATURE_HEADER,
} from "../verify/typeform.ts";
export type { TypeformVerifierOptions, TypeformSignerOptions } from "../verify/typeform.ts";

// WorkOS
export { workosSource } from "../sources/presets/workos.ts";
export type { WorkOSSourceOptions } from "../sources/presets/workos.ts";
export {
  createWorkOSVerifier,
  createWorkOSSigner,
  WORKOS_SIGNATURE_HEADER,
  DEFAULT_WORKOS_TOLERANCE,
} from "../verify/workos.ts";
export type { WorkOSVerifierOptions, WorkOSSignerOptions } from "../verify/workos.ts";

// Zoom
export { zoomSource } from "../sources/presets/zoom.ts";
export type { ZoomSourceOptions } from "../sources/presets/zoom.ts";
export {
  createZoomVerifier,
  createZoomSigner,
  zoomEncryptedToken,
  ZOOM_SIGNATURE_HEADER,
  ZOOM_TIMESTAMP_HEADER,
  DEFAULT_ZOOM_TOLERANCE,
} from "../verify/zoom.ts";
export type { ZoomVerifierOptions, ZoomSignerOptions } from "../verify/zoom.ts";

export * from "./sdk-providers-2.ts";
export * from "./documented-providers-2.ts";
