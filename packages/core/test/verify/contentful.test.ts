import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { signRequest, verifyRequest } from "@contentful/node-apps-toolkit";
import { ConfigurationError } from "../../src/errors.ts";
import { contentfulSource } from "../../src/sources/presets/contentful.ts";
import { encodePath } from "../../src/verify/contentful-canonical.ts";
import { createContentfulSigner, createContentfulVerifier } from "../../src/verify/contentful.ts";
import { DIAGNOSIS_BODY_RESERIALIZED } from "../../src/verify/diagnose.ts";
import { decodeHex, encodeHex } from "../../src/verify/encoding.ts";
import { singleBitProperties } from "../helpers/single-bit-properties.ts";
import { expectNoLeak, expectRejected, NOW_MS, request } from "../helpers/verify-request.ts";

const secret = "k".repeat(32) + "0123456789abcdefABCDEF+/=_-xyzWv";
const origin = "https://hooks.example.com";
const path = "/webhooks/contentful?space=abc&mode=full text";
const payload = JSON.stringify({
  sys: { id: "entry-1", type: "Entry", version: 7, updatedAt: "2026-01-01T00:00:00.000Z" },
});
const bytes = new TextEncoder().encode(payload);
const context = {
  "x-contentful-topic": "ContentManagement.Entry.publish",
  "x-contentful-crn": "crn:contentful:::content:spaces/abc",
};
const verifier = createContentfulVerifier({ secret });

/** What Contentful sends: the SDK's signRequest headers plus the unsigned ones. */
function sdkSigned(at = NOW_MS, body = payload, requestPath = path): Record<string, string> {
  const signed = signRequest(
    secret,
    { method: "POST", path: requestPath, headers: context, body },
    at,
  );
  return { ...context, ...signed, "content-type": "application/vnd.contentful.management.v1+json" };
}
const sdkAccepts = (
  headers: Record<string, string>,
  body = payload,
  requestPath = path,
  ttl?: number,
): boolean => {
  try {
    return verifyRequest(secret, { method: "POST", path: requestPath, headers, body }, ttl);
  } catch {
    return false;
  }
};
const at = (
  headers: Record<string, string>,
  body: string | Uint8Array = payload,
  requestPath = path,
) => request(headers, body, NOW_MS, { url: origin + requestPath });

