import { describe, expect, it } from "vitest";
import { createHmacSigner, createHmacVerifier } from "../../src/verify/generic-hmac.ts";
import { keyValueSignatureFormat } from "../../src/verify/signature-header-format.ts";
import { isHookwiseError } from "../../src/errors.ts";
import { utf8 } from "../../src/util/bytes.ts";

const now = Date.UTC(2026, 0, 1);
const body = utf8('{"id":"evt_1","type":"order.completed"}');

async function rejection(
  promise: Promise<unknown>,
): Promise<{ code: string; diagnosis?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isHookwiseError(error)) return error as never;
    throw error;
  }
  throw new Error("expected a rejection");
}

describe("createHmacVerifier", () => {
  it("accepts what the signer with the same options signs", async () => {
    const options = { secret: "s3cret", header: "x-signature", prefix: "sha256=" };
    const headers = await createHmacSigner(options).sign({ body, now });
    await createHmacVerifier(options).verify({
      method: "POST",
      url: "https://x/",
      headers: new Headers(headers),
      body,
      now,
    });
  });

  it("verifies a Stripe-like key/value header with a timestamp", async () => {
    const options = {
      secret: "whsec_abc",
      header: "stripe-signature",
      signedContent: "{timestamp}.{body}",
      format: keyValueSignatureFormat({
        itemSeparator: ",",
        timestampKey: "t",
        signatureKey: "v1",
      }),
    };
    const headers = await createHmacSigner(options).sign({ body, now });
    expect(headers["stripe-signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const verifier = createHmacVerifier(options);
    await verifier.verify({
      method: "POST",
      url: "https://x/",
      headers: new Headers(headers),
      body,
      now,
    });
    const late = await rejection(
      verifier.verify({
        method: "POST",
        url: "https://x/",
        headers: new Headers(headers),
        body,
        now: now + 301_000,
      }),
    );
    expect(late.code).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
  });

  it("diagnoses a body re-serialised by the host app", async () => {
    const pretty = utf8(JSON.stringify({ id: "evt_1", type: "order.completed" }, null, 2));
    const options = { secret: "s3cret", header: "x-signature" };
    const headers = await createHmacSigner(options).sign({ body: pretty, now });
    const error = await rejection(
      createHmacVerifier(options).verify({
        method: "POST",
        url: "https://x/",
        headers: new Headers(headers),
        body,
        now,
      }),
    );
    expect(error.code).toBe("SIGNATURE_MISMATCH");
    expect(error.diagnosis).toMatch(/re-serialised/);
  });
});
