import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import Mux from "@mux/mux-node";
import { muxSource } from "../../src/sources/presets/mux.ts";
import { decodeHex, encodeHex } from "../../src/verify/encoding.ts";
import { createMuxSigner, createMuxVerifier } from "../../src/verify/mux.ts";
import { singleBitProperties } from "../helpers/single-bit-properties.ts";
import { expectNoLeak, expectRejected, NOW_MS, request } from "../helpers/verify-request.ts";

const secret = "mux_webhook_secret_0123456789abcdef";
const mux = new Mux({ tokenId: "unused", tokenSecret: "unused" });
const payload = JSON.stringify({
  type: "video.asset.ready",
  id: "3a56ac3d-33da-4366-855b-f592d898409d",
  created_at: "2026-01-01T00:00:00.000000Z",
  object: { type: "asset", id: "0201p02fGKPE7MrbC269XRD7LpcHhrmbu0002" },
  data: { status: "ready" },
});
const bytes = new TextEncoder().encode(payload);
const nowSeconds = NOW_MS / 1000;
const documented = (t: number, body = payload, key = secret): string =>
  `t=${t},v1=${createHmac("sha256", key).update(`${t}.${body}`).digest("hex")}`;
const sdkAccepts = async (header: string, body = payload, key = secret): Promise<boolean> => {
  try {
    await mux.webhooks.verifySignature(body, { "mux-signature": header }, key);
    return true;
  } catch {
    return false;
  }
};

describe("Mux, interop with @mux/mux-node (webhooks.verifySignature)", () => {
  // The SDK reads Date.now(); pin it to the tests' clock.
  beforeEach(() => vi.useFakeTimers({ now: NOW_MS, toFake: ["Date"] }));
  afterEach(() => vi.useRealTimers());
  const verifier = createMuxVerifier({ secret });

  it("our signer → the SDK accepts; the documented header (what Mux sends) → we accept, reporting t", async () => {
    const ours = await createMuxSigner({ secret }).sign({ body: bytes, now: NOW_MS });
    expect(ours["mux-signature"]).toBe(documented(nowSeconds));
    expect(await sdkAccepts(ours["mux-signature"] ?? "")).toBe(true);
    await expect(
      verifier.verify(request({ "mux-signature": documented(nowSeconds) }, payload)),
    ).resolves.toEqual({ secretIndex: 0, timestamp: NOW_MS });
  });

  it("both reject a tampered body, a wrong secret and a timestamp older than 300 s", async () => {
    const header = documented(nowSeconds);
    const tampered = payload.replace("ready", "errored");
    expect(await sdkAccepts(header, tampered)).toBe(false);
    await expectRejected(
      verifier,
      request({ "mux-signature": header }, tampered),
      "SIGNATURE_MISMATCH",
    );
    expect(await sdkAccepts(header, payload, "other")).toBe(false);
    const error = await expectRejected(
      createMuxVerifier({ secret: "other" }),
      request({ "mux-signature": header }, payload),
      "SIGNATURE_MISMATCH",
    );
    expectNoLeak(error, secret, header);
    const old = documented(nowSeconds - 301);
    expect(await sdkAccepts(old)).toBe(false);
    await expectRejected(
      verifier,
      request({ "mux-signature": old }, payload),
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    expect(await sdkAccepts(documented(nowSeconds - 300))).toBe(true);
    await verifier.verify(request({ "mux-signature": documented(nowSeconds - 300) }, payload));
  });

  it("rejects a timestamp more than 300 s ahead, which the SDK accepts (it checks age only)", async () => {
    const future = documented(nowSeconds + 301);
    expect(await sdkAccepts(future)).toBe(true);
    await expectRejected(
      verifier,
      request({ "mux-signature": future }, payload),
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    await createMuxVerifier({ secret, tolerance: { futureSeconds: Infinity } }).verify(
      request({ "mux-signature": future }, payload),
    );
  });

  it("rejects a non-canonical t, which the SDK parseInt()s and accepts when it signs the parsed number", async () => {
    const header = documented(nowSeconds).replace(`t=${nowSeconds}`, `t=${nowSeconds}abc`);
    expect(await sdkAccepts(header)).toBe(true);
    await expectRejected(
      verifier,
      request({ "mux-signature": header }, payload),
      "TIMESTAMP_INVALID",
    );
  });

  it("names a missing header and a header without v1, and accepts any of several secrets and v1 entries", async () => {
    await expectRejected(verifier, request({}, payload), "SIGNATURE_MISSING");
    await expectRejected(
      verifier,
      request({ "mux-signature": `t=${nowSeconds}` }, payload),
      "SIGNATURE_MALFORMED",
    );
    const both = await createMuxSigner({ secret: ["old-secret", secret] }).sign({
      body: bytes,
      now: NOW_MS,
    });
    expect(await sdkAccepts(both["mux-signature"] ?? "")).toBe(true);
    await expect(
      createMuxVerifier({ secret: ["unrelated", secret] }).verify(request(both, payload)),
    ).resolves.toEqual({ secretIndex: 1, timestamp: NOW_MS });
  });

  it("the preset reads id, type and created_at", () => {
    const source = muxSource({ secret });
    const context = {
      payload: JSON.parse(payload) as unknown,
      headers: new Headers(),
      body: bytes,
    };
    expect(source.id(context)).toBe("3a56ac3d-33da-4366-855b-f592d898409d");
    expect(source.type(context)).toBe("video.asset.ready");
    expect(source.occurredAt?.(context)).toBe(NOW_MS);
  });

  describe("single-bit changes", () => {
    singleBitProperties({
      verifier: () => createMuxVerifier({ secret }),
      sign: async (body) => ({
        headers: await createMuxSigner({ secret }).sign({ body, now: NOW_MS }),
      }),
      signature: {
        header: "mux-signature",
        pattern: /v1=([0-9a-f]+)/,
        decode: decodeHex,
        encode: encodeHex,
      },
    });
  });
});
