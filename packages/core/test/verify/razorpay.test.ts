import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import Razorpay from "razorpay";
import { razorpaySource } from "../../src/sources/presets/razorpay.ts";
import { decodeHex, encodeHex } from "../../src/verify/encoding.ts";
import { createRazorpaySigner, createRazorpayVerifier } from "../../src/verify/razorpay.ts";
import { singleBitProperties } from "../helpers/single-bit-properties.ts";
import { expectNoLeak, expectRejected, NOW_MS, request } from "../helpers/verify-request.ts";

const { validateWebhookSignature } = Razorpay;
const secret = "rzp_webhook_secret_0123456789";
const payload = JSON.stringify({
  entity: "event",
  account_id: "acc_BFQ7uQEaa7j2z7",
  event: "payment.captured",
  contains: ["payment"],
  payload: { payment: { entity: { id: "pay_DESlfW9H8K9uqM", amount: 100 } } },
  created_at: 1567674606,
});
const bytes = new TextEncoder().encode(payload);
const sign = async (key = secret, body: Uint8Array = bytes): Promise<string> =>
  (await createRazorpaySigner({ secret: key }).sign({ body, now: NOW_MS }))[
    "x-razorpay-signature"
  ] ?? "";
const documented = (body: string, key = secret): string =>
  createHmac("sha256", key).update(body).digest("hex");

describe("Razorpay, interop with razorpay (validateWebhookSignature)", () => {
  const verifier = createRazorpayVerifier({ secret });

  it("our signer → the SDK accepts; the documented HMAC (what Razorpay sends) → we accept", async () => {
    const ours = await sign();
    expect(validateWebhookSignature(payload, ours, secret)).toBe(true);
    expect(ours).toBe(documented(payload));
    expect(validateWebhookSignature(payload, documented(payload), secret)).toBe(true);
    await expect(
      verifier.verify(request({ "x-razorpay-signature": documented(payload) }, payload)),
    ).resolves.toEqual({ secretIndex: 0 });
  });

  it("both reject a tampered body and a wrong secret", async () => {
    const header = await sign();
    const tampered = payload.replace("100", "999");
    expect(validateWebhookSignature(tampered, header, secret)).toBe(false);
    await expectRejected(
      verifier,
      request({ "x-razorpay-signature": header }, tampered),
      "SIGNATURE_MISMATCH",
    );
    expect(validateWebhookSignature(payload, header, "other")).toBe(false);
    const error = await expectRejected(
      createRazorpayVerifier({ secret: "other-secret" }),
      request({ "x-razorpay-signature": header }, payload),
      "SIGNATURE_MISMATCH",
    );
    expectNoLeak(error, secret, header);
  });

  it("verifies the raw bytes, which the SDK decodes to a string first (invalid UTF-8 becomes U+FFFD and verifies there for other bytes)", async () => {
    const raw = Uint8Array.from([0x7b, 0xff, 0x7d]);
    const lossy = Uint8Array.from([0x7b, 0xef, 0xbf, 0xbd, 0x7d]);
    const overLossy = await sign(secret, lossy);
    expect(validateWebhookSignature(Buffer.from(raw) as unknown as string, overLossy, secret)).toBe(
      true,
    );
    await expectRejected(
      verifier,
      request({ "x-razorpay-signature": overLossy }, raw),
      "SIGNATURE_MISMATCH",
    );
  });

  it("names a missing and a malformed header", async () => {
    await expectRejected(verifier, request({}, payload), "SIGNATURE_MISSING");
    await expectRejected(
      verifier,
      request({ "x-razorpay-signature": "sha256=abc" }, payload),
      "SIGNATURE_MALFORMED",
    );
  });

  it("accepts any of several secrets and reports which one signed", async () => {
    const rotated = createRazorpayVerifier({ secret: ["new-secret", secret] });
    await expect(
      rotated.verify(request({ "x-razorpay-signature": await sign() }, payload)),
    ).resolves.toEqual({ secretIndex: 1 });
  });

  it("diagnoses a body re-serialised by a JSON parser", async () => {
    const pretty = JSON.stringify(JSON.parse(payload), null, 2);
    const error = await expectRejected(
      verifier,
      request({ "x-razorpay-signature": documented(pretty) }, payload),
      "SIGNATURE_MISMATCH",
    );
    expect(error.diagnosis).toMatch(/re-serialised/);
  });

  it("the preset reads the event id header, the event name and created_at", () => {
    const source = razorpaySource({ secret });
    const context = {
      payload: JSON.parse(payload) as unknown,
      headers: new Headers({ "x-razorpay-event-id": "EtqNb9Z3dzpYMi" }),
      body: bytes,
    };
    expect(source.id(context)).toBe("EtqNb9Z3dzpYMi");
    expect(source.type(context)).toBe("payment.captured");
    expect(source.occurredAt?.(context)).toBe(1567674606000);
  });

  describe("single-bit changes", () => {
    singleBitProperties({
      verifier: () => createRazorpayVerifier({ secret }),
      sign: async (body) => ({ headers: { "x-razorpay-signature": await sign(secret, body) } }),
      signature: {
        header: "x-razorpay-signature",
        pattern: /^(.+)$/,
        decode: decodeHex,
        encode: encodeHex,
      },
    });
  });
});
