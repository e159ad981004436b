import { createHash, createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import braintree from "braintree";
import { braintreeSource } from "../../src/sources/presets/braintree.ts";
import { readBraintreeNotification } from "../../src/sources/presets/braintree-notification.ts";
import { createBraintreeSigner, createBraintreeVerifier } from "../../src/verify/braintree.ts";
import { singleBitProperties } from "../helpers/single-bit-properties.ts";
import { expectNoLeak, expectRejected, NOW_MS, request } from "../helpers/verify-request.ts";

const key = { publicKey: "pk_7tq2xjv9", privateKey: "a3f1c9e07b2d4e6f8a1b3c5d7e9f0a2b" };
const otherKey = { publicKey: "pk_rolled_in", privateKey: "0f9e8d7c6b5a49382716a5b4c3d2e1f0" };
const gatewayFor = (pair: typeof key) =>
  new braintree.BraintreeGateway({
    environment: braintree.Environment.Sandbox,
    merchantId: "merchant",
    ...pair,
  });
const gateway = gatewayFor(key);
const verifier = createBraintreeVerifier({ keys: key });
const xml = `<?xml version="1.0" encoding="UTF-8"?>
<notification>
  <kind>check</kind>
  <timestamp type="datetime">2026-01-01T00:00:00Z</timestamp>
  <subject><check type="boolean">true</check></subject>
</notification>`;
const form = (fields: { readonly bt_signature?: string; readonly bt_payload?: string }): string =>
  new URLSearchParams(fields).toString();
const post = (body: string) =>
  request({ "content-type": "application/x-www-form-urlencoded" }, body);
const sdkAccepts = async (signature: string, payload: string, gw = gateway): Promise<boolean> => {
  try {
    await gw.webhookNotification.parse(signature, payload);
    return true;
  } catch {
    return false;
  }
};

describe("Braintree, interop with braintree (webhookNotification.parse / webhookTesting.sampleNotification)", () => {
  // The SDK stamps sample notifications with new Date(); pin it to the tests' clock.
  beforeEach(() => vi.useFakeTimers({ now: NOW_MS, toFake: ["Date"] }));
  afterEach(() => vi.useRealTimers());

  it("sampleNotification's form → we accept; our signBody → parse accepts and reads the same kind and timestamp", async () => {
    const sample = await gateway.webhookTesting.sampleNotification(
      "subscription_charged_successfully",
      "sub_1",
    );
    await expect(verifier.verify(post(form(sample)))).resolves.toEqual({ secretIndex: 0 });
    const body = await createBraintreeSigner({ keys: key }).signBody(xml);
    const fields = new URLSearchParams(body);
    const parsed = await gateway.webhookNotification.parse(
      fields.get("bt_signature") ?? "",
      fields.get("bt_payload") ?? "",
    );
    expect(parsed.kind).toBe("check");
    expect(parsed.timestamp).toEqual("2026-01-01T00:00:00Z");
    await verifier.verify(post(body));
  });

  it("the preset reads the root's kind and timestamp, not a dispute's nested <kind>", async () => {
    const sample = await gateway.webhookTesting.sampleNotification("dispute_opened", "dp_1");
    const source = braintreeSource({ keys: key });
    const body = new TextEncoder().encode(form(sample));
    const payload = source.parse?.(body, "application/x-www-form-urlencoded");
    const context = { payload, headers: new Headers(), body };
    expect(source.type(context)).toBe("dispute_opened");
    expect((payload as { xml: string }).xml).toContain("<kind>chargeback</kind>");
    expect(source.occurredAt?.(context)).toBe(NOW_MS);
    const hash = createHash("sha256").update(sample.bt_payload).digest("hex");
    expect(source.id(context)).toBe(`dispute_opened:2026-01-01T00:00:00Z:${hash}`);
    expect(source.mediaTypes).toEqual(["application/x-www-form-urlencoded"]);
  });

  it("the extraction refuses DOCTYPE, comments, CDATA, another root and unbalanced tags, and expands no entity", () => {
    const b64 = (text: string) => Buffer.from(text).toString("base64");
    for (const bad of [
      '<!DOCTYPE x [<!ENTITY e "boom">]><notification><kind>&e;</kind></notification>',
      "<notification><!-- c --><kind>check</kind></notification>",
      "<notification><kind><![CDATA[check]]></kind></notification>",
      "<other><kind>check</kind></other>",
      "<notification><kind>check</kind>",
    ])
      expect(() => readBraintreeNotification(b64(bad))).toThrow();
    expect(
      readBraintreeNotification(b64("<notification><kind>a&amp;b</kind></notification>")).kind,
    ).toBeUndefined();
    expect(() => readBraintreeNotification("***")).toThrow();
  });

  it("both reject a tampered payload, another private key and a signature for an unknown public key", async () => {
    const sample = await gateway.webhookTesting.sampleNotification("check", "");
    const tampered = Buffer.from(
      Buffer.from(sample.bt_payload, "base64").toString().replace("check", "chek"),
    ).toString("base64");
    expect(await sdkAccepts(sample.bt_signature, tampered)).toBe(false);
    await expectRejected(
      verifier,
      post(form({ ...sample, bt_payload: tampered })),
      "SIGNATURE_MISMATCH",
    );
    const wrong = { publicKey: key.publicKey, privateKey: otherKey.privateKey };
    expect(await sdkAccepts(sample.bt_signature, sample.bt_payload, gatewayFor(wrong))).toBe(false);
    const error = await expectRejected(
      createBraintreeVerifier({ keys: wrong }),
      post(form(sample)),
      "SIGNATURE_MISMATCH",
    );
    expectNoLeak(error, key.privateKey, otherKey.privateKey, sample.bt_signature);
    expect(await sdkAccepts(sample.bt_signature, sample.bt_payload, gatewayFor(otherKey))).toBe(
      false,
    );
    await expectRejected(
      createBraintreeVerifier({ keys: otherKey }),
      post(form(sample)),
      "SIGNATURE_MISMATCH",
    );
  });

  it("accepts a pair for any configured key pair (one per API key, as Braintree sends), reporting which", async () => {
    const body = await createBraintreeSigner({ keys: [otherKey, key] }).signBody(xml);
    const fields = new URLSearchParams(body);
    expect(fields.get("bt_signature")).toMatch(
      /^pk_rolled_in\|[0-9a-f]{40}&pk_7tq2xjv9\|[0-9a-f]{40}$/,
    );
    expect(await sdkAccepts(fields.get("bt_signature") ?? "", fields.get("bt_payload") ?? "")).toBe(
      true,
    );
    await expect(
      createBraintreeVerifier({ keys: [{ publicKey: "pk_unused", privateKey: "x1" }, key] }).verify(
        post(body),
      ),
    ).resolves.toEqual({ secretIndex: 1 });
  });

  it("accepts the payload with its trailing newline stripped, as the SDK does", async () => {
    const sample = await gateway.webhookTesting.sampleNotification("check", "");
    const stripped = sample.bt_payload.replace(/\n$/, "");
    expect(await sdkAccepts(sample.bt_signature, stripped)).toBe(true);
    await verifier.verify(post(form({ ...sample, bt_payload: stripped })));
  });

  it("rejects a signature with trailing NUL characters, which the SDK's zip-based compare accepts", async () => {
    const sample = await gateway.webhookTesting.sampleNotification("check", "");
    const padded = `${sample.bt_signature}\u0000\u0000`;
    expect(await sdkAccepts(padded, sample.bt_payload)).toBe(true);
    await expectRejected(
      verifier,
      post(form({ ...sample, bt_signature: padded })),
      "SIGNATURE_MISMATCH",
    );
  });

  it("names a missing bt_signature, a repeated field and a payload with characters outside base64, as the SDK refuses too", async () => {
    const sample = await gateway.webhookTesting.sampleNotification("check", "");
    await expectRejected(
      verifier,
      post(form({ bt_payload: sample.bt_payload })),
      "SIGNATURE_MISSING",
    );
    await expectRejected(verifier, post(`${form(sample)}&bt_signature=x`), "SIGNATURE_MALFORMED");
    const odd = `${sample.bt_payload}*`;
    expect(await sdkAccepts(sample.bt_signature, odd)).toBe(false);
    await expectRejected(
      verifier,
      post(form({ ...sample, bt_payload: odd })),
      "SIGNATURE_MALFORMED",
    );
    expect(() =>
      createBraintreeVerifier({ keys: { publicKey: "pk", privateKey: "key\n" } }),
    ).toThrow();
  });

  describe("single-bit changes", () => {
    // Percent-escapes are case-insensitive (`%2B` = `%2b`), so, as for Twilio, the signed form is
    // written without them: `|` and `=` are literal in a form value, and `+` (a space in a form) is
    // swapped for `/` (the verifier checks the MAC of the payload text, not its XML).
    singleBitProperties({
      verifier: () => verifier,
      sign: (bytes) => {
        const payload = `${Buffer.from(bytes).toString("base64").replaceAll("+", "/")}\n`;
        const hmacKey = createHash("sha1").update(key.privateKey).digest();
        const mac = createHmac("sha1", hmacKey).update(payload).digest("hex");
        const body = `bt_signature=${key.publicKey}|${mac}&bt_payload=${payload}`;
        return Promise.resolve({ headers: {}, body: new TextEncoder().encode(body) });
      },
    });
  });
});
