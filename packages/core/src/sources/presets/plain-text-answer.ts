/**
 * Echoing a provider's challenge back as `text/plain`: bounded, printable ASCII only, and with
 * `X-Content-Type-Options: nosniff` so an echoed value can never be rendered as HTML (Dropbox's
 * advice against reflected XSS, applied to every echo).
 */
import type { HandshakeResponse } from "../source.ts";
import { outcomeResponse, type IngestOutcome } from "../../ingest/http-result.ts";

/** Longest challenge echoed back; providers send short random strings. */
export const MAX_CHALLENGE_LENGTH = 512;

const PRINTABLE = /^[\x21-\x7e]+$/;

/**
 * `value` when it is a challenge we are willing to echo (a non-empty printable ASCII string of at
 * most {@link MAX_CHALLENGE_LENGTH} characters), else `undefined`.
 * @internal
 */
export function echoableChallenge(value: unknown): string | undefined {
  return typeof value === "string" && value.length <= MAX_CHALLENGE_LENGTH && PRINTABLE.test(value)
    ? value
    : undefined;
}

/**
 * `200 text/plain` with `body`, unsniffable and uncached.
 * @internal
 */
export function plainTextAnswer(body: string): HandshakeResponse {
  return {
    status: 200,
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "x-content-type-options": "nosniff",
      "cache-control": "no-store",
    },
    body,
  };
}

/**
 * The default answer with status 200 instead of 202, for providers that retry anything but 200
 * (Xero, Strava, Lemon Squeezy, Dropbox, Meta): same body, only once the event is stored.
 * @internal
 */
export function acknowledgeWith200(context: {
  readonly outcome: IngestOutcome;
  readonly eventId: string;
}): HandshakeResponse {
  return { ...outcomeResponse(context.outcome, context.eventId), status: 200 };
}
