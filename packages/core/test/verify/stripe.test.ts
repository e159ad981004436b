import { describe, expect, it } from "vitest";
import Stripe from "stripe";
import { ConfigurationError } from "../../src/errors.ts";
import { createStripeSigner, createStripeVerifier } from "../../src/verify/stripe.ts";
import { expectRejected, NOW_MS, request } from "../helpers/verify-request.ts";

const stripe = new Stripe("sk_test_not_used_for_network");
const secret = "whsec_test_9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const payload = JSON.stringify(
  { id: "evt_1", object: "event", type: "payment_intent.succeeded", created: NOW_MS / 1000 },
  null,
  2,
);
const nowSeconds = NOW_MS / 1000;
const sdkHeader = (timestamp = nowSeconds, key = secret, scheme?: string): string =>
  stripe.webhooks.generateTestHeaderString({
    payload,
    secret: key,
    timestamp,
    ...(scheme === undefined ? {} : { scheme }),
  });
const sdkAccepts = (header: string, body = payload, key = secret): boolean => {
  try {
    stripe.webhooks.constructEvent(body, header, key, 300, undefined, NOW_MS);
    return true;
  } catch {
    return false;
  }
};

describe("Stripe, interop with stripe-node", () => {
  const verifier = createStripeVerifier({ secret });

  it("verifies generateTestHeaderString output, and constructEvent accepts our header", async () => {
    await verifier.verify(request({ "stripe-signature": sdkHeader() }, payload));
    const ours = await createStripeSigner({ secret }).sign({
      body: new TextEncoder().encode(payload),
      now: NOW_MS,
    });
    expect(ours["stripe-signature"]).toBe(sdkHeader());
    expect(
      stripe.webhooks.constructEvent(
        payload,
        ours["stripe-signature"] ?? "",
        secret,
        300,
        undefined,
        NOW_MS,
      ).id,
    ).toBe("evt_1");
  });

  it("uses the whole whsec_ string as the key (a base64-decoding verifier would fail)", async () => {
    const { createHmac } = await import("node:crypto");
    const sig = createHmac("sha256", secret).update(`${nowSeconds}.${payload}`).digest("hex");
    await verifier.verify(request({ "stripe-signature": `t=${nowSeconds},v1=${sig}` }, payload));
  });

  it("rejects what constructEvent rejects: tampered body, wrong secret, a replay older than 300 s", async () => {
    const header = sdkHeader();
    const tampered = payload.replace("evt_1", "evt_2");
    expect(sdkAccepts(header, tampered)).toBe(false);
    await expectRejected(
      verifier,
      request({ "stripe-signature": header }, tampered),
      "SIGNATURE_MISMATCH",
    );
    expect(sdkAccepts(header, payload, "whsec_other")).toBe(false);
    await expectRejected(
      createStripeVerifier({ secret: "whsec_other" }),
      request({ "stripe-signature": header }, payload),
      "SIGNATURE_MISMATCH",
    );
    const old = sdkHeader(nowSeconds - 301);
    expect(sdkAccepts(old)).toBe(false);
    await expectRejected(
      verifier,
      request({ "stripe-signature": old }, payload),
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    const boundary = sdkHeader(nowSeconds - 300);
    expect(sdkAccepts(boundary)).toBe(true);
    await verifier.verify(request({ "stripe-signature": boundary }, payload));
  });

  it("rejects a timestamp more than 300 s in the future, which stripe-node accepts (docs: five minutes from now)", async () => {
    const future = sdkHeader(nowSeconds + 301);
    expect(sdkAccepts(future)).toBe(true);
    await expectRejected(
      verifier,
      request({ "stripe-signature": future }, payload),
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    await createStripeVerifier({ secret, tolerance: { futureSeconds: Infinity } }).verify(
      request({ "stripe-signature": future }, payload),
    );
  });

  it("accepts any of several v1 signatures (secret being rolled) and ignores v0", async () => {
    const rolled = sdkHeader(nowSeconds, "whsec_old_secret");
    const current = sdkHeader().split(",")[1] ?? "";
    const header = `${rolled},v0=${"0".repeat(64)},${current}`;
    expect(sdkAccepts(header)).toBe(true);
    await verifier.verify(request({ "stripe-signature": header }, payload));
    await createStripeVerifier({ secret: ["whsec_old_secret", "whsec_unrelated"] }).verify(
      request({ "stripe-signature": rolled }, payload),
    );
  });

  it("fails a header holding only a v0 signature, as stripe-node does (downgrade protection)", async () => {
    const v0Only = sdkHeader(nowSeconds, secret, "v0");
    expect(sdkAccepts(v0Only)).toBe(false);
    await expectRejected(
      verifier,
      request({ "stripe-signature": v0Only }, payload),
      "SIGNATURE_MALFORMED",
    );
  });

  it("names a missing header, a missing or non-canonical t, and a repeated t", async () => {
    const v1 = sdkHeader().split(",")[1] ?? "";
    await expectRejected(verifier, request({}, payload), "SIGNATURE_MISSING");
    await expectRejected(
      verifier,
      request({ "stripe-signature": v1 }, payload),
      "TIMESTAMP_INVALID",
    );
    await expectRejected(
      verifier,
      request({ "stripe-signature": `t=0${nowSeconds},${v1}` }, payload),
      "TIMESTAMP_INVALID",
    );
    await expectRejected(
      verifier,
      request({ "stripe-signature": `t=${nowSeconds},t=${nowSeconds},${v1}` }, payload),
      "SIGNATURE_MALFORMED",
    );
  });

  it("refuses a Stripe API key in place of the signing secret at setup", () => {
    expect(() => createStripeVerifier({ secret: "sk_live_abc" })).toThrow(ConfigurationError);
  });
});
