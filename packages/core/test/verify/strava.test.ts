// Strava documents no signature for event POSTs (https://developers.strava.com/docs/webhooks/):
// hookwise checks a token in the callback URL instead.
import { describe, expect, it } from "vitest";
import { createStravaVerifier, stravaCallbackUrl } from "../../src/verify/strava.ts";
import { expectRejected, makeRequest } from "../helpers/tamper.ts";

const token = "strava-callback-token";
const body =
  '{"aspect_type":"create","event_time":1767225600,"object_id":1,"object_type":"activity","owner_id":2,"subscription_id":3}';

describe("Strava callback URL token", () => {
  const verifier = createStravaVerifier({ callbackToken: token });
  const at = (url: string) => makeRequest({ headers: {}, body, url });

  it("accepts the URL built by stravaCallbackUrl and reports the token's index", async () => {
    const url = stravaCallbackUrl("https://hooks.example.com/webhooks/strava", token);
    expect(url).toBe(`https://hooks.example.com/webhooks/strava?token=${token}`);
    expect(await verifier.verify(at(url))).toEqual({ secretIndex: 0 });
    const rotating = createStravaVerifier({ callbackToken: ["next", token] });
    expect(await rotating.verify(at(url))).toEqual({ secretIndex: 1 });
  });

  it("rejects a missing or wrong token", async () => {
    await expectRejected(
      verifier.verify(at("https://h.example/webhooks/strava")),
      "SIGNATURE_MISSING",
    );
    await expectRejected(
      verifier.verify(at("https://h.example/webhooks/strava?token=strava-callback-tokeN")),
      "SIGNATURE_MISMATCH",
      [token],
    );
  });
});
