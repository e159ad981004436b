import { describe, expect, it } from "vitest";
import { hmacValidator as HmacValidator } from "@adyen/api-library";
import { adyenSource } from "../../src/sources/presets/adyen.ts";
import { createAdyenSigner, createAdyenVerifier } from "../../src/verify/adyen.ts";
import { expectNoLeak, expectRejected, NOW_MS, request } from "../helpers/verify-request.ts";
import fc from "fast-check";

const validator = new HmacValidator();
const hmacKey = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
const otherKey = "AB".repeat(32);
const item = {
  additionalData: { authCode: "58747" },
  amount: { currency: "EUR", value: 1130 },
  eventCode: "AUTHORISATION",
  eventDate: "2026-01-01T00:00:00+00:00",
  merchantAccountCode: "YOUR_MERCHANT_ACCOUNT",
  merchantReference: "order-42",
  paymentMethod: "visa",
  pspReference: "QFQTPCQ8HXSKGK82",
  reason: "58747:1111:03/2030",
  success: "true",
};
const notification = { live: "false", notificationItems: [{ NotificationRequestItem: item }] };
type Parsed = {
  notificationItems: {
    NotificationRequestItem: typeof item & { additionalData: Record<string, string> };
  }[];
};
const signed = (key = hmacKey, value: unknown = notification): Promise<string> =>
  createAdyenSigner({ hmacKey: key }).signBody(value);
/** The notification signed by the SDK's own calculateHmac. */
const sdkSigned = (key = hmacKey): string => {
  const copy = structuredClone(item);
  copy.additionalData = {
    ...copy.additionalData,
    hmacSignature: validator.calculateHmac(copy as never, key),
  } as never;
  return JSON.stringify({
    ...notification,
    notificationItems: [{ NotificationRequestItem: copy }],
  });
};
const sdkAccepts = (body: string, key = hmacKey): boolean =>
  (JSON.parse(body) as Parsed).notificationItems.every((entry) =>
    validator.validateHMAC(entry.NotificationRequestItem as never, key),
  );