describe("Contentful, interop with @contentful/node-apps-toolkit (signRequest / verifyRequest)", () => {
  // The SDK reads Date.now() for its TTL; pin it to the tests' clock.
  beforeEach(() => vi.useFakeTimers({ now: NOW_MS, toFake: ["Date"] }));
  afterEach(() => vi.useRealTimers());

  it("our signer gives signRequest's headers byte for byte; verifyRequest accepts them and we accept the SDK's", async () => {
    const ours = await createContentfulSigner({ secret, headers: context }).sign({
      body: bytes,
      now: NOW_MS,
      url: origin + path,
    });
    const theirs = sdkSigned();
    for (const name of [
      "x-contentful-signature",
      "x-contentful-signed-headers",
      "x-contentful-timestamp",
    ])
      expect(ours[name]).toBe(theirs[name]);
    expect(sdkAccepts(ours)).toBe(true);
    await expect(verifier.verify(at(theirs))).resolves.toEqual({
      secretIndex: 0,
      timestamp: NOW_MS,
    });
  });

  it("encodes paths as the SDK does (query escaped, then encodeURI: `=` signs as %253D)", async () => {
    expect(encodePath("/a b/c?x=1&y=é")).toBe("/a%20b/c?x%253D1%2526y%253D%25C3%25A9");
    for (const odd of ["/", "/p?", "/p%20q", "/ü?q=ü", "/p?a=%41", "/p;x=1?k=v+w"]) {
      const headers = sdkSigned(NOW_MS, payload, odd);
      await verifier.verify(at(headers, payload, odd));
    }
  });

  it("both reject a tampered body, a changed signed header, another path and a wrong secret", async () => {
    const headers = sdkSigned();
    const tampered = payload.replace("entry-1", "entry-2");
    expect(sdkAccepts(headers, tampered)).toBe(false);
    await expectRejected(verifier, at(headers, tampered), "SIGNATURE_MISMATCH");
    const topic = { ...headers, "x-contentful-topic": "ContentManagement.Entry.delete" };
    expect(sdkAccepts(topic)).toBe(false);
    await expectRejected(verifier, at(topic), "SIGNATURE_MISMATCH");
    expect(sdkAccepts(headers, payload, "/webhooks/other")).toBe(false);
    await expectRejected(verifier, at(headers, payload, "/webhooks/other"), "SIGNATURE_MISMATCH");
    const other = createContentfulVerifier({ secret: "z".repeat(64) });
    expectNoLeak(
      await expectRejected(other, at(headers), "SIGNATURE_MISMATCH"),
      secret,
      headers["x-contentful-signature"] ?? "",
    );
  });

  it("rejects a query extended after a second `?`, which the SDK accepts (it drops everything after it)", async () => {
    const headers = sdkSigned();
    const extended = `${path}?admin=true`;
    expect(sdkAccepts(headers, payload, extended)).toBe(true);
    await expectRejected(verifier, at(headers, payload, extended), "SIGNATURE_MISMATCH");
  });

  it("rejects a request signed more than 30 s ago as the SDK does, and one 30 s ahead, which it accepts", async () => {
    const old = sdkSigned(NOW_MS - 30_001);
    expect(sdkAccepts(old)).toBe(false);
    await expectRejected(verifier, at(old), "TIMESTAMP_OUT_OF_TOLERANCE");
    // Bounds are inclusive in hookwise; the SDK's `>=` rejects a request exactly 30 000 ms old.
    const edge = sdkSigned(NOW_MS - 30_000);
    expect(sdkAccepts(edge)).toBe(false);
    await verifier.verify(at(edge));
    const ahead = sdkSigned(NOW_MS + 30_001);
    expect(sdkAccepts(ahead)).toBe(true);
    await expectRejected(verifier, at(ahead), "TIMESTAMP_OUT_OF_TOLERANCE");
    await createContentfulVerifier({ secret, tolerance: { futureSeconds: Infinity } }).verify(
      at(ahead),
    );
  });

  it("rejects a non-canonical timestamp, which the SDK parseInt()s and accepts; and upper-case hex, which it rejects too", async () => {
    const headers = sdkSigned();
    const suffixed = { ...headers, "x-contentful-timestamp": `${NOW_MS}abc` };
    expect(sdkAccepts(suffixed)).toBe(true);
    await expectRejected(verifier, at(suffixed), "TIMESTAMP_INVALID");
    const upper = {
      ...headers,
      "x-contentful-signature": (headers["x-contentful-signature"] ?? "").toUpperCase(),
    };
    expect(sdkAccepts(upper)).toBe(false);
    await expectRejected(verifier, at(upper), "SIGNATURE_MALFORMED");
  });

  it("names missing headers, accepts any of several secrets, and refuses a secret that is not 64 characters", async () => {
    const headers = sdkSigned();
    const without = (name: string) =>
      Object.fromEntries(Object.entries(headers).filter(([key]) => key !== name));
    await expectRejected(verifier, at(without("x-contentful-signature")), "SIGNATURE_MISSING");
    await expectRejected(verifier, at(without("x-contentful-timestamp")), "TIMESTAMP_INVALID");
    await expectRejected(
      verifier,
      at(without("x-contentful-signed-headers")),
      "SIGNATURE_MALFORMED",
    );
    await expect(
      createContentfulVerifier({ secret: ["n".repeat(64), secret] }).verify(at(headers)),
    ).resolves.toEqual({ secretIndex: 1, timestamp: NOW_MS });
    expect(() => createContentfulVerifier({ secret: `${secret}\n` })).toThrow(ConfigurationError);
    expect(() => createContentfulVerifier({ secret: "short" })).toThrow(ConfigurationError);
  });

  it("diagnoses a body re-serialised by a parser", async () => {
    const spaced = JSON.stringify(JSON.parse(payload), null, 2);
    const headers = sdkSigned(NOW_MS, spaced);
    const error = await expectRejected(verifier, at(headers, payload), "SIGNATURE_MISMATCH");
    expect(error.diagnosis).toBe(DIAGNOSIS_BODY_RESERIALIZED);
  });

  it("the preset reads the idempotency key (else topic:sys.id:version), the topic and sys.updatedAt", () => {
    const source = contentfulSource({ secret });
    const headers = new Headers({ ...context, "x-contentful-idempotency-key": "5f0c9a7e1b2d4c6f" });
    const ctx = { payload: JSON.parse(payload) as unknown, headers, body: bytes };
    expect(source.id(ctx)).toBe("5f0c9a7e1b2d4c6f");
    expect(source.type(ctx)).toBe("ContentManagement.Entry.publish");
    expect(source.occurredAt?.(ctx)).toBe(NOW_MS);
    headers.delete("x-contentful-idempotency-key");
    expect(source.id(ctx)).toBe("ContentManagement.Entry.publish:entry-1:7");
  });

  describe("single-bit changes", () => {
    singleBitProperties({
      verifier: () => verifier,
      sign: async (body) => ({
        headers: await createContentfulSigner({ secret }).sign({
          body,
          now: NOW_MS,
          url: `${origin}/webhooks`,
        }),
      }),
      signature: {
        header: "x-contentful-signature",
        pattern: /^([0-9a-f]+)$/,
        decode: decodeHex,
        encode: encodeHex,
      },
    });
  });
});
