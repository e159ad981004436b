import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parse, verifySignature } from "gocardless-nodejs/webhooks";
import { gocardlessSource } from "../../src/sources/presets/gocardless.ts";
import { decodeHex, encodeHex } from "../../src/verify/encoding.ts";
import { createGoCardlessSigner, createGoCardlessVerifier } from "../../src/verify/gocardless.ts";
import { singleBitProperties } from "../helpers/single-bit-properties.ts";
import { expectNoLeak, expectRejected, NOW_MS, request } from "../helpers/verify-request.ts";

const secret = "ElCZxfwd0KcQxXFe6rQjXQ9hH2xkwHbS";
const events = [
  {
    id: "EV0006ZKZ2X0QN",
    created_at: "2026-01-01T00:00:00.000Z",
    resource_type: "payments",
    action: "confirmed",
    links: { payment: "PM0004C2XQWK7Y" },
  },
];
const payload = JSON.stringify({ events, meta: { webhook_id: "WB0000F3NXK2RA" } });
const bytes = new TextEncoder().encode(payload);
const sign = async (body: Uint8Array = bytes, key = secret): Promise<string> =>
  (await createGoCardlessSigner({ secret: key }).sign({ body, now: NOW_MS }))[
    "webhook-signature"
  ] ?? "";
const sdkAccepts = (body: string, header: string, key = secret): boolean => {
  try {
    verifySignature(body, key, header);
    return true;
  } catch {
    return false;
  }
};

describe("GoCardless, interop with gocardless-nodejs (webhooks.parse)", () => {
  const verifier = createGoCardlessVerifier({ secret });

  it("our signer → parse accepts; the documented hex HMAC (what GoCardless sends) → we accept", async () => {
    const ours = await sign();
    expect(parse(payload, secret, ours)).toHaveLength(1);
    const documented = createHmac("sha256", secret).update(payload).digest("hex");
    expect(sdkAccepts(payload, documented)).toBe(true);
    await expect(
      verifier.verify(request({ "webhook-signature": documented }, payload)),
    ).resolves.toEqual({ secretIndex: 0 });
  });

  it("both reject a tampered body and a wrong secret", async () => {
    const header = await sign();
    const tampered = payload.replace("confirmed", "failed");
    expect(sdkAccepts(tampered, header)).toBe(false);
    await expectRejected(
      verifier,
      request({ "webhook-signature": header }, tampered),
      "SIGNATURE_MISMATCH",
    );
    expect(sdkAccepts(payload, header, "other")).toBe(false);
    const error = await expectRejected(
      createGoCardlessVerifier({ secret: "other" }),
      request({ "webhook-signature": header }, payload),
      "SIGNATURE_MISMATCH",
    );
    expectNoLeak(error, secret, header);
  });

  it("rejects a signature followed by junk, which the SDK's Buffer hex decoding accepts (it stops at the first non-hex character)", async () => {
    const junk = `${await sign()}zz`;
    expect(sdkAccepts(payload, junk)).toBe(true);
    await expectRejected(
      verifier,
      request({ "webhook-signature": junk }, payload),
      "SIGNATURE_MALFORMED",
    );
  });

  it("names a missing header and accepts any of several secrets", async () => {
    await expectRejected(verifier, request({}, payload), "SIGNATURE_MISSING");
    await expect(
      createGoCardlessVerifier({ secret: ["new", secret] }).verify(
        request({ "webhook-signature": await sign() }, payload),
      ),
    ).resolves.toEqual({ secretIndex: 1 });
  });

  it("the preset reads meta.webhook_id, <resource_type>.<action> and created_at", () => {
    const source = gocardlessSource({ secret });
    const context = {
      payload: JSON.parse(payload) as unknown,
      headers: new Headers(),
      body: bytes,
    };
    expect(source.id(context)).toBe("WB0000F3NXK2RA");
    expect(source.type(context)).toBe("payments.confirmed");
    expect(source.occurredAt?.(context)).toBe(Date.parse("2026-01-01T00:00:00.000Z"));
    const batch = { ...context, payload: { events: [...events, { ...events[0], id: "EV2" }] } };
    expect(source.id(batch)).toBe("batch:2:EV0006ZKZ2X0QN:EV2");
    expect(source.type(batch)).toBe("batch");
  });

  describe("single-bit changes", () => {
    singleBitProperties({
      verifier: () => createGoCardlessVerifier({ secret }),
      sign: async (body) => ({ headers: { "webhook-signature": await sign(body) } }),
      signature: {
        header: "webhook-signature",
        pattern: /^(.+)$/,
        decode: decodeHex,
        encode: encodeHex,
      },
    });
  });
});
