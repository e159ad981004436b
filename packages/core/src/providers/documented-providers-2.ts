/**
 * Providers with documented schemes only (issue 12): Twitch EventSub, Meta, Xero, Intuit
 * QuickBooks, Zendesk, Sentry, PagerDuty, Calendly, Lemon Squeezy, Segment, Telegram, Asana, plus
 * the GET-challenge providers Dropbox and Strava. Re-exported by `@hookwise/core/providers`.
 * @module
 */

// Asana: handshake, then HMAC
export { asanaSource } from "../sources/presets/asana.ts";
export type { AsanaSourceOptions, AsanaHandshake } from "../sources/presets/asana.ts";
export {
  createAsanaVerifier,
  createAsanaSigner,
  ASANA_SIGNATURE_HEADER,
  ASANA_HOOK_SECRET_HEADER,
} from "../verify/asana.ts";
export type {
  AsanaVerifierOptions,
  AsanaSignerOptions,
  AsanaSecretSource,
} from "../verify/asana.ts";

// Calendly
export { calendlySource } from "../sources/presets/calendly.ts";
export type { CalendlySourceOptions } from "../sources/presets/calendly.ts";
export {
  createCalendlyVerifier,
  createCalendlySigner,
  CALENDLY_SIGNATURE_HEADER,
  DEFAULT_CALENDLY_TOLERANCE,
} from "../verify/calendly.ts";
export type { CalendlyVerifierOptions, CalendlySignerOptions } from "../verify/calendly.ts";

// Dropbox: GET challenge, then HMAC
export { dropboxSource } from "../sources/presets/dropbox.ts";
export type { DropboxSourceOptions } from "../sources/presets/dropbox.ts";
export {
  createDropboxVerifier,
  createDropboxSigner,
  DROPBOX_SIGNATURE_HEADER,
} from "../verify/dropbox.ts";
export type { DropboxVerifierOptions, DropboxSignerOptions } from "../verify/dropbox.ts";

// Intuit QuickBooks
export { intuitSource } from "../sources/presets/intuit.ts";
export type { IntuitSourceOptions } from "../sources/presets/intuit.ts";
export {
  createIntuitVerifier,
  createIntuitSigner,
  INTUIT_SIGNATURE_HEADER,
} from "../verify/intuit.ts";
export type { IntuitVerifierOptions, IntuitSignerOptions } from "../verify/intuit.ts";

// Lemon Squeezy
export { lemonSqueezySource } from "../sources/presets/lemon-squeezy.ts";
export type { LemonSqueezySourceOptions } from "../sources/presets/lemon-squeezy.ts";
export {
  createLemonSqueezyVerifier,
  createLemonSqueezySigner,
  LEMON_SQUEEZY_SIGNATURE_HEADER,
} from "../verify/lemon-squeezy.ts";
export type {
  LemonSqueezyVerifierOptions,
  LemonSqueezySignerOptions,
} from "../verify/lemon-squeezy.ts";

// Meta (WhatsApp, Instagram, Messenger): GET challenge, then HMAC
export { metaSource } from "../sources/presets/meta.ts";
export type { MetaSourceOptions } from "../sources/presets/meta.ts";
export { createMetaVerifier, createMetaSigner, META_SIGNATURE_HEADER } from "../verify/meta.ts";
export type { MetaVerifierOptions, MetaSignerOptions } from "../verify/meta.ts";

// PagerDuty
export { pagerdutySource } from "../sources/presets/pagerduty.ts";
export type { PagerDutySourceOptions } from "../sources/presets/pagerduty.ts";
export {
  createPagerDutyVerifier,
  createPagerDutySigner,
  PAGERDUTY_SIGNATURE_HEADER,
} from "../verify/pagerduty.ts";
export type { PagerDutyVerifierOptions, PagerDutySignerOptions } from "../verify/pagerduty.ts";

// Segment
export { segmentSource } from "../sources/presets/segment.ts";
export type { SegmentSourceOptions } from "../sources/presets/segment.ts";
export {
  createSegmentVerifier,
  createSegmentSigner,
  SEGMENT_SIGNATURE_HEADER,
} from "../verify/segment.ts";
export type { SegmentVerifierOptions, SegmentSignerOptions } from "../verify/segment.ts";

// Sentry
export { sentrySource } from "../sources/presets/sentry.ts";
export type { SentrySourceOptions } from "../sources/presets/sentry.ts";
export {
  createSentryVerifier,
  createSentrySigner,
  SENTRY_SIGNATURE_HEADER,
} from "../verify/sentry.ts";
export type { SentryVerifierOptions, SentrySignerOptions } from "../verify/sentry.ts";

// Strava: GET challenge; events unsigned (callback URL token)
export { stravaSource } from "../sources/presets/strava.ts";
export type { StravaSourceOptions } from "../sources/presets/strava.ts";
export {
  createStravaVerifier,
  stravaCallbackUrl,
  DEFAULT_STRAVA_TOKEN_PARAM,
} from "../verify/strava.ts";
export type { StravaVerifierOptions } from "../verify/strava.ts";

// Telegram: secret token
export { telegramSource } from "../sources/presets/telegram.ts";
export type { TelegramSourceOptions } from "../sources/presets/telegram.ts";
export {
  createTelegramVerifier,
  createTelegramSigner,
  TELEGRAM_SECRET_TOKEN_HEADER,
} from "../verify/telegram.ts";
export type { TelegramVerifierOptions, TelegramSignerOptions } from "../verify/telegram.ts";

// Twitch EventSub
export { twitchSource } from "../sources/presets/twitch.ts";
export type { TwitchSourceOptions } from "../sources/presets/twitch.ts";
export {
  createTwitchVerifier,
  createTwitchSigner,
  TWITCH_SIGNATURE_HEADER,
  TWITCH_MESSAGE_ID_HEADER,
  TWITCH_TIMESTAMP_HEADER,
  TWITCH_MESSAGE_TYPE_HEADER,
  DEFAULT_TWITCH_TOLERANCE,
} from "../verify/twitch.ts";
export type { TwitchVerifierOptions, TwitchSignerOptions } from "../verify/twitch.ts";

// Xero: intent to receive
export { xeroSource } from "../sources/presets/xero.ts";
export type { XeroSourceOptions } from "../sources/presets/xero.ts";
export { createXeroVerifier, createXeroSigner, XERO_SIGNATURE_HEADER } from "../verify/xero.ts";
export type { XeroVerifierOptions, XeroSignerOptions } from "../verify/xero.ts";

// Zendesk
export { zendeskSource } from "../sources/presets/zendesk.ts";
export type { ZendeskSourceOptions } from "../sources/presets/zendesk.ts";
export {
  createZendeskVerifier,
  createZendeskSigner,
  ZENDESK_SIGNATURE_HEADER,
  ZENDESK_TIMESTAMP_HEADER,
  DEFAULT_ZENDESK_TOLERANCE,
} from "../verify/zendesk.ts";
export type { ZendeskVerifierOptions, ZendeskSignerOptions } from "../verify/zendesk.ts";
