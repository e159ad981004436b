import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { WebhookHandler } from "@liveblocks/node";
import { Webhook } from "standardwebhooks";
import { liveblocksSource } from "../../src/sources/presets/liveblocks.ts";
import { decodeBase64, encodeBase64 } from "../../src/verify/encoding.ts";
import { createLiveblocksSigner, createLiveblocksVerifier } from "../../src/verify/liveblocks.ts";
import { singleBitProperties } from "../helpers/single-bit-properties.ts";
import { expectNoLeak, expectRejected, NOW_MS, request } from "../helpers/verify-request.ts";

const secret = `whsec_${Buffer.alloc(24, 7).toString("base64")}`;
const other = `whsec_${Buffer.alloc(24, 9).toString("base64")}`;
const payload = JSON.stringify({
  type: "userEntered",
  data: {
    projectId: "p1",
    roomId: "room-1",
    connectionId: 4,
    userId: "u1",
    enteredAt: "2026-01-01T00:00:00.000Z",
    numActiveUsers: 1,
  },
});
const bytes = new TextEncoder().encode(payload);
const id = "msg_liveblocks_1";
const official = (body = payload, at = NOW_MS, key = secret): Record<string, string> => ({
  "webhook-id": id,
  "webhook-timestamp": String(Math.floor(at / 1000)),
  "webhook-signature": new Webhook(key).sign(id, new Date(at), body),
});
const sdkAccepts = (headers: Record<string, string>, body = payload, key = secret): boolean => {
  try {
    new WebhookHandler(key).verifyRequest({ headers, rawBody: body });
    return true;
  } catch {
    return false;
  }
};

describe("Liveblocks, interop with @liveblocks/node (WebhookHandler.verifyRequest)", () => {
  beforeEach(() => vi.useFakeTimers({ now: NOW_MS, toFake: ["Date"] }));
  afterEach(() => vi.useRealTimers());
  const verifier = createLiveblocksVerifier({ secret });

  it("our signer → the SDK accepts; Standard Webhooks signing (what Liveblocks sends) → we accept", async () => {
    const ours = await createLiveblocksSigner({ secret }).sign({ id, body: bytes, now: NOW_MS });
    expect(ours).toEqual(official());
    expect(sdkAccepts(ours)).toBe(true);
    await expect(verifier.verify(request(official(), payload))).resolves.toEqual({
      secretIndex: 0,
      timestamp: NOW_MS,
    });
  });

  it("both reject a tampered body, a wrong secret and timestamps beyond 300 s either way", async () => {
    const tampered = payload.replace("room-1", "room-2");
    expect(sdkAccepts(official(), tampered)).toBe(false);
    await expectRejected(verifier, request(official(), tampered), "SIGNATURE_MISMATCH");
    expect(sdkAccepts(official(), payload, other)).toBe(false);
    const error = await expectRejected(
      createLiveblocksVerifier({ secret: other }),
      request(official(), payload),
      "SIGNATURE_MISMATCH",
    );
    expectNoLeak(error, secret, official()["webhook-signature"] ?? "");
    for (const at of [NOW_MS - 301_000, NOW_MS + 301_000]) {
      expect(sdkAccepts(official(payload, at))).toBe(false);
      await expectRejected(
        verifier,
        request(official(payload, at), payload),
        "TIMESTAMP_OUT_OF_TOLERANCE",
      );
    }
  });

  it("accepts only v1 entries and canonical timestamps; the SDK ignores the version label and parseInt()s the timestamp", async () => {
    const headers = official();
    const relabelled = {
      ...headers,
      "webhook-signature": (headers["webhook-signature"] ?? "").replace("v1,", "v9,"),
    };
    expect(sdkAccepts(relabelled)).toBe(true);
    await expectRejected(verifier, request(relabelled, payload), "SIGNATURE_MALFORMED");
    const suffixed = { ...headers, "webhook-timestamp": `${headers["webhook-timestamp"] ?? ""}x` };
    expect(sdkAccepts(suffixed)).toBe(false);
    await expectRejected(verifier, request(suffixed, payload), "TIMESTAMP_INVALID");
  });

  it("names missing headers and accepts any of several secrets", async () => {
    await expectRejected(verifier, request({}, payload), "SIGNATURE_MISSING");
    await expect(
      createLiveblocksVerifier({ secret: [other, secret] }).verify(request(official(), payload)),
    ).resolves.toEqual({ secretIndex: 1, timestamp: NOW_MS });
  });

  it("the preset reads webhook-id, type and webhook-timestamp", () => {
    const source = liveblocksSource({ secret });
    const context = {
      payload: JSON.parse(payload) as unknown,
      headers: new Headers(official()),
      body: bytes,
    };
    expect(source.id(context)).toBe(id);
    expect(source.type(context)).toBe("userEntered");
    expect(source.occurredAt?.(context)).toBe(NOW_MS);
  });

  describe("single-bit changes", () => {
    singleBitProperties({
      verifier: () => createLiveblocksVerifier({ secret }),
      sign: async (body) => ({
        headers: await createLiveblocksSigner({ secret }).sign({ id, body, now: NOW_MS }),
      }),
      signature: {
        header: "webhook-signature",
        pattern: /^v1,(.+)$/,
        decode: decodeBase64,
        encode: encodeBase64,
      },
    });
  });
});
