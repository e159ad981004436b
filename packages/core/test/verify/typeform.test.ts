import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTypeformSigner, createTypeformVerifier } from "../../src/verify/typeform.ts";
import { expectRejected, NOW_MS, request } from "../helpers/verify-request.ts";

const secret = "typeform-secret";
const payload = '{"event_id":"01H","event_type":"form_response"}';
const base64 = createHmac("sha256", secret).update(payload).digest("base64");

describe("Typeform (docs only; no SDK helper exists)", () => {
  const verifier = createTypeformVerifier({ secret });

  it("verifies sha256= followed by base64 (not hex) of HMAC-SHA256 over the raw body", async () => {
    await verifier.verify(request({ "typeform-signature": `sha256=${base64}` }, payload));
    const signed = await createTypeformSigner({ secret }).sign({
      body: new TextEncoder().encode(payload),
      now: NOW_MS,
    });
    expect(signed).toEqual({ "typeform-signature": `sha256=${base64}` });
  });

  it("rejects a GitHub-style hex value, a tampered body and a missing header", async () => {
    const hex = createHmac("sha256", secret).update(payload).digest("hex");
    await expectRejected(
      verifier,
      request({ "typeform-signature": `sha256=${hex}` }, payload),
      "SIGNATURE_MALFORMED",
    );
    await expectRejected(
      verifier,
      request({ "typeform-signature": `sha256=${base64}` }, payload + " "),
      "SIGNATURE_MISMATCH",
    );
    await expectRejected(verifier, request({}, payload), "SIGNATURE_MISSING");
  });
});
