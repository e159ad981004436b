/**
 * Telegram Bot API webhooks: nothing is signed. The `secret_token` given to `setWebhook` is sent
 * back in clear in `X-Telegram-Bot-Api-Secret-Token` on every update; comparing it (in constant
 * time) proves the sender knows it, not that the body is intact, and it can be replayed: dedupe on
 * `update_id`, as the Telegram source does.
 * @see https://core.telegram.org/bots/api#setwebhook
 */
import { ConfigurationError, ErrorCode, SignatureVerificationError } from "../errors.ts";
import { toSecretList, type SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";
import { createTokenMatcher } from "./verify-token.ts";

/**
 * Header carrying Telegram's secret token.
 * @category Verification
 */
export const TELEGRAM_SECRET_TOKEN_HEADER = "x-telegram-bot-api-secret-token";

/** What Telegram accepts as `secret_token`: 1-256 of `A-Z`, `a-z`, `0-9`, `_` and `-`. */
const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * Options of {@link createTelegramVerifier}.
 * @category Verification
 */
export interface TelegramVerifierOptions {
  /** The `secret_token` passed to `setWebhook`; several while changing it. */
  readonly secret: SecretInput;
}

/**
 * Options of {@link createTelegramSigner}.
 * @category Verification
 */
export interface TelegramSignerOptions {
  /** The secret token to send. */
  readonly secret: string;
}

/**
 * Checks `X-Telegram-Bot-Api-Secret-Token` against the configured token(s) in constant time.
 * @throws ConfigurationError when a token is not one Telegram would accept.
 * @example
 * const verifier = createTelegramVerifier({ secret: process.env.TELEGRAM_WEBHOOK_SECRET! });
 * @category Verification
 */
export function createTelegramVerifier(options: TelegramVerifierOptions): SignatureVerifier {
  const tokens = createTokenMatcher(checkedTokens(options.secret), "secret");
  return {
    scheme: "telegram",
    async verify(request) {
      const token = request.headers.get(TELEGRAM_SECRET_TOKEN_HEADER);
      if (token === null || token === "") {
        throw new SignatureVerificationError(
          ErrorCode.SIGNATURE_MISSING,
          "The `x-telegram-bot-api-secret-token` header is missing: set `secret_token` in setWebhook.",
        );
      }
      if (!SECRET_TOKEN.test(token)) {
        throw new SignatureVerificationError(
          ErrorCode.SIGNATURE_MALFORMED,
          "The `x-telegram-bot-api-secret-token` header is not a Telegram secret token.",
        );
      }
      const secretIndex = await tokens.indexOf(token);
      if (secretIndex === -1) {
        throw new SignatureVerificationError(
          ErrorCode.SIGNATURE_MISMATCH,
          "The `x-telegram-bot-api-secret-token` header does not match.",
          {
            diagnosis:
              "Telegram sends the `secret_token` given to setWebhook; check it is the one this source holds.",
          },
        );
      }
      return { secretIndex };
    },
  };
}

/**
 * "Signs" the way Telegram does: adds the secret token header (the body is not involved).
 * @example
 * await createTelegramSigner({ secret }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createTelegramSigner(options: TelegramSignerOptions): Signer {
  const [secret = ""] = checkedTokens(options.secret);
  return {
    scheme: "telegram",
    sign: () => Promise.resolve({ [TELEGRAM_SECRET_TOKEN_HEADER]: secret }),
  };
}

function checkedTokens(input: SecretInput): readonly string[] {
  const tokens = toSecretList(input, "secret");
  for (const token of tokens) {
    if (!SECRET_TOKEN.test(token)) {
      throw new ConfigurationError(
        "`secret` must be 1-256 characters of `A-Z`, `a-z`, `0-9`, `_` and `-`, as Telegram's `secret_token` is.",
      );
    }
  }
  return tokens;
}
