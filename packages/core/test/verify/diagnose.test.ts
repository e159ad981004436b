import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createHmacVerifier } from "../../src/verify/generic-hmac.ts";
import { createStandardWebhooksVerifier } from "../../src/verify/standard-webhooks.ts";
import { createStripeSigner, createStripeVerifier } from "../../src/verify/stripe.ts";
import { createGitHubSigner, createGitHubVerifier } from "../../src/verify/github.ts";
import { DIAGNOSIS_MAX_BODY_BYTES, diagnoseSignatureMismatch } from "../../src/verify/diagnose.ts";
import { expectNoLeak, expectRejected, NOW_MS, request } from "../helpers/verify-request.ts";

const event = {
  id: "evt_1",
  object: "event",
  type: "payment_intent.succeeded",
  data: { object: { amount: 1000 } },
};
const pretty = JSON.stringify(event, null, 2);
const compact = JSON.stringify(event);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("signature mismatch diagnosis", () => {
  it("says the host app parsed the body when a pretty-printed payload arrives re-serialised compactly (Stripe sends 2-space JSON)", async () => {
    const secret = "whsec_test_secret_value";
    const headers = await createStripeSigner({ secret }).sign({ body: utf8(pretty), now: NOW_MS });
    const error = await expectRejected(
      createStripeVerifier({ secret }),
      request(headers, compact),
      "SIGNATURE_MISMATCH",
    );
    expect(error.diagnosis).toMatch(/host app most likely parsed the body/);
    expect(error.message).toContain(error.diagnosis);
    expectNoLeak(error, secret, headers["stripe-signature"] ?? "");
  });

  it("also detects a compact payload that arrived pretty-printed", async () => {
    const headers = await createGitHubSigner({ secret: "gh-secret" }).sign({
      body: utf8(compact),
      now: NOW_MS,
    });
    const error = await expectRejected(
      createGitHubVerifier({ secret: "gh-secret" }),
      request(headers, pretty),
      "SIGNATURE_MISMATCH",
    );
    expect(error.diagnosis).toMatch(/re-serialised as JSON/);
  });

  it("says the configured secret has surrounding whitespace (a newline from an env file)", async () => {
    const headers = await createGitHubSigner({ secret: "gh-secret" }).sign({
      body: utf8(compact),
      now: NOW_MS,
    });
    const error = await expectRejected(
      createGitHubVerifier({ secret: "gh-secret\n" }),
      request(headers, compact),
      "SIGNATURE_MISMATCH",
    );
    expect(error.diagnosis).toMatch(/whitespace/);
    expectNoLeak(error, "gh-secret");
  });

  it("says Stripe's whsec_ prefix was stripped from the configured secret", async () => {
    const headers = await createStripeSigner({ secret: "whsec_abcdef123456" }).sign({
      body: utf8(compact),
      now: NOW_MS,
    });
    const error = await expectRejected(
      createStripeVerifier({ secret: "abcdef123456" }),
      request(headers, compact),
      "SIGNATURE_MISMATCH",
    );
    expect(error.diagnosis).toMatch(/including its `whsec_` prefix/);
    expectNoLeak(error, "abcdef123456");
  });

  it("says a Standard Webhooks sender keyed HMAC with the whole whsec_ string (Stripe's rule)", async () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const ts = String(NOW_MS / 1000);
    const sig = createHmac("sha256", secret).update(`msg_1.${ts}.${compact}`).digest("base64");
    const headers = {
      "webhook-id": "msg_1",
      "webhook-timestamp": ts,
      "webhook-signature": `v1,${sig}`,
    };
    const error = await expectRejected(
      createStandardWebhooksVerifier({ secret }),
      request(headers, compact),
      "SIGNATURE_MISMATCH",
    );
    expect(error.diagnosis).toMatch(/whole `whsec_…` string as the key/);
    expectNoLeak(error, secret, sig);
  });

  it("says a Stripe-style verifier is receiving Standard Webhooks keying (base64 after whsec_)", async () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const key = Buffer.from("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "base64");
    const sig = createHmac("sha256", key).update(compact).digest("hex");
    const error = await expectRejected(
      createHmacVerifier({ secret, header: "x-sig" }),
      request({ "x-sig": sig }, compact),
      "SIGNATURE_MISMATCH",
    );
    expect(error.diagnosis).toMatch(/Standard Webhooks-style/);
  });

  it("gives no diagnosis for a plain forgery, and none when diagnosis is turned off", async () => {
    const forged = { "x-hub-signature-256": `sha256=${"ab".repeat(32)}` };
    const error = await expectRejected(
      createGitHubVerifier({ secret: "gh-secret" }),
      request(forged, compact),
      "SIGNATURE_MISMATCH",
    );
    expect(error.diagnosis).toBeUndefined();
    const headers = await createGitHubSigner({ secret: "gh-secret" }).sign({
      body: utf8(compact),
      now: NOW_MS,
    });
    const quiet = await expectRejected(
      createGitHubVerifier({ secret: "gh-secret", diagnose: false }),
      request(headers, pretty),
      "SIGNATURE_MISMATCH",
    );
    expect(quiet.diagnosis).toBeUndefined();
  });

  it("does not re-parse bodies larger than the diagnosis bound", async () => {
    const big = utf8(JSON.stringify({ pad: "x".repeat(DIAGNOSIS_MAX_BODY_BYTES) }));
    let calls = 0;
    const diagnosis = await diagnoseSignatureMismatch({
      body: big,
      keys: [Uint8Array.of(1)],
      matches: async () => {
        calls += 1;
        return true;
      },
    });
    expect(diagnosis).toBeUndefined();
    expect(calls).toBe(0);
  });
});
