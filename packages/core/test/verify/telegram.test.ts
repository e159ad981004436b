// Telegram: "the request will contain a header X-Telegram-Bot-Api-Secret-Token with the secret token
// as content"; secret_token is 1-256 of A-Z, a-z, 0-9, _ and - (https://core.telegram.org/bots/api#setwebhook).
// Nothing is signed, so there is no body tampering, timestamp or diagnosis to test.
import { describe, expect, it } from "vitest";
import { createTelegramSigner, createTelegramVerifier } from "../../src/verify/telegram.ts";
import { expectRejected, makeRequest, NOW_MS } from "../helpers/tamper.ts";

const secret = "Tg_secret-token_123";
const body = '{"update_id":10000,"message":{"message_id":1,"date":1767225600,"text":"hi"}}';
const header = "x-telegram-bot-api-secret-token";

describe("Telegram secret token", () => {
  const verifier = createTelegramVerifier({ secret });

  it("accepts the configured token and what the signer sends", async () => {
    const headers = await createTelegramSigner({ secret }).sign({
      body: new Uint8Array(),
      now: NOW_MS,
    });
    expect(headers).toEqual({ [header]: secret });
    expect(await verifier.verify(makeRequest({ headers, body }))).toEqual({ secretIndex: 0 });
  });

  it("rejects missing, malformed, wrong and one-character-off tokens without leaking", async () => {
    await expectRejected(verifier.verify(makeRequest({ headers: {}, body })), "SIGNATURE_MISSING");
    await expectRejected(
      verifier.verify(makeRequest({ headers: { [header]: "has space" }, body })),
      "SIGNATURE_MALFORMED",
    );
    for (const wrong of ["Tg_secret-token_124", "Tg_secret-token_12", "other"]) {
      await expectRejected(
        verifier.verify(makeRequest({ headers: { [header]: wrong }, body })),
        "SIGNATURE_MISMATCH",
        [secret],
      );
    }
  });

  it("accepts any configured token while changing it, and reports its index", async () => {
    const rotating = createTelegramVerifier({ secret: ["new_token", secret] });
    expect(await rotating.verify(makeRequest({ headers: { [header]: secret }, body }))).toEqual({
      secretIndex: 1,
    });
  });

  it("refuses a configured token Telegram would not accept", () => {
    expect(() => createTelegramVerifier({ secret: "no spaces allowed" })).toThrow(/secret/);
    expect(() => createTelegramVerifier({ secret: "x".repeat(257) })).toThrow(/secret/);
  });
});