describe("Adyen, interop with @adyen/api-library (hmacValidator)", () => {
  const verifier = createAdyenVerifier({ hmacKey });

  it("our signer → validateHMAC accepts; the SDK's calculateHmac → we accept", async () => {
    const ours = await signed();
    expect(sdkAccepts(ours)).toBe(true);
    expect(ours).toBe(sdkSigned());
    await expect(verifier.verify(request({}, sdkSigned()))).resolves.toEqual({ secretIndex: 0 });
  });

  it("both reject a changed signed field (amount) and a wrong key; unsigned fields are not covered, as Adyen documents", async () => {
    const body = await signed();
    const tampered = body.replace('"value":1130', '"value":1');
    expect(sdkAccepts(tampered)).toBe(false);
    await expectRejected(verifier, request({}, tampered), "SIGNATURE_MISMATCH");
    expect(sdkAccepts(body, otherKey)).toBe(false);
    const error = await expectRejected(
      createAdyenVerifier({ hmacKey: otherKey }),
      request({}, body),
      "SIGNATURE_MISMATCH",
    );
    expectNoLeak(error, hmacKey);
    const unsigned = body.replace("visa", "mc");
    expect(sdkAccepts(unsigned)).toBe(true);
    await verifier.verify(request({}, unsigned));
  });

  it("requires every item of a batch to verify (one forged item fails the request)", async () => {
    const two = {
      ...notification,
      notificationItems: [
        { NotificationRequestItem: item },
        { NotificationRequestItem: { ...item, pspReference: "SECOND" } },
      ],
    };
    const body = await signed(hmacKey, two);
    await expect(verifier.verify(request({}, body))).resolves.toEqual({ secretIndex: 0 });
    const forged = body.replace('"pspReference":"SECOND"', '"pspReference":"THIRD"');
    await expectRejected(verifier, request({}, forged), "SIGNATURE_MISMATCH");
  });

  it("rejects an unpadded or base64url hmacSignature, which the SDK's Buffer base64 decoding accepts", async () => {
    const body = await signed();
    const signature =
      (JSON.parse(body) as Parsed).notificationItems[0]?.NotificationRequestItem.additionalData
        .hmacSignature ?? "";
    const unpadded = body.replace(signature, signature.replace(/=+$/, ""));
    expect(sdkAccepts(unpadded)).toBe(true);
    await expectRejected(verifier, request({}, unpadded), "SIGNATURE_MALFORMED");
  });

  it("names a missing signature and a body that is not a notification", async () => {
    await expectRejected(verifier, request({}, JSON.stringify(notification)), "SIGNATURE_MISSING");
    await expectRejected(verifier, request({}, "not json"), "SIGNATURE_MALFORMED");
    await expectRejected(verifier, request({}, "{}"), "SIGNATURE_MALFORMED");
  });

  it("refuses a key with a trailing newline at setup, which the SDK's Buffer hex decoding silently drops", async () => {
    const body = await signed();
    expect(sdkAccepts(body, `${hmacKey}\n`)).toBe(true);
    expect(() => createAdyenVerifier({ hmacKey: `${hmacKey}\n` })).toThrow(/hmacKey/);
  });

  it("refuses a key that is not hex at setup, and accepts any of several keys", async () => {
    expect(() => createAdyenVerifier({ hmacKey: "not-hex" })).toThrow(/hmacKey/);
    await expect(
      createAdyenVerifier({ hmacKey: [otherKey, hmacKey] }).verify(request({}, await signed())),
    ).resolves.toEqual({ secretIndex: 1 });
  });

  it("the preset reads pspReference:eventCode:success, eventCode and eventDate, and answers [accepted]", async () => {
    const source = adyenSource({ hmacKey });
    const body = await signed();
    const context = {
      payload: JSON.parse(body) as unknown,
      headers: new Headers(),
      body: new TextEncoder().encode(body),
    };
    expect(source.id(context)).toBe("QFQTPCQ8HXSKGK82:AUTHORISATION:true");
    expect(source.type(context)).toBe("AUTHORISATION");
    expect(source.occurredAt?.(context)).toBe(NOW_MS);
    expect(
      source.acknowledge?.({
        outcome: "accepted",
        eventId: "x",
        type: "AUTHORISATION",
        payload: {},
      })?.body,
    ).toBe("[accepted]");
  });

  it("rejects any single-bit change of a signed field or of the signature (property)", async () => {
    const fields = ["pspReference", "merchantReference", "eventCode"] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[A-Z0-9]{4,24}$/),
        fc.constantFrom(...fields),
        fc.nat(),
        async (text, field, bit) => {
          const body = await signed(hmacKey, {
            ...notification,
            notificationItems: [{ NotificationRequestItem: { ...item, [field]: text } }],
          });
          await verifier.verify(request({}, body));
          const index = Math.floor(bit / 7) % text.length;
          const flipped =
            text.slice(0, index) +
            String.fromCharCode(text.charCodeAt(index) ^ (1 << (bit % 7))) +
            text.slice(index + 1);
          const changed = body.replace(JSON.stringify(text), JSON.stringify(flipped));
          await expect(verifier.verify(request({}, changed))).rejects.toMatchObject({
            code: expect.stringMatching(/^SIGNATURE_/) as unknown,
          });
          const signature =
            (JSON.parse(body) as Parsed).notificationItems[0]?.NotificationRequestItem
              .additionalData.hmacSignature ?? "";
          const raw = Buffer.from(signature, "base64");
          raw[bit % 32] = (raw[bit % 32] ?? 0) ^ (1 << (bit % 8));
          await expect(
            verifier.verify(request({}, body.replace(signature, raw.toString("base64")))),
          ).rejects.toMatchObject({ code: "SIGNATURE_MISMATCH" });
        },
      ),
      { numRuns: 60 },
    );
  });
});
