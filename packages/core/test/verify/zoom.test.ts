import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { utf8 } from "../../src/util/bytes.ts";
import { createZoomSigner, createZoomVerifier, zoomEncryptedToken } from "../../src/verify/zoom.ts";
import { expectRejected, itRejectsEveryBitFlip, makeRequest, NOW_MS } from "../helpers/tamper.ts";

const secret = "zoom_secret_token_Qm9vIQ";
const body =
  '{"event":"meeting.started","event_ts":1767225600000,"payload":{"account_id":"A1","object":{"id":"85","uuid":"u=="}}}';
const nowSeconds = String(NOW_MS / 1000);

/** Zoom's documented rule, computed independently with node:crypto. */
function reference(timestamp: string, payload: string, key = secret): string {
  return `v0=${createHmac("sha256", key).update(`v0:${timestamp}:${payload}`).digest("hex")}`;
}

function request(
  headers: Record<string, string>,
  payload = body,
  now = NOW_MS,
): ReturnType<typeof makeRequest> {
  return makeRequest({ headers, body: payload, now });
}

describe("Zoom verifier", () => {
  const verifier = createZoomVerifier({ secret });

  it("accepts the documented signature (v0= hex HMAC of v0:timestamp:body)", async () => {
    await verifier.verify(
      request({
        "x-zm-signature": reference(nowSeconds, body),
        "x-zm-request-timestamp": nowSeconds,
      }),
    );
  });

  it("signs exactly as documented", async () => {
    const headers = await createZoomSigner({ secret }).sign({ body: utf8(body), now: NOW_MS });
    expect(headers).toEqual({
      "x-zm-signature": reference(nowSeconds, body),
      "x-zm-request-timestamp": nowSeconds,
    });
  });

  it("rejects another secret, body or label without revealing the secret", async () => {
    const good = reference(nowSeconds, body);
    await expectRejected(
      verifier.verify(
        request({
          "x-zm-signature": reference(nowSeconds, body, "other"),
          "x-zm-request-timestamp": nowSeconds,
        }),
      ),
      "SIGNATURE_MISMATCH",
      [secret],
    );
    await expectRejected(
      verifier.verify(
        request(
          { "x-zm-signature": good, "x-zm-request-timestamp": nowSeconds },
          body.replace("85", "86"),
        ),
      ),
      "SIGNATURE_MISMATCH",
    );
    await expectRejected(
      verifier.verify(
        request({
          "x-zm-signature": good.replace("v0=", "v1="),
          "x-zm-request-timestamp": nowSeconds,
        }),
      ),
      "SIGNATURE_MALFORMED",
    );
  });

  it("rejects a timestamp more than five minutes away in either direction by default", async () => {
    for (const offset of [-301, 301]) {
      const timestamp = String(NOW_MS / 1000 + offset);
      await expectRejected(
        verifier.verify(
          request({
            "x-zm-signature": reference(timestamp, body),
            "x-zm-request-timestamp": timestamp,
          }),
        ),
        "TIMESTAMP_OUT_OF_TOLERANCE",
      );
    }
    const relaxed = createZoomVerifier({ secret, tolerance: { pastSeconds: Infinity } });
    const old = String(NOW_MS / 1000 - 86_400);
    await relaxed.verify(
      request({ "x-zm-signature": reference(old, body), "x-zm-request-timestamp": old }),
    );
  });

  it("reports missing headers and accepts any configured secret while rotating", async () => {
    await expectRejected(verifier.verify(request({})), "SIGNATURE_MISSING");
    await expectRejected(
      verifier.verify(request({ "x-zm-signature": reference(nowSeconds, body) })),
      "TIMESTAMP_INVALID",
    );
    await createZoomVerifier({ secret: ["new", secret] }).verify(
      request({
        "x-zm-signature": reference(nowSeconds, body),
        "x-zm-request-timestamp": nowSeconds,
      }),
    );
  });

  it("computes the URL validation encryptedToken as documented", async () => {
    const expected = createHmac("sha256", secret).update("qgg8vlvZRS6UYooatFL8Aw").digest("hex");
    expect(await zoomEncryptedToken(secret, "qgg8vlvZRS6UYooatFL8Aw")).toBe(expected);
  });
});

describe("Zoom verifier: tampering", () => {
  itRejectsEveryBitFlip({
    verifier: createZoomVerifier({ secret }),
    async sign(payload) {
      return makeRequest({
        headers: await createZoomSigner({ secret }).sign({ body: payload, now: NOW_MS }),
        body: payload,
      });
    },
    signature: { header: "x-zm-signature", pattern: /^v0=(.*)$/, codec: "hex" },
    timestamp: { header: "x-zm-request-timestamp", pattern: /^(\d+)$/ },
  });
});
