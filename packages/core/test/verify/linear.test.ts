import { LinearWebhookClient } from "@linear/sdk/webhooks";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { utf8 } from "../../src/util/bytes.ts";
import { createLinearSigner, createLinearVerifier } from "../../src/verify/linear.ts";
import { expectRejected, itRejectsEveryBitFlip, makeRequest, NOW_MS } from "../helpers/tamper.ts";

const secret = "lin_wh_5f2d9c0e7a1b4c3d8e9f0a1b2c3d4e5f";
const client = new LinearWebhookClient(secret);

function linearBody(
  webhookTimestamp: unknown = NOW_MS,
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    action: "create",
    type: "Issue",
    data: { id: "iss_1" },
    webhookId: "wh_1",
    webhookTimestamp,
    ...extra,
  });
}

async function signed(
  body: string | Uint8Array,
  now = NOW_MS,
): Promise<ReturnType<typeof makeRequest>> {
  const bytes = typeof body === "string" ? utf8(body) : body;
  const headers = await createLinearSigner({ secret }).sign({ body: bytes, now });
  return makeRequest({ headers, body: bytes, now });
}

function sdkAccepts(body: string, signature: string): boolean {
  try {
    return client.verify(Buffer.from(body), signature);
  } catch {
    return false;
  }
}

describe("Linear verifier: interop with @linear/sdk", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW_MS);
  });
  afterEach(() => vi.useRealTimers());
  const verifier = createLinearVerifier({ secret });

  it("signs what LinearWebhookClient.verify accepts, and verifies it", async () => {
    const body = linearBody();
    const request = await signed(body);
    expect(sdkAccepts(body, request.headers.get("linear-signature") ?? "")).toBe(true);
    await verifier.verify(request);
  });

  it("rejects what the SDK rejects: a changed body, another secret", async () => {
    const signature = (await signed(linearBody())).headers.get("linear-signature") ?? "";
    const changed = linearBody(NOW_MS, { action: "remove" });
    expect(sdkAccepts(changed, signature)).toBe(false);
    await expectRejected(
      verifier.verify(makeRequest({ headers: { "linear-signature": signature }, body: changed })),
      "SIGNATURE_MISMATCH",
      [secret],
    );
    await expectRejected(
      createLinearVerifier({ secret: "other" }).verify(await signed(linearBody())),
      "SIGNATURE_MISMATCH",
    );
  });

  it("rejects a webhookTimestamp more than 60 s away in either direction, like the SDK", async () => {
    for (const offset of [-61_000, 61_000]) {
      const body = linearBody(NOW_MS + offset);
      const request = await signed(body);
      expect(sdkAccepts(body, request.headers.get("linear-signature") ?? "")).toBe(false);
      await expectRejected(verifier.verify(request), "TIMESTAMP_OUT_OF_TOLERANCE");
    }
    for (const offset of [-60_000, 60_000])
      await verifier.verify(await signed(linearBody(NOW_MS + offset)));
  });

  it("rejects a missing or non-numeric webhookTimestamp, like the SDK", async () => {
    const missing = JSON.stringify({ action: "create", type: "Issue", data: {} });
    for (const body of [missing, linearBody(String(NOW_MS)), linearBody(null), "not json"]) {
      const request = await signed(body);
      expect(sdkAccepts(body, request.headers.get("linear-signature") ?? "")).toBe(false);
      await expectRejected(verifier.verify(request), "TIMESTAMP_INVALID");
    }
  });

  it("ignores the unsigned linear-timestamp header, as the SDK does", async () => {
    const request = await signed(linearBody());
    const headers = new Headers(request.headers);
    headers.set("linear-timestamp", "1");
    await verifier.verify({ ...request, headers });
  });
});

describe("Linear verifier: options and failures", () => {
  it("accepts any configured secret while rotating", async () => {
    await createLinearVerifier({ secret: ["new", secret] }).verify(await signed(linearBody()));
  });

  it("reports a missing or malformed signature", async () => {
    const verifier = createLinearVerifier({ secret });
    await expectRejected(
      verifier.verify(makeRequest({ headers: {}, body: linearBody() })),
      "SIGNATURE_MISSING",
    );
    await expectRejected(
      verifier.verify(makeRequest({ headers: { "linear-signature": "xyz" }, body: linearBody() })),
      "SIGNATURE_MALFORMED",
    );
  });
});

describe("Linear verifier: tampering", () => {
  itRejectsEveryBitFlip({
    verifier: createLinearVerifier({ secret }),
    sign: (body) => signed(body),
    signature: { header: "linear-signature", pattern: /^(.*)$/, codec: "hex" },
    bodies: fc
      .jsonValue()
      .map((data) => utf8(JSON.stringify({ type: "Issue", data, webhookTimestamp: NOW_MS }))),
  });

  it("rejects any single-bit change of the signed webhookTimestamp", async () => {
    const verifier = createLinearVerifier({ secret });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 40 }), async (bit) => {
        const request = await signed(linearBody(NOW_MS));
        const tampered = { ...request, body: utf8(linearBody(NOW_MS ^ (2 ** bit))) };
        await expect(verifier.verify(tampered)).rejects.toMatchObject({ status: 401 });
      }),
      { numRuns: 41 },
    );
  });
});
