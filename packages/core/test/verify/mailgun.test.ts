import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromUtf8, utf8 } from "../../src/util/bytes.ts";
import { createMailgunSigner, createMailgunVerifier } from "../../src/verify/mailgun.ts";
import { readMailgunSignature } from "../../src/verify/mailgun-signature.ts";
import {
  expectRejected,
  flipBitInText,
  flipSignatureBit,
  isRejected,
  makeRequest,
  NOW_MS,
  PROPERTY_RUNS,
} from "../helpers/tamper.ts";

const signingKey = "key-mailgun-webhook-signing-3f9a";
const timestamp = String(NOW_MS / 1000);
const token = "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0";
const eventData = {
  event: "delivered",
  id: "ev1",
  timestamp: NOW_MS / 1000 - 2.5,
  recipient: "a@example.com",
};

/** Mailgun's documented rule, computed independently with node:crypto. */
function reference(at = timestamp, tok = token, key = signingKey): string {
  return createHmac("sha256", key)
    .update(at + tok)
    .digest("hex");
}

function jsonBody(signature = reference(), at = timestamp, tok = token): string {
  return JSON.stringify({
    signature: { timestamp: at, token: tok, signature },
    "event-data": eventData,
  });
}

function jsonRequest(body: string, now = NOW_MS): ReturnType<typeof makeRequest> {
  return makeRequest({ headers: { "content-type": "application/json" }, body, now });
}

describe("Mailgun verifier", () => {
  const verifier = createMailgunVerifier({ secret: signingKey });

  it("accepts the documented signature in a JSON webhook body", async () => {
    await verifier.verify(jsonRequest(jsonBody()));
  });

  it("accepts a legacy form post carrying timestamp, token and signature fields", async () => {
    const form = new URLSearchParams({
      event: "delivered",
      timestamp,
      token,
      signature: reference(),
    }).toString();
    await verifier.verify(
      makeRequest({ headers: { "content-type": "application/x-www-form-urlencoded" }, body: form }),
    );
  });

  it("signs exactly as documented, in the shape Mailgun posts", async () => {
    const body = await createMailgunSigner({
      secret: signingKey,
      createToken: () => token,
    }).signEvent(eventData, NOW_MS);
    expect(JSON.parse(fromUtf8(body))).toEqual({
      signature: { timestamp, token, signature: reference() },
      "event-data": eventData,
    });
    await verifier.verify(jsonRequest(fromUtf8(body)));
    await expect(
      createMailgunSigner({ secret: signingKey }).sign({ body, now: NOW_MS }),
    ).rejects.toThrow(/signEvent/);
  });

  it("rejects another key, a changed token or timestamp, without echoing the key", async () => {
    await expectRejected(
      verifier.verify(
        jsonRequest(jsonBody(reference(timestamp, token, "api-key-not-signing-key"))),
      ),
      "SIGNATURE_MISMATCH",
      [signingKey],
    );
    await expectRejected(
      verifier.verify(jsonRequest(jsonBody(reference(), timestamp, `${token.slice(0, -1)}1`))),
      "SIGNATURE_MISMATCH",
    );
    const later = String(NOW_MS / 1000 + 1);
    await expectRejected(
      verifier.verify(jsonRequest(jsonBody(reference(), later))),
      "SIGNATURE_MISMATCH",
    );
  });

  it("says what is missing or malformed", async () => {
    await expectRejected(
      verifier.verify(jsonRequest(JSON.stringify({ "event-data": eventData }))),
      "SIGNATURE_MISSING",
    );
    await expectRejected(verifier.verify(jsonRequest("not json")), "SIGNATURE_MISSING");
    await expectRejected(verifier.verify(jsonRequest(jsonBody("xyz"))), "SIGNATURE_MALFORMED");
    await expectRejected(
      verifier.verify(jsonRequest(jsonBody(reference("1e9"), "1e9"))),
      "TIMESTAMP_INVALID",
    );
  });

  it("rejects a timestamp more than five minutes away by default; `tolerance` changes it", async () => {
    const old = String(NOW_MS / 1000 - 600);
    await expectRejected(
      verifier.verify(jsonRequest(jsonBody(reference(old), old))),
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    await createMailgunVerifier({ secret: signingKey, tolerance: { pastSeconds: 900 } }).verify(
      jsonRequest(jsonBody(reference(old), old)),
    );
  });

  it("accepts any configured key while rotating", async () => {
    await createMailgunVerifier({ secret: ["new-key", signingKey] }).verify(
      jsonRequest(jsonBody()),
    );
  });

  it("reads the block by media type, and tries both when there is none", () => {
    expect(readMailgunSignature(utf8(jsonBody()), null)?.token).toBe(token);
    expect(
      readMailgunSignature(utf8(jsonBody()), "application/x-www-form-urlencoded"),
    ).toBeUndefined();
  });
});

describe("Mailgun verifier: tampering", () => {
  const verifier = createMailgunVerifier({ secret: signingKey });

  it("rejects any single-bit change of the timestamp, the token or the signature", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("timestamp", "token", "signature"),
        fc.nat(),
        async (field, bit) => {
          const block = { timestamp, token, signature: reference() };
          // The signature's bits are flipped in its bytes: hex case is not significant (`A` and `a` are one value).
          const flipped =
            field === "signature"
              ? flipSignatureBit(block.signature, /^(.*)$/, "hex", bit)
              : flipBitInText(block[field], bit);
          const tampered = { ...block, [field]: flipped };
          const body = JSON.stringify({ signature: tampered, "event-data": eventData });
          expect(await isRejected(verifier, jsonRequest(body))).toBe(true);
        },
      ),
      { numRuns: PROPERTY_RUNS * 3 },
    );
  });

  it("does not cover event-data: Mailgun signs only timestamp + token, so the token must be deduplicated", async () => {
    const body = JSON.stringify({
      signature: { timestamp, token, signature: reference() },
      "event-data": { event: "failed" },
    });
    await verifier.verify(jsonRequest(body));
  });
});
