import { randomBytes } from "node:crypto";
import { ConfigurationError, type EndpointSecret } from "@hookwise/core";

/**
 * A new Standard Webhooks secret: `whsec_` and 32 random bytes in base64, what Svix and the
 * `standardwebhooks` package expect.
 * @example
 * const secret = generateEndpointSecret(); // "whsec_…"
 * @category Endpoints
 */
export function generateEndpointSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/**
 * Throws unless `secret` is a usable `whsec_` secret (24 to 64 bytes); never echoes it. The base64
 * must be canonical (what re-encoding its bytes gives back, padding optional), as the signer's
 * strict decoder requires: a secret cut short on paste decodes leniently to 24 bytes or more, and
 * would otherwise be accepted here and fail at every send.
 */
export function checkEndpointSecret(secret: string): void {
  const match = /^whsec_([A-Za-z0-9+/]+)(={0,2})$/.exec(secret);
  const text = match?.[1];
  const padded = text === undefined ? "" : text + "=".repeat((4 - (text.length % 4)) % 4);
  const decoded = Buffer.from(padded, "base64");
  const canonical = padded !== "" && decoded.toString("base64") === padded;
  const bytes = canonical ? decoded.byteLength : 0;
  if (bytes < 24 || bytes > 64)
    throw new ConfigurationError(
      "`secret` must be `whsec_` followed by 24 to 64 bytes in base64 (see generateEndpointSecret).",
    );
}

/** The secrets that sign at `now`: the current one and any still inside its rotation overlap. */
export function signingSecrets(secrets: readonly EndpointSecret[], now: number): string[] {
  return secrets
    .filter((entry) => entry.expiresAt === undefined || entry.expiresAt > now)
    .map((entry) => entry.secret);
}

/**
 * The secrets after a rotation: `fresh` first, then the previous ones, each signing until
 * `now + overlapMs` at the latest (an earlier expiry stays), so `overlapMs: 0` leaves `fresh` alone.
 */
export function rotatedSecrets(
  secrets: readonly EndpointSecret[],
  fresh: string,
  now: number,
  overlapMs: number,
): EndpointSecret[] {
  const kept = secrets
    .map((entry) => ({
      ...entry,
      expiresAt: Math.min(entry.expiresAt ?? Number.POSITIVE_INFINITY, now + overlapMs),
    }))
    .filter((entry) => entry.expiresAt > now);
  return [{ secret: fresh, createdAt: now }, ...kept];
}
