/**
 * Shared-token checks for schemes that send a configured secret in clear instead of signing
 * (Telegram's secret token, Meta's and Strava's verify token, a token in a callback URL).
 */
import { utf8 } from "../util/bytes.ts";
import { timingSafeEqual } from "./constant-time.ts";
import { toSecretList, type SecretInput } from "./secrets.ts";

/**
 * Matches a received token against configured ones in constant time.
 * @internal
 */
export interface TokenMatcher {
  /** Index of the first configured token equal to `received`, `-1` for none; every token is compared. */
  indexOf(received: string): Promise<number>;
}

/**
 * A matcher over `tokens`. Both sides are hashed with SHA-256 first, so neither a token's content
 * nor its length shows in the timing (the lengths of the digests are equal).
 * @throws ConfigurationError naming `optionName` when no usable token is given.
 * @internal
 */
export function createTokenMatcher(tokens: SecretInput, optionName: string): TokenMatcher {
  const list = toSecretList(tokens, optionName);
  let digests: Promise<Uint8Array[]> | undefined;
  return {
    async indexOf(received) {
      digests ??= Promise.all(list.map((token) => sha256(token)));
      const actual = await sha256(received);
      let found = -1;
      let index = 0;
      for (const expected of await digests) {
        if (timingSafeEqual(expected, actual) && found === -1) found = index;
        index += 1;
      }
      return found;
    },
  };
}

async function sha256(text: string): Promise<Uint8Array> {
  const digest = await crypto.subtle.digest("SHA-256", utf8(text) as Uint8Array<ArrayBuffer>);
  return new Uint8Array(digest);
}
