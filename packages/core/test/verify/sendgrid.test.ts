import { createSign, generateKeyPairSync } from "node:crypto";
import { EventWebhook } from "@sendgrid/eventwebhook";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { utf8 } from "../../src/util/bytes.ts";
import { createSendGridSigner, createSendGridVerifier } from "../../src/verify/sendgrid.ts";
import { expectRejected, itRejectsEveryBitFlip, makeRequest, NOW_MS } from "../helpers/tamper.ts";

// A key pair as SendGrid would hold it; the verification key is what the dashboard shows (base64 DER SPKI).
const pair = generateKeyPairSync("ec", { namedCurve: "P-256" });
const verificationKey = pair.publicKey.export({ format: "der", type: "spki" }).toString("base64");
const privatePkcs8 = pair.privateKey.export({ format: "der", type: "pkcs8" }).toString("base64");
const timestamp = String(NOW_MS / 1000);
// SendGrid's bodies end in CRLF; the signature covers it.
const body =
  '[{"email":"a@example.com","timestamp":1767225590,"event":"delivered","sg_event_id":"sg1","sg_message_id":"m1"}]\r\n';
const sdk = new EventWebhook();
const sdkKey = sdk.convertPublicKeyToECDSA(verificationKey);

/** A signature made the way SendGrid's service makes it (DER ECDSA over timestamp + body). */
function sendgridSignature(payload: string, at = timestamp): string {
  return createSign("sha256")
    .update(at + payload)
    .sign(pair.privateKey)
    .toString("base64");
}

function request(
  signature: string,
  payload: string | Uint8Array = body,
  at = timestamp,
): ReturnType<typeof makeRequest> {
  return makeRequest({
    headers: {
      "x-twilio-email-event-webhook-signature": signature,
      "x-twilio-email-event-webhook-timestamp": at,
    },
    body: payload,
  });
}

describe("SendGrid verifier: interop with @sendgrid/eventwebhook", () => {
  const verifier = createSendGridVerifier({ publicKey: verificationKey });

  it("accepts SendGrid's DER signatures", async () => {
    for (let i = 0; i < 40; i++) {
      const payload = `${body.slice(0, -2)}${i}\r\n`;
      const signature = sendgridSignature(payload);
      expect(sdk.verifySignature(sdkKey, payload, signature, timestamp)).toBe(true);
      await verifier.verify(request(signature, payload));
    }
  });

  it("accepts a DER signature whose r or s is shorter than 32 bytes (left-padded for web crypto)", async () => {
    // About 1 component in 128 has a leading zero byte and is encoded shorter: search until one appears.
    for (let i = 0; i < 20_000; i++) {
      const payload = `${body.slice(0, -2)}${i}\r\n`;
      const signature = sendgridSignature(payload);
      const der = Buffer.from(signature, "base64");
      const rLength = der[3] ?? 0;
      const sLength = der[5 + rLength] ?? 0;
      if (rLength >= 32 && sLength >= 32) continue;
      expect(sdk.verifySignature(sdkKey, payload, signature, timestamp)).toBe(true);
      await verifier.verify(request(signature, payload));
      return;
    }
    throw new Error("no short component found");
  });

  it("signs what EventWebhook.verifySignature accepts, short r or s included", async () => {
    const signer = createSendGridSigner({ privateKey: privatePkcs8 });
    let sawShort = false;
    for (let i = 0; i < 20_000 && !sawShort; i++) {
      const payload = `${body}${i}`;
      const headers = await signer.sign({ body: utf8(payload), now: NOW_MS });
      const signature = headers["x-twilio-email-event-webhook-signature"] ?? "";
      const der = Buffer.from(signature, "base64");
      const rLength = der[3] ?? 0;
      sawShort = rLength < 32 || (der[5 + rLength] ?? 0) < 32;
      if (i >= 20 && !sawShort) continue;
      expect(headers["x-twilio-email-event-webhook-timestamp"]).toBe(timestamp);
      expect(sdk.verifySignature(sdkKey, payload, signature, timestamp)).toBe(true);
      await verifier.verify(request(signature, payload));
    }
    expect(sawShort).toBe(true);
  });

  it("rejects what the SDK rejects: the CRLF stripped, another timestamp, another key", async () => {
    const signature = sendgridSignature(body);
    const stripped = body.trimEnd();
    expect(sdk.verifySignature(sdkKey, stripped, signature, timestamp)).toBe(false);
    await expectRejected(verifier.verify(request(signature, stripped)), "SIGNATURE_MISMATCH");
    const later = String(NOW_MS / 1000 + 1);
    expect(sdk.verifySignature(sdkKey, body, signature, later)).toBe(false);
    await expectRejected(verifier.verify(request(signature, body, later)), "SIGNATURE_MISMATCH");
    const other = generateKeyPairSync("ec", { namedCurve: "P-256" })
      .publicKey.export({ format: "der", type: "spki" })
      .toString("base64");
    await expectRejected(
      createSendGridVerifier({ publicKey: other }).verify(request(signature)),
      "SIGNATURE_MISMATCH",
    );
  });
});

