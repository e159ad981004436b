import { describe, expect, it } from "vitest";
import { encodeSignatureHeader, isValidSignature } from "@sanity/webhook";
import { sanitySource } from "../../src/sources/presets/sanity.ts";
import { decodeBase64Url, encodeBase64Url } from "../../src/verify/encoding.ts";
import { createSanitySigner, createSanityVerifier } from "../../src/verify/sanity.ts";
import { singleBitProperties } from "../helpers/single-bit-properties.ts";
import { expectNoLeak, expectRejected, NOW_MS, request } from "../helpers/verify-request.ts";

const secret = "sanity-webhook-secret-4f8a";
const payload = JSON.stringify({ _id: "post-1", _type: "post", _rev: "abc", title: "Hello" });
const bytes = new TextEncoder().encode(payload);
const header = "sanity-webhook-signature";

describe("Sanity, interop with @sanity/webhook", () => {
  const verifier = createSanityVerifier({ secret });

  it("our signer → isValidSignature accepts; encodeSignatureHeader's header → we accept, reporting t (ms)", async () => {
    const ours = await createSanitySigner({ secret }).sign({ body: bytes, now: NOW_MS });
    const theirs = await encodeSignatureHeader(payload, NOW_MS, secret);
    expect(ours[header]).toBe(theirs);
    expect(await isValidSignature(payload, ours[header] ?? "", secret)).toBe(true);
    await expect(verifier.verify(request({ [header]: theirs }, payload))).resolves.toEqual({
      secretIndex: 0,
      timestamp: NOW_MS,
    });
  });

  it("both reject a tampered body and a wrong secret", async () => {
    const theirs = await encodeSignatureHeader(payload, NOW_MS, secret);
    const tampered = payload.replace("Hello", "Hullo");
    expect(await isValidSignature(tampered, theirs, secret)).toBe(false);
    await expectRejected(verifier, request({ [header]: theirs }, tampered), "SIGNATURE_MISMATCH");
    expect(await isValidSignature(payload, theirs, "other")).toBe(false);
    const error = await expectRejected(
      createSanityVerifier({ secret: "other" }),
      request({ [header]: theirs }, payload),
      "SIGNATURE_MISMATCH",
    );
    expectNoLeak(error, secret, theirs);
  });

  it("rejects a request signed more than 300 s ago, which the SDK accepts (it checks no age)", async () => {
    const old = await encodeSignatureHeader(payload, NOW_MS - 301_000, secret);
    expect(await isValidSignature(payload, old, secret)).toBe(true);
    await expectRejected(
      verifier,
      request({ [header]: old }, payload),
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    await createSanityVerifier({ secret, tolerance: Infinity }).verify(
      request({ [header]: old }, payload),
    );
    const ahead = await encodeSignatureHeader(payload, NOW_MS + 301_000, secret);
    await expectRejected(
      verifier,
      request({ [header]: ahead }, payload),
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
  });

  it("rejects a space after the comma as the SDK does (it compares the header text); names a missing header, a missing t and a missing v1", async () => {
    const theirs = await encodeSignatureHeader(payload, NOW_MS, secret);
    const spaced = theirs.replace(",", ", ");
    expect(await isValidSignature(payload, spaced, secret)).toBe(false);
    await expectRejected(verifier, request({ [header]: spaced }, payload), "SIGNATURE_MALFORMED");
    await expectRejected(verifier, request({}, payload), "SIGNATURE_MISSING");
    await expectRejected(
      verifier,
      request({ [header]: theirs.replace(/^t=\d+,/, "") }, payload),
      "TIMESTAMP_INVALID",
    );
    await expectRejected(
      verifier,
      request({ [header]: `t=${NOW_MS}` }, payload),
      "SIGNATURE_MALFORMED",
    );
  });

  it("accepts any of several secrets and reports which one signed", async () => {
    const theirs = await encodeSignatureHeader(payload, NOW_MS, secret);
    await expect(
      createSanityVerifier({ secret: ["new-secret", secret] }).verify(
        request({ [header]: theirs }, payload),
      ),
    ).resolves.toEqual({ secretIndex: 1, timestamp: NOW_MS });
  });

  it("the preset reads idempotency-key, <_type>.<operation> and sanity-transaction-time", () => {
    const source = sanitySource({ secret });
    const headers = new Headers({
      "idempotency-key": "idem-1",
      "sanity-operation": "update",
      "sanity-transaction-id": "tx-1",
      "sanity-document-id": "post-1",
      "sanity-transaction-time": "2026-01-01T00:00:00.000Z",
    });
    const context = { payload: JSON.parse(payload) as unknown, headers, body: bytes };
    expect(source.id(context)).toBe("idem-1");
    expect(source.type(context)).toBe("post.update");
    expect(source.occurredAt?.(context)).toBe(NOW_MS);
    headers.delete("idempotency-key");
    expect(source.id(context)).toBe("tx-1:post-1");
    expect(source.type({ ...context, payload: {} })).toBe("update");
  });

  describe("single-bit changes", () => {
    singleBitProperties({
      verifier: () => createSanityVerifier({ secret }),
      sign: async (body) => ({
        headers: await createSanitySigner({ secret }).sign({ body, now: NOW_MS }),
      }),
      signature: {
        header,
        pattern: /v1=([A-Za-z0-9_-]+)/,
        decode: decodeBase64Url,
        encode: encodeBase64Url,
      },
    });
  });
});
