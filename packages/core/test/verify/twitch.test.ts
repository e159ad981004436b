// Twitch documents the rule (HMAC-SHA256 of message id + timestamp + raw body, `sha256=` hex) and
// the 10-minute limit, without a signature vector:
// https://dev.twitch.tv/docs/eventsub/handling-webhook-events/#verifying-the-event-message
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { utf8 } from "../../src/util/bytes.ts";
import { createTwitchSigner, createTwitchVerifier } from "../../src/verify/twitch.ts";
import { describeProviderScheme } from "../helpers/provider-scheme-cases.ts";
import { expectRejected, makeRequest, NOW_MS } from "../helpers/tamper.ts";

const secret = "s3cRe7-for-twitch";
const id = "e76c6bd4-55c9-4987-8304-da1588d8988b";
// Twitch writes RFC 3339 with nanoseconds.
const timestamp = "2026-01-01T00:00:00.123456789Z";
const body =
  '{"subscription":{"id":"f1c2a387","type":"channel.follow"},"event":{"user_id":"1234"}}';
const signature = `sha256=${createHmac("sha256", secret)
  .update(id + timestamp + body)
  .digest("hex")}`;
const headers = {
  "twitch-eventsub-message-id": id,
  "twitch-eventsub-message-timestamp": timestamp,
  "twitch-eventsub-message-signature": signature,
};

describe("Twitch EventSub signature", () => {
  it("verifies the documented HMAC of id + timestamp text + body, nanoseconds included", async () => {
    const verification = await createTwitchVerifier({ secret }).verify(
      makeRequest({ headers, body }),
    );
    expect(verification).toEqual({ secretIndex: 0, timestamp: NOW_MS + 123 });
  });

  it("signs the way it verifies, with the id given", async () => {
    const signed = await createTwitchSigner({ secret }).sign({ body: utf8(body), id, now: NOW_MS });
    expect(signed["twitch-eventsub-message-id"]).toBe(id);
    expect(signed["twitch-eventsub-message-timestamp"]).toBe("2026-01-01T00:00:00.000Z");
    await createTwitchVerifier({ secret }).verify(makeRequest({ headers: signed, body }));
  });

  it("rejects a message older than ten minutes, as Twitch asks", async () => {
    const verifier = createTwitchVerifier({ secret });
    await verifier.verify(makeRequest({ headers, body, now: NOW_MS + 600_000 }));
    await expectRejected(
      verifier.verify(makeRequest({ headers, body, now: NOW_MS + 601_000 })),
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
  });

  it("rejects a timestamp that is not RFC 3339 and a missing message id", async () => {
    const verifier = createTwitchVerifier({ secret });
    await expectRejected(
      verifier.verify(
        makeRequest({
          headers: { ...headers, "twitch-eventsub-message-timestamp": "1767225600" },
          body,
        }),
      ),
      "TIMESTAMP_INVALID",
    );
    const { "twitch-eventsub-message-id": _omitted, ...withoutId } = headers;
    await expectRejected(
      verifier.verify(makeRequest({ headers: withoutId, body })),
      "SIGNATURE_MALFORMED",
    );
  });
});

describeProviderScheme("Twitch", {
  verifier: (key) => createTwitchVerifier({ secret: key }),
  signer: (key) => createTwitchSigner({ secret: key }),
  signature: {
    header: "twitch-eventsub-message-signature",
    pattern: /^sha256=(.+)$/,
    codec: "hex",
  },
  timestamp: {
    header: "twitch-eventsub-message-timestamp",
    pattern: /^(.+)$/,
    pastSeconds: 600,
    futureSeconds: 600,
  },
});