describe("SendGrid verifier: keys, formats and time", () => {
  const verifier = createSendGridVerifier({ publicKey: verificationKey });

  it("takes the key with PEM armor too, and several keys while rotating", async () => {
    const pem = pair.publicKey.export({ format: "pem", type: "spki" }).toString();
    await createSendGridVerifier({ publicKey: pem }).verify(request(sendgridSignature(body)));
    const other = generateKeyPairSync("ec", { namedCurve: "P-256" })
      .publicKey.export({ format: "der", type: "spki" })
      .toString("base64");
    await createSendGridVerifier({ publicKey: [other, verificationKey] }).verify(
      request(sendgridSignature(body)),
    );
  });

  it("refuses a key that is not a P-256 SPKI, naming the option", () => {
    expect(() => createSendGridVerifier({ publicKey: "not a key" })).toThrow(/`publicKey`/);
    const p384 = generateKeyPairSync("ec", { namedCurve: "P-384" })
      .publicKey.export({ format: "der", type: "spki" })
      .toString("base64");
    expect(() => createSendGridVerifier({ publicKey: p384 })).toThrow(/`publicKey`/);
  });

  it("reports a missing, malformed (raw r||s, not DER) or badly dated signature", async () => {
    await expectRejected(verifier.verify(makeRequest({ headers: {}, body })), "SIGNATURE_MISSING");
    await expectRejected(verifier.verify(request("AAAA")), "SIGNATURE_MALFORMED");
    await expectRejected(
      verifier.verify(request(Buffer.alloc(64, 1).toString("base64"))),
      "SIGNATURE_MALFORMED",
    );
    await expectRejected(
      verifier.verify(request(sendgridSignature(body), body, "17672256OO")),
      "TIMESTAMP_INVALID",
    );
  });

  it("rejects a signed timestamp more than five minutes away by default; `tolerance` widens it", async () => {
    const old = String(NOW_MS / 1000 - 3600);
    await expectRejected(
      verifier.verify(request(sendgridSignature(body, old), body, old)),
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    const relaxed = createSendGridVerifier({
      publicKey: verificationKey,
      tolerance: { pastSeconds: 86_400 },
    });
    await relaxed.verify(request(sendgridSignature(body, old), body, old));
  });
});

describe("SendGrid verifier: tampering", () => {
  itRejectsEveryBitFlip({
    verifier: createSendGridVerifier({ publicKey: verificationKey }),
    async sign(payload) {
      const headers = await createSendGridSigner({
        privateKey: pair.privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
      }).sign({
        body: payload,
        now: NOW_MS,
      });
      return makeRequest({ headers, body: payload });
    },
    signature: {
      header: "x-twilio-email-event-webhook-signature",
      pattern: /^(.*)$/,
      codec: "base64",
    },
    timestamp: { header: "x-twilio-email-event-webhook-timestamp", pattern: /^(\d+)$/ },
    bodies: fc
      .jsonValue()
      .map((value) => utf8(`${JSON.stringify([{ event: "delivered", value }])}\r\n`)),
  });
});
