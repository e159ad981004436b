import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { validateEvent, WebhookVerificationError } from "@polar-sh/sdk/webhooks";
import { Webhook } from "standardwebhooks";
import { polarSource } from "../../src/sources/presets/polar.ts";
import { decodeBase64, encodeBase64 } from "../../src/verify/encoding.ts";
import { createPolarSigner, createPolarVerifier } from "../../src/verify/polar.ts";
import { singleBitProperties } from "../helpers/single-bit-properties.ts";
import { expectNoLeak, expectRejected, NOW_MS, request } from "../helpers/verify-request.ts";

const secret = "polar_whs_4vVQ3cGfJk9sT2nL8xR0pYbE6mWzHaD1";
const payload = JSON.stringify({
  type: "checkout.created",
  timestamp: "2026-01-01T00:00:00Z",
  data: { id: "chk_1" },
});
const bytes = new TextEncoder().encode(payload);
const id = "msg_2wX8yZ";
/** How Polar signs: standardwebhooks with the secret's UTF-8 bytes as key (the SDK's own mapping). */
const official = new Webhook(Buffer.from(secret, "utf-8").toString("base64"));
const officialHeaders = (body = payload, at = NOW_MS): Record<string, string> => ({
  "webhook-id": id,
  "webhook-timestamp": String(Math.floor(at / 1000)),
  "webhook-signature": official.sign(id, new Date(at), body),
});
/** true when the SDK's signature check passes (its event parsing may still reject the sample). */
const sdkVerifies = (headers: Record<string, string>, body = payload, key = secret): boolean => {
  try {
    validateEvent(body, headers, key);
    return true;
  } catch (error) {
    return !(error instanceof WebhookVerificationError);
  }
};

describe("Polar, interop with @polar-sh/sdk (validateEvent)", () => {
  beforeEach(() => vi.useFakeTimers({ now: NOW_MS, toFake: ["Date"] }));
  afterEach(() => vi.useRealTimers());
  const verifier = createPolarVerifier({ secret });

  it("our signer → validateEvent accepts; Polar's signing (standardwebhooks over the UTF-8 secret) → we accept", async () => {
    const ours = await createPolarSigner({ secret }).sign({ id, body: bytes, now: NOW_MS });
    expect(ours).toEqual(officialHeaders());
    expect(sdkVerifies(ours)).toBe(true);
    await expect(verifier.verify(request(officialHeaders(), payload))).resolves.toEqual({
      secretIndex: 0,
      timestamp: NOW_MS,
    });
  });

  it("uses the secret's UTF-8 bytes as the key: a plain Standard Webhooks verifier (base64 after whsec_) would fail", async () => {
    const { createStandardWebhooksVerifier } =
      await import("../../src/verify/standard-webhooks.ts");
    await expectRejected(
      createStandardWebhooksVerifier({ secret: `whsec_${encodeBase64(new Uint8Array(32))}` }),
      request(officialHeaders(), payload),
      "SIGNATURE_MISMATCH",
    );
  });

  it("both reject a tampered body, a wrong secret and a stale timestamp", async () => {
    const headers = officialHeaders();
    const tampered = payload.replace("chk_1", "chk_2");
    expect(sdkVerifies(headers, tampered)).toBe(false);
    await expectRejected(verifier, request(headers, tampered), "SIGNATURE_MISMATCH");
    expect(sdkVerifies(headers, payload, "polar_whs_other")).toBe(false);
    const error = await expectRejected(
      createPolarVerifier({ secret: "polar_whs_other" }),
      request(headers, payload),
      "SIGNATURE_MISMATCH",
    );
    expectNoLeak(error, secret, headers["webhook-signature"] ?? "");
    const stale = officialHeaders(payload, NOW_MS - 301_000);
    expect(sdkVerifies(stale)).toBe(false);
    await expectRejected(verifier, request(stale, payload), "TIMESTAMP_OUT_OF_TOLERANCE");
    const ahead = officialHeaders(payload, NOW_MS + 301_000);
    expect(sdkVerifies(ahead)).toBe(false);
    await expectRejected(verifier, request(ahead, payload), "TIMESTAMP_OUT_OF_TOLERANCE");
  });

  it("names missing headers and accepts any of several secrets", async () => {
    await expectRejected(verifier, request({}, payload), "SIGNATURE_MISSING");
    await expect(
      createPolarVerifier({ secret: ["polar_whs_new", secret] }).verify(
        request(officialHeaders(), payload),
      ),
    ).resolves.toEqual({ secretIndex: 1, timestamp: NOW_MS });
  });

  it("the preset reads webhook-id, type and timestamp", () => {
    const source = polarSource({ secret });
    const context = {
      payload: JSON.parse(payload) as unknown,
      headers: new Headers(officialHeaders()),
      body: bytes,
    };
    expect(source.id(context)).toBe(id);
    expect(source.type(context)).toBe("checkout.created");
    expect(source.occurredAt?.(context)).toBe(NOW_MS);
  });

  describe("single-bit changes", () => {
    singleBitProperties({
      verifier: () => createPolarVerifier({ secret }),
      sign: async (body) => ({
        headers: await createPolarSigner({ secret }).sign({ id, body, now: NOW_MS }),
      }),
      signature: {
        header: "webhook-signature",
        pattern: /^v1,(.+)$/,
        decode: decodeBase64,
        encode: encodeBase64,
      },
    });
  });
});
