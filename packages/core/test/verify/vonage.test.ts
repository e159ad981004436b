import { createHash, createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { verifySignature } from "@vonage/jwt";
import { vonageSource } from "../../src/sources/presets/vonage.ts";
import { DIAGNOSIS_BODY_RESERIALIZED } from "../../src/verify/diagnose.ts";
import { decodeBase64Url, encodeBase64Url } from "../../src/verify/encoding.ts";
import { createVonageSigner, createVonageVerifier } from "../../src/verify/vonage.ts";
import { singleBitProperties } from "../helpers/single-bit-properties.ts";
import { expectNoLeak, expectRejected, NOW_MS, request } from "../helpers/verify-request.ts";

const signatureSecret = "vonage-signature-secret-0123456789abcdef";
const payload = JSON.stringify({
  message_uuid: "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab",
  to: "447700900000",
  from: "447700900001",
  timestamp: "2026-01-01T00:00:00Z",
  status: "delivered",
  channel: "sms",
});
const bytes = new TextEncoder().encode(payload);
const now = NOW_MS / 1000;
const verifier = createVonageVerifier({ signatureSecret });

/** A token as Vonage documents it: HS256 over iat, jti, iss, payload_hash, api_key, application_id. */
function documented(
  claims: Record<string, unknown> = {},
  body = payload,
  key = signatureSecret,
): string {
  const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString("base64url");
  const input = `${b64({ alg: "HS256", typ: "JWT" })}.${b64({
    iat: now,
    jti: "c5ba8f24-1a14-4c10-bfdf-3fbe8ce511b5",
    iss: "Vonage",
    payload_hash: createHash("sha256").update(body).digest("hex"),
    api_key: "abcd1234",
    application_id: "aaaaaaaa-bbbb-cccc-dddd-0123456789ab",
    ...claims,
  })}`;
  return `${input}.${createHmac("sha256", key).update(input).digest("base64url")}`;
}
const bearer = (token: string, body = payload) =>
  request({ authorization: `Bearer ${token}` }, body);

describe("Vonage, interop with @vonage/jwt (verifySignature)", () => {
  // jsonwebtoken (under the SDK) reads Date.now(); pin it to the tests' clock.
  beforeEach(() => vi.useFakeTimers({ now: NOW_MS, toFake: ["Date"] }));
  afterEach(() => vi.useRealTimers());

  it("our signer → verifySignature accepts; the documented token (what Vonage sends) → we accept, reporting iat", async () => {
    const ours = await createVonageSigner({ signatureSecret }).sign({ body: bytes, now: NOW_MS });
    const token = (ours.authorization ?? "").replace(/^Bearer /, "");
    expect(verifySignature(token, signatureSecret)).toBe(true);
    expect(verifySignature(documented(), signatureSecret)).toBe(true);
    await expect(verifier.verify(bearer(documented()))).resolves.toEqual({
      secretIndex: 0,
      timestamp: NOW_MS,
    });
    await expect(verifier.verify(request(ours, payload))).resolves.toEqual({
      secretIndex: 0,
      timestamp: NOW_MS,
    });
  });

  it("rejects a tampered body, which verifySignature accepts: it never checks payload_hash", async () => {
    const tampered = payload.replace("delivered", "rejected");
    expect(verifySignature(documented(), signatureSecret)).toBe(true); // it is not even given the body
    await expectRejected(verifier, bearer(documented(), tampered), "SIGNATURE_MISMATCH");
    const noHash = documented({ payload_hash: undefined });
    expect(verifySignature(noHash, signatureSecret)).toBe(true);
    await expectRejected(verifier, bearer(noHash), "SIGNATURE_MALFORMED");
  });

  it("rejects an iat older than 300 s, which the SDK accepts (it checks no age); and one 300 s ahead", async () => {
    const old = documented({ iat: now - 301 });
    expect(verifySignature(old, signatureSecret)).toBe(true);
    await expectRejected(verifier, bearer(old), "TIMESTAMP_OUT_OF_TOLERANCE");
    await verifier.verify(bearer(documented({ iat: now - 300 })));
    await createVonageVerifier({ signatureSecret, tolerance: Infinity }).verify(bearer(old));
    await expectRejected(
      verifier,
      bearer(documented({ iat: now + 301 })),
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    const noIat = documented({ iat: undefined });
    expect(verifySignature(noIat, signatureSecret)).toBe(true);
    await expectRejected(verifier, bearer(noIat), "TIMESTAMP_INVALID");
  });

  it("both reject a wrong secret and an exp in the past; any of several secrets verifies", async () => {
    expect(verifySignature(documented(), "another-secret-of-some-length")).toBe(false);
    const error = await expectRejected(
      createVonageVerifier({ signatureSecret: "another-secret-of-some-length" }),
      bearer(documented()),
      "SIGNATURE_MISMATCH",
    );
    expectNoLeak(error, signatureSecret, documented());
    const expired = documented({ exp: now });
    expect(verifySignature(expired, signatureSecret)).toBe(false);
    await expectRejected(verifier, bearer(expired), "TIMESTAMP_OUT_OF_TOLERANCE");
    await expect(
      createVonageVerifier({
        signatureSecret: ["new-secret-being-rolled-in", signatureSecret],
      }).verify(bearer(documented())),
    ).resolves.toEqual({ secretIndex: 1, timestamp: NOW_MS });
  });

  it("names a missing or non-Bearer authorization header and a token not signed with HS256", async () => {
    await expectRejected(verifier, request({}, payload), "SIGNATURE_MISSING");
    await expectRejected(
      verifier,
      request({ authorization: `Basic ${documented()}` }, payload),
      "SIGNATURE_MALFORMED",
    );
    const [, claims = ""] = documented().split(".");
    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${claims}.`;
    expect(verifySignature(none, signatureSecret)).toBe(false);
    await expectRejected(verifier, bearer(none), "SIGNATURE_MALFORMED");
  });

  it("diagnoses a body re-serialised by a parser", async () => {
    const spaced = JSON.stringify(JSON.parse(payload), null, 2);
    const error = await expectRejected(
      verifier,
      bearer(documented({}, spaced)),
      "SIGNATURE_MISMATCH",
    );
    expect(error.diagnosis).toBe(DIAGNOSIS_BODY_RESERIALIZED);
    expectNoLeak(error, signatureSecret);
  });

  it("the preset reads message_uuid with the status, message.<status> and timestamp", () => {
    const source = vonageSource({ signatureSecret });
    const context = {
      payload: JSON.parse(payload) as unknown,
      headers: new Headers(),
      body: bytes,
    };
    expect(source.id(context)).toBe("aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab:delivered");
    expect(source.type(context)).toBe("message.delivered");
    expect(source.occurredAt?.(context)).toBe(NOW_MS);
    const inbound = { ...context, payload: { message_uuid: "u-1", text: "hi" } };
    expect(source.id(inbound)).toBe("u-1");
    expect(source.type(inbound)).toBe("message.inbound");
  });

  describe("single-bit changes", () => {
    singleBitProperties({
      verifier: () => verifier,
      sign: async (body) => ({
        headers: await createVonageSigner({ signatureSecret }).sign({ body, now: NOW_MS }),
      }),
      signature: {
        header: "authorization",
        pattern: /\.([A-Za-z0-9_-]+)$/,
        decode: decodeBase64Url,
        encode: encodeBase64Url,
      },
    });
  });
});
