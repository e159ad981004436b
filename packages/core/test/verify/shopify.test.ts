import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createShopifySigner, createShopifyVerifier } from "../../src/verify/shopify.ts";
import { expectRejected, NOW_MS, request } from "../helpers/verify-request.ts";

const secret = "shpss_0123456789abcdef";
const payload = '{"id":820982911946154508,"email":"jon@example.com"}';
const expected = createHmac("sha256", secret).update(payload).digest("base64");

describe("Shopify", () => {
  const verifier = createShopifyVerifier({ secret });

  it("verifies a base64 HMAC-SHA256 of the raw body (independent node:crypto computation)", async () => {
    await verifier.verify(request({ "x-shopify-hmac-sha256": expected }, payload));
    expect(
      await createShopifySigner({ secret }).sign({
        body: new TextEncoder().encode(payload),
        now: NOW_MS,
      }),
    ).toEqual({ "x-shopify-hmac-sha256": expected });
  });

  it("reads the un-prefixed header of Shopify events deliveries first, as the SDK does", async () => {
    await verifier.verify(request({ "shopify-hmac-sha256": expected }, payload));
    const headers = { "shopify-hmac-sha256": expected, "x-shopify-hmac-sha256": "AAAA" };
    await verifier.verify(request(headers, payload));
  });

  it("rejects a tampered body, a hex signature and a missing header", async () => {
    await expectRejected(
      verifier,
      request({ "x-shopify-hmac-sha256": expected }, payload.replace("jon", "eve")),
      "SIGNATURE_MISMATCH",
    );
    const hex = createHmac("sha256", secret).update(payload).digest("hex");
    await expectRejected(
      verifier,
      request({ "x-shopify-hmac-sha256": hex }, payload),
      "SIGNATURE_MALFORMED",
    );
    await expectRejected(verifier, request({}, payload), "SIGNATURE_MISSING");
  });

  it("accepts the signature of any configured secret (rotating the app secret)", async () => {
    await createShopifyVerifier({ secret: ["new-secret", secret] }).verify(
      request({ "x-shopify-hmac-sha256": expected }, payload),
    );
  });
});
