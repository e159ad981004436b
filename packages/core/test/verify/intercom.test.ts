import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createIntercomSigner, createIntercomVerifier } from "../../src/verify/intercom.ts";
import { expectRejected, NOW_MS, request } from "../helpers/verify-request.ts";

const secret = "intercom-client-secret";
const payload = '{"type":"notification_event","id":"notif_1","topic":"conversation.user.created"}';
const hex = createHmac("sha1", secret).update(payload).digest("hex");

describe("Intercom (docs only; no SDK helper exists)", () => {
  const verifier = createIntercomVerifier({ secret });

  it("verifies sha1= followed by the hex HMAC-SHA1 of the raw body", async () => {
    expect(hex).toHaveLength(40);
    await verifier.verify(request({ "x-hub-signature": `sha1=${hex}` }, payload));
    const signed = await createIntercomSigner({ secret }).sign({
      body: new TextEncoder().encode(payload),
      now: NOW_MS,
    });
    expect(signed).toEqual({ "x-hub-signature": `sha1=${hex}` });
  });

  it("rejects a SHA-256 signature under the same label (wrong length) and a tampered body", async () => {
    const sha256 = createHmac("sha256", secret).update(payload).digest("hex");
    await expectRejected(
      verifier,
      request({ "x-hub-signature": `sha1=${sha256}` }, payload),
      "SIGNATURE_MALFORMED",
    );
    await expectRejected(
      verifier,
      request({ "x-hub-signature": `sha1=${hex}` }, payload + " "),
      "SIGNATURE_MISMATCH",
    );
  });
});
