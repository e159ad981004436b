import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { validateSignature } from "@line/bot-sdk";
import { lineSource } from "../../src/sources/presets/line.ts";
import { decodeBase64, encodeBase64 } from "../../src/verify/encoding.ts";
import { createLineSigner, createLineVerifier } from "../../src/verify/line.ts";
import { singleBitProperties } from "../helpers/single-bit-properties.ts";
import { expectNoLeak, expectRejected, NOW_MS, request } from "../helpers/verify-request.ts";

const secret = "8c570fa6dd201bb328f1c1eac23a96d8";
const event = {
  type: "message",
  webhookEventId: "01FZ74A0TDDPYRVKNK77XKC3ZR",
  timestamp: 1625665242211,
  deliveryContext: { isRedelivery: false },
  message: { type: "text", id: "14353798921116", text: "Hello, world" },
};
const payload = JSON.stringify({ destination: "U5f8b7d1a0ea8", events: [event] });
const bytes = new TextEncoder().encode(payload);
const sign = async (body: Uint8Array = bytes, key = secret): Promise<string> =>
  (await createLineSigner({ secret: key }).sign({ body, now: NOW_MS }))["x-line-signature"] ?? "";
const documented = (body: string | Uint8Array, key = secret): string =>
  createHmac("sha256", key).update(body).digest("base64");

describe("LINE, interop with @line/bot-sdk (validateSignature)", () => {
  const verifier = createLineVerifier({ secret });

  it("our signer → the SDK accepts; the documented base64 HMAC (what LINE sends) → we accept", async () => {
    const ours = await sign();
    expect(validateSignature(payload, secret, ours)).toBe(true);
    expect(validateSignature(payload, secret, documented(payload))).toBe(true);
    await expect(
      verifier.verify(request({ "x-line-signature": documented(payload) }, payload)),
    ).resolves.toEqual({ secretIndex: 0 });
  });

  it("both reject a tampered body and a wrong channel secret", async () => {
    const header = await sign();
    const tampered = payload.replace("Hello", "Hullo");
    expect(validateSignature(tampered, secret, header)).toBe(false);
    await expectRejected(
      verifier,
      request({ "x-line-signature": header }, tampered),
      "SIGNATURE_MISMATCH",
    );
    expect(validateSignature(payload, "0".repeat(32), header)).toBe(false);
    const error = await expectRejected(
      createLineVerifier({ secret: "0".repeat(32) }),
      request({ "x-line-signature": header }, payload),
      "SIGNATURE_MISMATCH",
    );
    expectNoLeak(error, secret, header);
  });

  it("rejects base64url, unpadded or padded-with-junk signatures, which the SDK's lenient Buffer base64 decoding accepts", async () => {
    const header = await sign();
    const variants = [
      header.replace(/=+$/, ""),
      header.replace(/\+/g, "-").replace(/\//g, "_"),
      `${header}!!`,
    ];
    for (const variant of variants) {
      expect(validateSignature(payload, secret, variant)).toBe(true);
      await expectRejected(
        verifier,
        request({ "x-line-signature": variant }, payload),
        "SIGNATURE_MALFORMED",
      );
    }
  });

  it("names a missing header and accepts any of several channel secrets", async () => {
    await expectRejected(verifier, request({}, payload), "SIGNATURE_MISSING");
    await expect(
      createLineVerifier({ secret: ["f".repeat(32), secret] }).verify(
        request({ "x-line-signature": await sign() }, payload),
      ),
    ).resolves.toEqual({ secretIndex: 1 });
  });

  it("the preset reads webhookEventId, the event type and timestamp, and answers the console's empty verification request", async () => {
    const source = lineSource({ secret });
    const context = {
      payload: JSON.parse(payload) as unknown,
      headers: new Headers(),
      body: bytes,
    };
    expect(source.id(context)).toBe(event.webhookEventId);
    expect(source.type(context)).toBe("message");
    expect(source.occurredAt?.(context)).toBe(event.timestamp);
    const two = { ...context, payload: { events: [event, { ...event, webhookEventId: "02" }] } };
    expect(source.id(two)).toBe(`batch:2:${event.webhookEventId}:02`);
    expect(source.type(two)).toBe("batch");
    const empty = { ...context, payload: { destination: "U1", events: [] }, verification: {} };
    expect(await source.handshake?.(empty)).toEqual({ status: 200, headers: {}, body: "" });
    expect(await source.handshake?.({ ...context, verification: {} })).toBeUndefined();
  });

  describe("single-bit changes", () => {
    singleBitProperties({
      verifier: () => createLineVerifier({ secret }),
      sign: async (body) => ({ headers: { "x-line-signature": await sign(body) } }),
      signature: {
        header: "x-line-signature",
        pattern: /^(.+)$/,
        decode: decodeBase64,
        encode: encodeBase64,
      },
    });
  });
});
