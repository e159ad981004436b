import { Paddle } from "@paddle/paddle-node-sdk";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { utf8 } from "../../src/util/bytes.ts";
import { createPaddleSigner, createPaddleVerifier } from "../../src/verify/paddle.ts";
import { expectRejected, itRejectsEveryBitFlip, makeRequest, NOW_MS } from "../helpers/tamper.ts";

const secret = "pdl_ntfset_01hv8x2acma7gjvvr0nrfdp03m_Jd5N9vPbFjS8W2x7Rq";
const body =
  '{"event_id":"evt_01","event_type":"hookwise.test","occurred_at":"2026-01-01T00:00:00.000Z","notification_id":"ntf_01","data":{"id":"txn_01"}}';
const webhooks = new Paddle("pdl_sdbx_apikey_placeholder").webhooks;

async function signedHeader(at: number = NOW_MS, key: string | string[] = secret): Promise<string> {
  const headers = await createPaddleSigner({ secret: key }).sign({ body: utf8(body), now: at });
  return headers["paddle-signature"] ?? "";
}

function request(
  header: string,
  payload: string | Uint8Array = body,
  now = NOW_MS,
): ReturnType<typeof makeRequest> {
  return makeRequest({ headers: { "paddle-signature": header }, body: payload, now });
}

describe("Paddle verifier: interop with @paddle/paddle-node-sdk", () => {
  // The SDK reads the real clock; pin it to the test's "now".
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW_MS);
  });
  afterEach(() => vi.useRealTimers());
  const verifier = createPaddleVerifier({ secret });

  it("signs what the SDK's unmarshal accepts, and verifies it", async () => {
    const header = await signedHeader();
    expect(header).toMatch(/^ts=\d+;h1=[0-9a-f]{64}$/);
    const event = await webhooks.unmarshal(body, secret, header);
    expect(event.eventType).toBe("hookwise.test");
    await verifier.verify(request(header));
  });

  it("rejects what the SDK rejects: another body, another secret", async () => {
    const header = await signedHeader();
    const other = body.replace("txn_01", "txn_02");
    expect(await webhooks.isSignatureValid(other, secret, header)).toBe(false);
    await expectRejected(verifier.verify(request(header, other)), "SIGNATURE_MISMATCH", [secret]);
    expect(await webhooks.isSignatureValid(body, "pdl_ntfset_other", header)).toBe(false);
    await expectRejected(
      createPaddleVerifier({ secret: "pdl_ntfset_other" }).verify(request(header)),
      "SIGNATURE_MISMATCH",
    );
  });

  it("rejects a signature older than 5 seconds, like the SDK", async () => {
    const header = await signedHeader(NOW_MS - 6_000);
    expect(await webhooks.isSignatureValid(body, secret, header)).toBe(false);
    await expectRejected(verifier.verify(request(header)), "TIMESTAMP_OUT_OF_TOLERANCE");
    await verifier.verify(request(await signedHeader(NOW_MS - 5_000)));
  });

  it("deviates from the SDK: a far-future timestamp is rejected (the SDK accepts any future `ts`)", async () => {
    const header = await signedHeader(NOW_MS + 3_600_000);
    expect(await webhooks.isSignatureValid(body, secret, header)).toBe(true);
    await expectRejected(verifier.verify(request(header)), "TIMESTAMP_OUT_OF_TOLERANCE");
  });

  it("deviates from the SDK: a matching h1 before another h1 passes (docs: at least one h1; the SDK keeps only the last)", async () => {
    const header = await signedHeader();
    const rotated = `${header};h1=${"0".repeat(64)}`;
    expect(await webhooks.isSignatureValid(body, secret, rotated)).toBe(false);
    await verifier.verify(request(rotated));
  });

  it("signs with every secret while rotating, one h1 each; the SDK accepts the last", async () => {
    const header = await signedHeader(NOW_MS, ["pdl_ntfset_old", secret]);
    expect(header).toMatch(/^ts=\d+;h1=[0-9a-f]{64};h1=[0-9a-f]{64}$/);
    expect(await webhooks.isSignatureValid(body, secret, header)).toBe(true);
    await createPaddleVerifier({ secret: "pdl_ntfset_old" }).verify(request(header));
    await verifier.verify(request(header));
  });
});

describe("Paddle verifier: failures and options", () => {
  const verifier = createPaddleVerifier({ secret });

  it("says what is wrong with the header", async () => {
    await expectRejected(verifier.verify(makeRequest({ headers: {}, body })), "SIGNATURE_MISSING");
    await expectRejected(verifier.verify(request("ts=1767225600")), "SIGNATURE_MALFORMED");
    await expectRejected(verifier.verify(request(`h1=${"0".repeat(64)}`)), "TIMESTAMP_INVALID");
    await expectRejected(
      verifier.verify(request(`ts=+1767225600;h1=${"0".repeat(64)}`)),
      "TIMESTAMP_INVALID",
    );
  });

  it("lets `tolerance` widen the past window without touching the future one", async () => {
    const wide = createPaddleVerifier({ secret, tolerance: { pastSeconds: 60 } });
    await wide.verify(request(await signedHeader(NOW_MS - 30_000)));
    await expectRejected(
      wide.verify(request(await signedHeader(NOW_MS + 30_000))),
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
  });
});

describe("Paddle verifier: tampering", () => {
  itRejectsEveryBitFlip({
    verifier: createPaddleVerifier({ secret }),
    async sign(payload) {
      const headers = await createPaddleSigner({ secret }).sign({ body: payload, now: NOW_MS });
      return makeRequest({ headers, body: payload });
    },
    signature: { header: "paddle-signature", pattern: /h1=([0-9a-f]+)/, codec: "hex" },
    timestamp: { header: "paddle-signature", pattern: /ts=(\d+)/ },
  });
});
